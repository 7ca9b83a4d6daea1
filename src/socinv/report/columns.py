"""Column headers in words, with units, for the workbook and CSV readers:
``cost_status_quo_disc`` -> ``'Cost, status quo, present value (SEK)'`` or, in
Swedish, ``'Kostnad, nuläge, nuvärde (kr)'``.

Example:
    >>> column_label("npv", "sv")
    'Nettonuvärde (kr)'
    >>> column_label("year", "en")
    'Year'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

import pandas as pd

from socinv.i18n import payer_word, translator


def _labels(_: Callable[[str], str]) -> dict[str, str]:
    return {
        # per perspective
        "perspective": _("Perspective"),
        "payer": _("Payer"),
        "cost_status_quo": _("Cost, status quo (SEK)"),
        "cost_status_quo_disc": _("Cost, status quo, present value (SEK)"),
        "cost_intervention": _("Cost, intervention arm (SEK)"),
        "cost_intervention_disc": _("Cost, intervention arm, present value (SEK)"),
        "intervention_cost": _("Investment (SEK)"),
        "intervention_cost_disc": _("Investment, present value (SEK)"),
        "savings": _("Savings (SEK)"),
        "savings_disc": _("Savings, present value (SEK)"),
        "npv": _("Net present value (SEK)"),
        "npv_undiscounted": _("Net, undiscounted (SEK)"),
        "roi": _("ROI"),
        "bcr": _("BCR"),
        "break_even_t": _("Break-even, years from start"),
        "break_even_year": _("Break-even year"),
        "break_even_age": _("Break-even age"),
        "price_year": _("Price year"),
        "invests_disc": _("Invests, present value (SEK)"),
        "saves_disc": _("Saves, present value (SEK)"),
        "net_disc": _("Net, present value (SEK)"),
        "role": _("Role"),
        # yearly and streams
        "t": _("Year number"),
        "year": _("Year"),
        "age": _("Age"),
        "status_quo": _("Cost, status quo (SEK)"),
        "intervention_episodes": _("Cost, intervention arm (SEK)"),
        "net_savings": _("Net savings (SEK)"),
        "discount_factor": _("Discount factor"),
        "net_savings_disc": _("Net savings, present value (SEK)"),
        "cumulative_net_disc": _("Cumulative net savings, present value (SEK)"),
        "scenario": _("Scenario"),
        "arm": _("Arm"),
        "component": _("Component"),
        "episode": _("Episode"),
        "kind": _("Kind"),
        "item": _("Item"),
        "name_sv": _("Name (Swedish)"),
        "name_en": _("Name (English)"),
        "sector": _("Sector"),
        "agency": _("Agency"),
        "cost_sek": _("Cost (SEK)"),
        "cost_disc_sek": _("Cost, present value (SEK)"),
        # unit costs
        "id": _("Id"),
        "catalogue_value_sek": _("Catalogue value (SEK)"),
        "value_sek": _("Value (SEK per unit)"),
        "unit": _("Unit"),
        "source": _("Source"),
        "url": _("Link"),
        "evidence": _("Evidence"),
        "low_sek": _("Low (SEK)"),
        "high_sek": _("High (SEK)"),
        "original_value_sek": _("Published value (SEK)"),
        "original_price_year": _("Published price year"),
        "note": _("Note"),
        "origin": _("Origin"),
        # parameters and sensitivity
        "name": _("Name"),
        "base": _("Base value"),
        "lower": _("Lower bound"),
        "upper": _("Upper bound"),
        "description": _("Description"),
        "parameter": _("Parameter"),
        "low": _("Low value"),
        "high": _("High value"),
        "base_value": _("Base value"),
        "npv_low": _("NPV at low value (SEK)"),
        "npv_high": _("NPV at high value (SEK)"),
        "npv_base": _("NPV at base values (SEK)"),
        "swing": _("Swing (SEK)"),
        "range_rule": _("Range from"),
        "mean": _("Mean NPV (SEK)"),
        "sd": _("Standard deviation (SEK)"),
        "mcse": _("Monte Carlo standard error (SEK)"),
        "median": _("Median NPV (SEK)"),
        "p2_5": _("2.5th percentile (SEK)"),
        "p97_5": _("97.5th percentile (SEK)"),
        "prob_positive": _("P(NPV > 0)"),
        "prob_break_even": _("P(break-even)"),
        "break_even_median_year": _("Median break-even year"),
        "draw": _("Draw"),
        "npv_mean": _("Mean NPV (SEK)"),
        "npv_std": _("Standard deviation (SEK)"),
        "npv_p5": _("5th percentile (SEK)"),
        "npv_p50": _("Median NPV (SEK)"),
        "npv_p95": _("95th percentile (SEK)"),
        "p_npv_positive": _("P(NPV > 0)"),
        "draws": _("Draws"),
        "municipality": _("municipality"),
        "region": _("region"),
        "state": _("state"),
        "individual": _("individual"),
        "other": _("other"),
        "public": _("public sector"),
        "society": _("society"),
        "field": _("Field"),
        "value": _("Value"),
        # funds
        "opening_balance_sek": _("Opening balance (SEK)"),
        "allocations_sek": _("Allocations (SEK)"),
        "outlays_sek": _("Outlays (SEK)"),
        "repayments_sek": _("Repayments (SEK)"),
        "closing_balance_sek": _("Closing balance (SEK)"),
        "overdrawn": _("Overdrawn"),
        "payer_savings_sek": _("Payer's savings (SEK)"),
        "payer_investment_sek": _("Payer's investment (SEK)"),
        "payer_net_sek": _("Payer's net (SEK)"),
        "payer_cumulative_sek": _("Payer's cumulative net (SEK)"),
        "payer_cumulative_disc_sek": _("Payer's cumulative net, present value (SEK)"),
        "public_savings_sek": _("Public-sector savings (SEK)"),
        "outside_payer_savings_sek": _("Savings outside the payer (SEK)"),
        "outside_share": _("Share outside the payer"),
        "outside_share_cumulative": _("Share outside the payer, cumulative"),
        "project": _("Project"),
        "rule": _("Rule"),
        "rule_type": _("Rule type"),
        "amount_sek": _("Amount (SEK)"),
        "savings_sek": _("Savings (SEK)"),
        "net_sek": _("Net (SEK)"),
        "net_cumulative_sek": _("Net, cumulative (SEK)"),
        "start_year": _("First year"),
        "end_year": _("Last year"),
        "outlay_sek": _("Outlay (SEK)"),
        "repaid_sek": _("Repaid (SEK)"),
        "not_repaid_sek": _("Not repaid (SEK)"),
        "payer_savings_in_horizon_sek": _("Payer's savings in the fund's years (SEK)"),
        "payer_savings_after_horizon_sek": _("Payer's savings after the fund's end (SEK)"),
        "rules": _("Rules"),
        # contracts
        "term": _("Term"),
        "type": _("Type"),
        "label": _("Label"),
        "mean_sek": _("Mean (SEK)"),
        "p5_sek": _("5th percentile (SEK)"),
        "p50_sek": _("Median (SEK)"),
        "p95_sek": _("95th percentile (SEK)"),
        "max_sek": _("Most (SEK)"),
        "prob_pays": _("P(pays)"),
        "prob_at_cap": _("P(at cap)"),
        "quantity": _("Quantity"),
        "p5": _("5th percentile"),
        "p50": _("Median"),
        "p95": _("95th percentile"),
        "undefined_draws": _("Draws without a value"),
        "disbursements_sek": _("Capital put in (SEK)"),
        "payments_mean_sek": _("Payments, mean (SEK)"),
        "investor_net_mean_sek": _("Investor's net, mean (SEK)"),
        "total_payment_sek": _("Total payment (SEK)"),
        "investor_irr": _("Investor's IRR"),
        "investor_loss": _("Investor loss"),
        "payer_net_pv_sek": _("Payer's net position, present value (SEK)"),
        # one-way bars
        "members": _("Parameters moved"),
        # follow-up (observed outcomes against the forecast)
        "group": _("Group"),
        "forecast_sek": _("Forecast cost (SEK)"),
        "observed_sek": _("Observed cost (SEK)"),
        "variance_sek": _("Variance (SEK)"),
        "forecast_savings_sek": _("Forecast savings (SEK)"),
        "realised_savings_sek": _("Realised savings (SEK)"),
        "difference_sek": _("Realised minus forecast savings (SEK)"),
        "intervention_cost_sek": _("Intervention cost (SEK)"),
        "baseline": _("Savings measured against"),
        "forecast_persons": _("Forecast persons"),
        "observed_persons": _("Observed persons"),
        "forecast_cost_per_person_sek": _("Forecast cost per person (SEK)"),
        "observed_cost_per_person_sek": _("Observed cost per person (SEK)"),
        "volume_sek": _("Volume variance (SEK)"),
        "unit_cost_sek": _("Unit-cost variance (SEK)"),
        "method": _("Method"),
        "prior": _("Prior"),
        "prior_form": _("Prior form"),
        "prior_mean": _("Prior mean"),
        "prior_sd": _("Prior standard deviation"),
        "observed": _("Observed"),
        "exposure": _("Exposure"),
        "posterior_mean": _("Posterior mean"),
        "posterior_sd": _("Posterior standard deviation"),
        "posterior_a": _("Posterior a"),
        "posterior_b": _("Posterior b"),
        "realised_to_date_sek": _("Realised savings to date (SEK)"),
        "forecast_to_date_sek": _("Forecast savings to date (SEK)"),
        "realised_to_date_disc_sek": _("Realised savings to date, present value (SEK)"),
        "remaining_forecast_sek": _("Remaining savings, forecast (SEK)"),
        "remaining_reestimated_sek": _("Remaining savings, re-estimated (SEK)"),
        "remaining_forecast_disc_sek": _("Remaining savings, forecast, present value (SEK)"),
        "remaining_reestimated_disc_sek": _("Remaining savings, re-estimated, present value (SEK)"),
        "last_observed_year": _("Last observed year"),
        # fund risk (Monte Carlo)
        "prob_recovered": _("P(fund has recovered its outlays)"),
        "band_low": _("Monte Carlo band, low"),
        "band_high": _("Monte Carlo band, high"),
        "share_of_draws": _("Share of draws"),
        "installment": _("Installment"),
        "due_year": _("Due year"),
        "target_sek": _("Target, mean over draws (SEK)"),
        "prob_on_time": _("P(repaid on time)"),
        "p2_5_sek": _("2.5th percentile (SEK)"),
        "p97_5_sek": _("97.5th percentile (SEK)"),
        "prob_repays": _("P(repays anything)"),
        "statistic": _("Statistic"),
        "hump_depth_sek": _("Lowest cumulative net position, undiscounted (SEK)"),
    }


@lru_cache(maxsize=4)
def _table(lang: str) -> dict[str, str]:
    return _labels(translator(lang))


def column_label(name: str, lang: str = "en") -> str:
    """The header in words (with its unit) of a column name; unknown names
    are returned as given."""
    return _table(lang).get(name, name)


def column_labels(names: Iterable[str], lang: str = "en") -> list[str]:
    """:func:`column_label` of each name."""
    return [column_label(str(n), lang) for n in names]


def cells_in_words(
    df: pd.DataFrame, lang: str, words: Mapping[str, Callable[[str, str], str]]
) -> pd.DataFrame:
    """``df`` with its payer names (columns ``perspective``, ``payer``) and
    the columns named in ``words`` (column -> ``f(value, lang)``) in words of
    ``lang``; English returns ``df`` itself.

    Example:
        >>> df = pd.DataFrame({"payer": ["state"], "n": [1]})
        >>> cells_in_words(df, "sv", {})["payer"].tolist()
        ['stat']
    """
    if lang == "en":
        return df
    out = df.copy()
    every: dict[str, Callable[[str, str], str]] = dict.fromkeys(
        ("perspective", "payer"), payer_word
    )
    for c, word in (every | dict(words)).items():
        if c in out.columns:
            out[c] = [word(str(v), lang) for v in out[c]]
    return out
