"""Every text the web page and the API show, by message id. The English
texts are msgids of socinv's gettext catalogue (:mod:`socinv.i18n`), which
holds the Swedish; :func:`text` looks an id up and translates it.

Example:
    >>> text("run", "sv")
    'Räkna'
    >>> text("run", "en")
    'Run'
"""

from __future__ import annotations

from typing import Final

from socinv.i18n import N_, translator

#: the languages the page speaks; the first is the page's default
LANGS: Final = ("sv", "en")


#: Message id -> English text (the source language of the gettext catalogue;
#: the Swedish is in ``socinv/i18n/sv/LC_MESSAGES/socinv.po``).
_SOURCE: Final[dict[str, str]] = {
    "app_title": N_("socinv – socioeconomic appraisal"),
    "lead": N_(
        "Compare an early intervention with the status quo, per payer: municipality, "
        "region, state and individual. Money in SEK in the scenario's price year, "
        "present values discounted to the start year."
    ),
    "step_pick": N_("1. Pick or upload a scenario"),
    "shipped": N_("Scenario shipped with socinv"),
    "upload": N_("or upload a file"),
    "upload_types": N_("YAML or JSON"),
    "upload_types_xlsx": N_("YAML, JSON or the Excel template"),
    "load": N_("Open"),
    "step_edit": N_("2. Edit the main inputs"),
    "settings": N_("Settings"),
    "price_year": N_("Price year"),
    "rate": N_("Discount rate (%)"),
    "cohort_size": N_("Number of people"),
    "episodes": N_("Status quo: services and outcomes a year"),
    "episode": N_("Item"),
    "item": N_("Unit cost (catalogue)"),
    "quantity": N_("Quantity a year"),
    "probability": N_("Probability"),
    "from_age": N_("From age"),
    "to_age": N_("To age"),
    "effects": N_("Effects of the intervention"),
    "effect": N_("Effect"),
    "on_episode": N_("On item"),
    "relative_risk": N_("Relative risk"),
    "costs": N_("Costs of the intervention"),
    "cost": N_("Cost"),
    "amount_sek": N_("SEK a year"),
    "cost_price_year": N_("Price year of the amount"),
    "catalogue_search": N_("Search the unit-cost catalogue"),
    "catalogue_hint": N_("Type a word, e.g. “HVB” or “prison”."),
    "value_sek": N_("SEK"),
    "unit": N_("Unit"),
    "no_hits": N_("No matches."),
    "mc": N_("Uncertainty (Monte Carlo)"),
    "draws": N_("Number of draws (0 = none)"),
    "seed": N_("Seed"),
    "run": N_("Run"),
    "step_results": N_("3. Results"),
    "headline": N_("Net present value"),
    "break_even": N_("Break-even year"),
    "never": N_("not within the horizon"),
    "never behind": N_("never behind"),
    "—": N_("—"),
    "break_even_at": N_("{year} (age {age})"),
    "who_invests": N_("Who invests, who gains"),
    "payer": N_("Payer"),
    "invests": N_("Invests"),
    "saves": N_("Saves"),
    "net": N_("Net"),
    "role": N_("Role"),
    "hump": N_("The investment hump"),
    "no_hump": N_("No payer invests, so there is no hump."),
    "mc_chart": N_("Monte Carlo: net present value for society"),
    "no_mc": N_("No Monte Carlo run (number of draws 0)."),
    "mc_chance": N_("Chance that the NPV is positive"),
    "download": N_("Download"),
    "download_report": N_("Report (HTML)"),
    "download_workbook": N_("Workbook (Excel)"),
    "money_note": N_("SEK in {price_year} prices, present values at a {rate} discount rate."),
    "error": N_("Bad input"),
    "no_scenario": N_("Pick a scenario or upload a file."),
    "bad_number": N_("{field}: “{value}” is not a number"),
    "bad_suffix": N_("{name}: the file must end in {suffixes}"),
    "too_large": N_("the request is larger than {limit} bytes; send a smaller file"),
    "too_slow": N_("the computation took longer than {seconds} s; use fewer draws"),
    "too_many_draws": N_("draws: at most {cap} draws per request, got {draws}"),
    "exclusion_heading": N_("Cost of exclusion"),
    "exclusion_note": N_(
        "The scenario has no intervention: this is what the status quo costs each payer over "
        "the horizon, for the whole cohort. Nothing is invested, so there is no net present "
        "value, return or break-even year."
    ),
    "cost_undiscounted": N_("Cost, undiscounted"),
    "cost_pv": N_("Cost, present value"),
    "by_kind": N_("By payer and kind of cost (resource use, transfers, lost production)"),
    "cost_kind": N_("Kind of cost"),
    "mc_exclusion": N_("Monte Carlo: the cost of exclusion for society (present value)"),
    "mc_interval": N_("mean {mean}; 95 % of the draws between {low} and {high}"),
    "ranking": N_("Interventions ranked by net present value for society"),
    "rank": N_("Rank"),
    "alternative": N_("Intervention"),
    "roi": N_("ROI"),
    "side_by_side": N_("Net present value per perspective, interventions side by side"),
    "mc_alternatives": N_("Monte Carlo: net present value for society per intervention"),
    "mean_npv": N_("Mean NPV"),
    "mc_prob_best": N_("P(best)"),
    "mc_prob_best_note": N_(
        "P(best): the share of draws in which the intervention has the highest NPV "
        "of all options, doing nothing (NPV 0) included."
    ),
    "mc_status_quo_best": N_("P(no intervention is best)"),
    "mc_evpi": N_("EVPI (SEK)"),
    "mc_evpi_note": N_(
        "EVPI (expected value of perfect information, SEK): how much better the "
        "choice would be on average if every uncertain input were known before "
        "choosing; zero when the same option is best in every draw."
    ),
    "mc_common": N_(
        "Monte Carlo: {n} draws, seed {seed}. In each draw every intervention sees "
        "the same values of the inputs it shares with the status quo (unit costs, "
        "risks, the discount rate), so the interventions are compared on equal "
        "terms."
    ),
    "alt_inputs": N_("Intervention {id}: effects and costs"),
    "lang_name": N_("English"),
    "society": N_("Society"),
    "public": N_("Public sector"),
    "municipality": N_("Municipality"),
    "region": N_("Region"),
    "state": N_("State"),
    "individual": N_("Individual"),
    "other": N_("Others"),
    "not affected": N_("not affected"),
    "invests and gains": N_("invests and gains"),
    "invests, net loser": N_("invests, net loser"),
    "gains": N_("gains"),
    "loses": N_("loses"),
}


def check_lang(lang: str) -> str:
    """``lang`` if the page speaks it; :class:`ValueError` naming the choices otherwise."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang


def text(msgid: str, lang: str, **values: object) -> str:
    """The message ``msgid`` in ``lang`` (``sv`` or ``en``), with ``{name}``
    fields filled from ``values``; an unknown id is translated as it stands."""
    template = translator(check_lang(lang))(_SOURCE.get(msgid, msgid))
    return template.format(**values) if values else template


def message_ids() -> tuple[str, ...]:
    """Every message id (for tests: each has a Swedish and an English text)."""
    return tuple(_SOURCE)
