"""Self-contained HTML pages for a social investment fund and for an outcome
contract, in the style of the scenario report (:mod:`socinv.report.html`):
headline cards, embedded PNG plots, the tables and the rules or payment terms
in plain words. One file, no external resources.

All money is SEK in the fund's or contract's price year; present values at
its discount rate, end of year, to its first year.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from socinv import __version__
from socinv.contracts.evaluate import ContractResult
from socinv.contracts.models import (
    ConditionalBonus,
    Contract,
    DirectOutcome,
    EpisodeReductionOutcome,
    FixedShareOnDelivery,
    LinearOutcome,
    PayForSavings,
    SavingsOutcome,
    TargetPayment,
)
from socinv.contracts.summary import (
    contract_headline,
    contract_payments_summary,
    contract_summary_table,
)
from socinv.fund.ledger import FundLedger
from socinv.fund.models import (
    CentralFunding,
    FixedShareOnResults,
    MeasuredSavings,
    RiskSharing,
)
from socinv.fund.summary import fund_headline
from socinv.report import plots
from socinv.report.html import _CSS, _img, _swatch, _table, money, number, share

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

_EXTRA_CSS = """
ul.rules{margin:4px 0 14px;padding-left:22px}ul.rules li{margin:4px 0}
tr.neg td{background:#fde2e1}.muted{color:#777}
table.ledger{font-size:13px}table.ledger th{white-space:normal;vertical-align:bottom}
"""


def _sek(x: Any) -> str:
    return f"{money(x)} SEK"


def _pct(x: float) -> str:
    """``0.1414`` -> ``'14.1 %'`` (``'—'`` if missing; no ``'−0.0 %'``)."""
    if x is None or not math.isfinite(float(x)):
        return "—"
    return f"{round(100 * float(x), 1) + 0.0:.1f} %".replace("-", "−")


def _card(title: str, value: str, sub: str, colour: str, sign: float | None = None) -> str:
    cls = "" if sign is None else ("neg" if sign < 0 else "pos")
    return (
        f'<div class="card" style="border-color:{colour}">'
        f'<div class="card-title">{escape(title)}</div>'
        f'<div class="card-value {cls}">{value}</div>'
        f'<div class="card-sub">{sub}</div></div>'
    )


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)} — socinv</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_CSS}{_EXTRA_CSS}</style></head><body><main>{body}</main></body></html>\n"
    )


def source_files(source: str | Path | None, others: Sequence[str]) -> list[str]:
    """The definition file and the files it names (``others``, relative to
    its folder when ``source`` is given, as the loaders read them)."""
    if source is None:
        return list(others)
    folder = Path(source).parent
    return [str(source)] + [
        o if Path(o).is_absolute() else os.path.normpath(folder / o) for o in others
    ]


def _sources(source: str | Path | None, others: Sequence[str]) -> str:
    files = source_files(source, others)
    return ", ".join(f"<code>{escape(f)}</code>" for f in files) or "—"


# --- fund ------------------------------------------------------------------------------
def fund_figures(ledger: FundLedger) -> dict[str, Figure]:
    """The fund page's figures: ``hump``, ``balance`` and, when anything is
    repaid within the fund's years, ``repayments``."""
    figs: dict[str, Figure] = {
        "hump": plots.plot_fund_hump(ledger),
        "balance": plots.plot_fund_balance(ledger),
    }
    if not ledger.repayments.empty and float(ledger.repayments["amount_sek"].sum()) > 0:
        figs["repayments"] = plots.plot_repayments_by_agency(ledger)
    return figs


def _fund_cards(ledger: FundLedger) -> str:
    f = ledger.fund
    h = fund_headline(ledger)
    payer = f.payer.value
    c = plots.PALETTE[payer]
    low = h["lowest_position_sek"]
    low_text = (
        f"in {h['lowest_position_year']} · at the end ({f.end_year}) "
        f"{_sek(h['final_position_sek'])}, discounted {_sek(h['final_position_disc_sek'])}"
    )
    overdrawn = (
        f" · <strong>overdrawn in {', '.join(map(str, h['overdrawn_years']))}</strong>"
        if h["overdrawn_years"]
        else ""
    )
    cards = [
        _card(
            "Capital",
            _sek(h["initial_capital_sek"]),
            f"initial capital, plus {_sek(h['allocations_sek'])} of allocations",
            c,
        ),
        _card(
            "Project outlays",
            _sek(h["outlays_sek"]),
            f"{len(ledger.projects)} project(s) · closing balance "
            f"{_sek(h['closing_balance_sek'])} in {f.end_year}{overdrawn}",
            c,
        ),
        _card(
            "Repaid to the fund",
            _sek(h["repayments_sek"]),
            f"{share(h['repayments_sek'] / h['outlays_sek']) if h['outlays_sek'] else '—'} "
            "of the outlays, by the agencies where savings arise",
            plots.PALETTE["region"],
        ),
        _card(
            f"Lowest cumulative position, {plots.payer_label(payer)}",
            _sek(low) if low < 0 else "never out of pocket",
            low_text,
            c,
            sign=low,
        ),
        _card(
            "Gains outside the " + payer,
            share(h["outside_share"]),
            f"of the public sector's cumulative savings by {f.end_year} fall to the region "
            "and the state",
            plots.PALETTE["public"],
        ),
    ]
    return f'<div class="cards">{"".join(cards)}</div>'


def _fund_settings(ledger: FundLedger, source: str | Path | None) -> str:
    f = ledger.fund
    rows = [
        ["Owner (payer)", _swatch(f.payer.value)],
        ["Years", f"{f.start_year}–{f.end_year}"],
        ["Money", f"SEK in {f.price_year} prices (real terms), undiscounted unless stated"],
        [
            "Discount rate",
            f"{escape(plots.fund_label(f).rate)} a year, end of year, to {f.start_year} "
            "(the discounted hump only)",
        ],
        ["Initial capital", _sek(f.initial_capital_sek)],
        [
            "Allocations",
            ", ".join(f"{a.year}: {_sek(a.amount_sek)}" for a in f.allocations) or "none",
        ],
        [
            "Files",
            _sources(source, [f"{p.project.scenario}" for p in ledger.projects]),
        ],
    ]
    return _table(["Setting", "Value"], rows, cls="settings")


def _ledger_table(ledger: FundLedger) -> str:
    t = ledger.table()
    payer = ledger.fund.payer.value
    rows = [
        [
            str(r["year"]),
            money(r["opening_balance_sek"]),
            money(r["allocations_sek"]),
            money(r["outlays_sek"]),
            money(r["repayments_sek"]),
            f"<strong>{money(r['closing_balance_sek'])}</strong>",
            money(r["payer_net_sek"]),
            money(r["payer_cumulative_sek"]),
            money(r["payer_cumulative_disc_sek"]),
            share(r["outside_share_cumulative"]),
        ]
        for r in t.to_dict("records")
    ]
    return _table(
        [
            "Year",
            "Opening balance",
            "Allocations",
            "Outlays",
            "Repayments",
            "Closing balance",
            f"{payer} net",
            f"{payer} cumulative",
            "cumulative, discounted",
            "Gains outside (cum.)",
        ],
        rows,
        numeric=range(0, 10),
        cls="ledger",
        row_classes=["neg" if bool(o) else "" for o in t["overdrawn"]],
    )


def _projects_table(ledger: FundLedger) -> str:
    ps = ledger.project_summary()
    rows = [
        [
            f"<code>{escape(str(r['project']))}</code>",
            f"<code>{escape(str(r['scenario']))}</code>",
            f"{r['start_year']}–{r['end_year']}",
            money(r["outlay_sek"]),
            money(r["repaid_sek"]),
            money(r["not_repaid_sek"]),
            money(r["payer_savings_in_horizon_sek"]),
            money(r["payer_savings_after_horizon_sek"]),
        ]
        for r in ps.to_dict("records")
    ]
    return _table(
        [
            "Project",
            "Scenario",
            "Outlay years",
            "Outlay",
            "Repaid",
            "Not repaid",
            f"{ledger.fund.payer.value} savings, fund years",
            "after the fund's end",
        ],
        rows,
        numeric=range(3, 8),
    )


def _years(n: int) -> str:
    return f"{n} year{'s' if n != 1 else ''}"


def rule_text(ledger: FundLedger, project_index: int, rule_index: int) -> str:
    """One repayment rule of a project in plain words (plain text, no HTML)."""
    pf = ledger.projects[project_index]
    f = ledger.fund
    rule = pf.project.repayment[rule_index]
    end = pf.end_year
    outlay = float(pf.outlays.sum())
    payer = f.payer.value

    def agencies(names: tuple[str, ...] | None) -> str:
        if names:
            return ", ".join(names)
        return f"the {payer}'s agencies where the savings arise (not tax revenue)"

    if isinstance(rule, MeasuredSavings):
        cap = (
            "no cap"
            if rule.cap_share_of_outlay is None
            else f"at most {share(rule.cap_share_of_outlay)} of the outlay "
            f"({money(rule.cap_share_of_outlay * outlay)} SEK)"
        )
        inst = "; ".join(
            f"{share(i.share)} {_years(i.years_after_end)} after the end "
            f"({end + i.years_after_end})"
            for i in rule.installments
        )
        text = (
            f"Measured savings: {agencies(rule.agencies)} repay {share(rule.share)} of their "
            f"measured savings since the project started, {cap}, in installments: {inst}."
        )
        limits = []
        if rule.first_within_years is not None:
            limits.append(f"first repayment within {_years(rule.first_within_years)}")
        if rule.all_within_years is not None:
            limits.append(f"everything within {_years(rule.all_within_years)}")
        if limits:
            text += f" Guideline: {' and '.join(limits)} of the end."
    elif isinstance(rule, FixedShareOnResults):
        y = end + rule.years_after_end
        if rule.results_achieved is not None:
            cond = "results are taken as " + (
                "achieved" if rule.results_achieved else "not achieved"
            )
        else:
            cond = (
                f"if the measured savings of {agencies(rule.agencies)} reach "
                f"{share(rule.min_savings_share_of_outlay)} of the outlay "
                f"({money(rule.min_savings_share_of_outlay * outlay)} SEK) by then"
            )
        text = (
            f"Fixed share on results: {rule.agency} repays {share(rule.share)} of the outlay "
            f"({money(rule.share * outlay)} SEK) in {y}, {_years(rule.years_after_end)} after "
            f"the end, {cond}."
        )
    elif isinstance(rule, RiskSharing):
        y = end + rule.years_after_end
        text = (
            f"Risk sharing: of what the rules before it leave unpaid (up to "
            f"{share(rule.target_share_of_outlay)} of the outlay), {rule.agency} repays "
            f"{share(1 - rule.central_share)} in {y} and the fund carries "
            f"{share(rule.central_share)}."
        )
    else:
        assert isinstance(rule, CentralFunding)
        text = "Central funding: the central level funds the project without repayment (a grant)."
    if rule.note:
        text += f" Note: {rule.note}."
    return text


def _rules(ledger: FundLedger) -> str:
    reps = ledger.repayments
    out = []
    for i, pf in enumerate(ledger.projects):
        p = pf.project
        outlay = float(pf.outlays.sum())
        out.append(
            f"<h3>{escape(p.id)}: {money(outlay)} SEK, outlays {pf.start_year}–{pf.end_year}</h3>"
        )
        if p.note:
            out.append(f"<p>{escape(p.note)}</p>")
        if not p.repayment:
            out.append('<p class="note">No repayment rules: the fund carries the whole outlay.</p>')
            continue
        items = []
        for k, rule in enumerate(p.repayment):
            sel = reps[(reps["project"] == p.id) & (reps["rule"] == k)]
            paid = float(sel["amount_sek"].sum())
            when = ", ".join(
                f"{money(a)} SEK from {escape(str(ag))} in {y}"
                for ag, y, a in zip(sel["agency"], sel["year"], sel["amount_sek"], strict=True)
            )
            result = f"Repaid: {money(paid)} SEK" + (f" ({when})" if when else "")
            if (
                paid <= 0
                and isinstance(rule, MeasuredSavings)
                and rule.share > 0
                and rule.cap_share_of_outlay != 0
            ):
                result += " — no measured savings of those agencies by the installment dates"
            elif paid <= 0 and isinstance(rule, FixedShareOnResults) and rule.share > 0:
                result += " — the results were not achieved by then"
            items.append(
                f"<li>{escape(rule_text(ledger, i, k))}<br>"
                f'<span class="muted">{result}.</span></li>'
            )
        out.append(f'<ul class="rules">{"".join(items)}</ul>')
    out.append(
        '<p class="note">A project ends with its last outlay year. Measured savings are the '
        "scenario's expected gross savings per agency (status quo minus the intervention "
        "arm); a real fund follows them up after the fact.</p>"
    )
    return "".join(out)


def _agency_totals(ledger: FundLedger) -> str:
    a = ledger.agency_positions()
    g = a.groupby(["payer", "agency"], as_index=False)[
        ["savings_sek", "repayments_sek", "net_sek"]
    ].sum()
    g = g[(g[["savings_sek", "repayments_sek"]].abs() > 0.5).any(axis=1)]
    rows = [
        [
            _swatch(str(r["payer"])),
            escape(str(r["agency"])),
            money(r["savings_sek"]),
            money(r["repayments_sek"]),
            money(r["net_sek"]),
        ]
        for r in g.to_dict("records")
    ]
    return _table(
        ["Payer", "Agency", "Savings", "Repaid to the fund", "Keeps (net)"],
        rows,
        numeric=(2, 3, 4),
    )


def render_fund_html(ledger: FundLedger, source: str | Path | None = None) -> str:
    """The fund as one self-contained HTML page (``source``: the fund file, shown)."""
    f = ledger.fund
    alt = {
        "hump": "Line chart: cumulative cash position of the fund's payer, lowest point marked",
        "balance": "Bar and line chart: the fund's yearly flows and closing balance",
        "repayments": "Stacked bar chart: repayments to the fund by year and agency",
    }
    figs = {k: _img(fig, alt[k]) for k, fig in fund_figures(ledger).items()}
    reps = figs.get("repayments", '<p class="note">Nothing is repaid within the fund\'s years.</p>')
    title = f.title or f.name
    payer = f.payer.value
    body = f"""
<header>
<h1>{escape(title)}</h1>
<p class="lead">{escape(f.description)}</p>
<nav><a href="#headline">Headline</a><a href="#hump">Investment hump</a>
<a href="#balance">Fund balance</a><a href="#repayments">Repayments</a>
<a href="#ledger">Ledger</a><a href="#rules">Repayment rules</a></nav>
</header>
{_fund_settings(ledger, source)}
<section id="headline"><h2>Headline</h2>{_fund_cards(ledger)}</section>
<section id="hump"><h2>The investment hump</h2>
<p>The {escape(payer)}'s cash position year by year, all projects together: its savings
minus its intervention cost, summed. How deep and how long it is out of pocket before the
savings come back. Repayments are transfers inside the {escape(payer)} (committee to fund)
and do not change it.</p>{figs["hump"]}</section>
<section id="balance"><h2>Fund balance</h2>
<p>closing balance = opening balance + allocations − outlays + repayments.</p>
{figs["balance"]}</section>
<section id="repayments"><h2>Repayments by agency</h2>{reps}
<h3>Who keeps what</h3>
<p>Per agency over the fund's years: gross savings, what it repays to the fund and what it
keeps.</p>{_agency_totals(ledger)}</section>
<section id="ledger"><h2>Ledger</h2>{_ledger_table(ledger)}
<p class="note">SEK in {f.price_year} prices. "{escape(payer)} net" = its savings minus its
intervention cost; "cumulative" is the investment hump, discounted at
{escape(plots.fund_label(f).rate)} in the next column. "Gains outside" = cumulative
public-sector savings that fall outside the {escape(payer)} (region, state) as a share of all
public-sector savings. Red rows: the fund is overdrawn.</p>
<h3>Projects</h3>{_projects_table(ledger)}</section>
<section id="rules"><h2>Repayment rules</h2>{_rules(ledger)}</section>
<footer>Fund <code>{escape(f.name)}</code> · socinv {escape(__version__)} · SEK in
{f.price_year} prices · discount rate {escape(plots.fund_label(f).rate)} · the ledger is
deterministic (scenario base values)</footer>
"""
    return _page(title, body)


def write_fund_html(ledger: FundLedger, path: str | Path, source: str | Path | None = None) -> Path:
    """Write :func:`render_fund_html` to ``path`` (UTF-8) and return the path."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(render_fund_html(ledger, source), encoding="utf-8")
    return p


# --- contract ------------------------------------------------------------------------
def contract_figures(base: ContractResult, mc: ContractResult | None = None) -> dict[str, Figure]:
    """The contract page's figures: ``flows`` (base case, or the Monte Carlo
    means) and, with ``mc``, ``payments``, ``net`` and ``irr`` (left out if no
    draw has an IRR)."""
    figs: dict[str, Figure] = {"flows": plots.plot_contract_flows(mc if mc is not None else base)}
    if mc is not None:
        figs["payments"] = plots.plot_contract_payments(mc)
        figs["net"] = plots.plot_contract_net_position(mc)
        if np.isfinite(mc.irr).any():
            figs["irr"] = plots.plot_contract_irr(mc)
    return figs


def _outcome(c: Contract, oid: str) -> Any:
    return next(o for o in c.outcomes if o.id == oid)


def outcome_value_text(c: Contract, oid: str, value: float) -> str:
    """An outcome value with its unit: SEK for savings, percent for an episode
    reduction, the stated unit otherwise."""
    o = _outcome(c, oid)
    if isinstance(o, SavingsOutcome):
        return _sek(value)
    if isinstance(o, EpisodeReductionOutcome):
        return _pct(value)
    unit = getattr(o, "unit", "")
    return f"{value:.4g}" + (f" ({unit})" if unit else "")


def _threshold(c: Contract, oid: str, value: float) -> str:
    o = _outcome(c, oid)
    if isinstance(o, SavingsOutcome):
        return _sek(value)
    if isinstance(o, EpisodeReductionOutcome):
        return _pct(value)
    return f"{value:g}"


def _name(c: Contract, oid: str) -> str:
    o = _outcome(c, oid)
    return f"“{o.label or o.id}”"


def term_text(c: Contract, k: int) -> str:
    """Payment term ``k`` of the contract in plain words (plain text)."""
    t = c.terms[k]
    cap = c.investor.capital_sek
    if isinstance(t, FixedShareOnDelivery):
        text = (
            f"{share(t.share)} of the capital ({_sek(t.share * cap)}) if the intervention is "
            "carried out as contracted"
        )
        if t.delivery_probability < 1:
            text += f" (assumed probability of delivery: {share(t.delivery_probability)})"
    elif isinstance(t, PayForSavings):
        rate = "" if t.rate == 1 else f"{number(t.rate)} × "
        floor = f" above {_threshold(c, t.outcome, t.floor)}" if t.floor else ""
        text = f"{rate}the outcome {_name(c, t.outcome)}{floor}"
        text += f", at most {_sek(t.cap_sek)}" if t.cap_sek is not None else ", no cap"
    elif isinstance(t, ConditionalBonus):
        rate = "" if t.rate == 1 else f"{number(t.rate)} × "
        cond = t.condition
        test = (
            f"reaches at least {_threshold(c, cond.outcome, cond.at_least)}"
            if cond.at_least is not None
            else f"is above {_threshold(c, cond.outcome, float(cond.greater_than or 0))}"
        )
        text = (
            f"{rate}the outcome {_name(c, t.outcome)} beyond {_threshold(c, t.outcome, t.above)}, "
            f"at most {_sek(t.cap_sek)}, only if {_name(c, cond.outcome)} {test}"
        )
    else:
        assert isinstance(t, TargetPayment)
        what = _name(c, t.outcome) + (f" minus {_name(c, t.reference)}" if t.reference else "")
        if t.scaling == "all_or_nothing":
            text = (
                f"{_sek(t.amount_sek)} if {what} reaches {_threshold(c, t.outcome, t.target)} "
                "(all or nothing)"
            )
        else:
            text = (
                f"{_sek(t.amount_sek)} × ({what}) / {_threshold(c, t.outcome, t.target)}, "
                "between none and all of it"
            )
    return f"In {t.year}: {text}."


def outcome_text(c: Contract, oid: str) -> str:
    """How an outcome is measured, in plain words (plain text)."""
    o = _outcome(c, oid)
    if isinstance(o, SavingsOutcome):
        who = f"the {o.payer.value}" + (f" ({', '.join(o.agencies)} only)" if o.agencies else "")
        return (
            f"gross savings of {who} in {o.from_year}–{o.to_year}: status quo minus the "
            "intervention arm, undiscounted SEK, from the scenario"
        )
    if isinstance(o, EpisodeReductionOutcome):
        return (
            f"relative fall of the status-quo episode “{o.episode}” in {o.from_year}–{o.to_year}: "
            "1 − intervention / status quo, from the scenario"
        )
    if isinstance(o, DirectOutcome):
        text = f"modelled directly: {o.value:g}" + (f" {o.unit}" if o.unit else "")
        if o.distribution is not None:
            text += f"; under Monte Carlo {o.distribution.describe()}"
        return text
    assert isinstance(o, LinearOutcome)
    parts = [f"{coef:g} × {ref}" for ref, coef in o.terms.items()]
    if o.constant:
        parts.append(f"{o.constant:g}")
    return "a combination: " + " + ".join(parts)


def _savings_text(c: Contract) -> str:
    items = []
    for s in c.payer_savings:
        what = _name(c, s.outcome) + (f" minus {_name(c, s.reference)}" if s.reference else "")
        if s.sek_per_unit != 1:
            what += f", at {money(s.sek_per_unit)} SEK per unit"
        when = (
            f" spread evenly over {s.from_year}–{s.to_year}"
            if s.from_year is not None and s.to_year is not None
            else " with the scenario's yearly profile"
        )
        note = f' <span class="muted">— {escape(s.note)}</span>' if s.note else ""
        items.append(f"<li>{escape(what + when)}.{note}</li>")
    if not items:
        return '<p class="note">The contract states no savings for the payer.</p>'
    return f'<ul class="rules">{"".join(items)}</ul>'


def _contract_cards(base: ContractResult, mc: ContractResult | None) -> str:
    c = base.contract
    h = contract_headline(base, mc)
    payer = c.payer.value
    col = plots.PALETTE[payer]
    sub_pay = f"{number(h['base_multiple'])} × the capital of {_sek(c.investor.capital_sek)}"
    sub_irr = f"{escape(c.investor.label)}, base case"
    sub_net = (
        f"PV of its savings {_sek(h['base_payer_savings_pv_sek'])} minus PV of payments "
        f"{_sek(h['base_payments_pv_sek'])}"
    )
    if mc is not None:
        sub_pay += (
            f"<br>Monte Carlo: mean {_sek(h['mc_payment_mean_sek'])} "
            f"(5–95 %: {money(h['mc_payment_p5_sek'])} – {money(h['mc_payment_p95_sek'])})"
        )
        sub_irr += (
            f"<br>Monte Carlo: median {_pct(h['mc_irr_median'])}; "
            f"<strong>P(loss) = {share(h['prob_investor_loss'])}</strong>"
        )
        if h["mc_irr_undefined"]:
            sub_irr += f"; no IRR in {number(h['mc_irr_undefined'])} draws"
        sub_net += (
            f"<br>Monte Carlo: mean {_sek(h['mc_payer_net_pv_mean_sek'])}; "
            f"<strong>P(net PV &lt; 0) = {share(h['prob_payer_net_negative'])}</strong>"
        )
    irr = h["base_irr"]
    if not math.isfinite(irr):
        sub_irr = sub_irr.replace("base case", "base case: its net flows never turn positive", 1)
    cards = [
        _card(
            "Payments by the " + payer + " (base case)", _sek(h["base_payment_sek"]), sub_pay, col
        ),
        _card(
            "Investor's IRR",
            "no IRR" if not math.isfinite(irr) else _pct(irr),
            sub_irr,
            plots.PALETTE["other"],
            sign=irr if math.isfinite(irr) else None,
        ),
        _card(
            f"Net position, {plots.payer_label(payer)}",
            _sek(h["base_payer_net_pv_sek"]),
            sub_net,
            col,
            sign=h["base_payer_net_pv_sek"],
        ),
    ]
    return f'<div class="cards">{"".join(cards)}</div>'


def _contract_settings(c: Contract, source: str | Path | None, mc: ContractResult | None) -> str:
    inv = c.investor
    disb = (
        ", ".join(f"{d.year}: {_sek(d.amount_sek)}" for d in inv.disbursements)
        if inv.disbursements
        else f"all in {c.start_year}"
    )
    rows = [
        ["Payer", _swatch(c.payer.value)],
        ["Investor", f"{escape(inv.label)}: {_sek(inv.capital_sek)} ({disb})"],
        ["Years", f"{c.start_year}–{c.end_year}"],
        ["Money", f"SEK in {c.price_year} prices (real terms)"],
        [
            "Discount rate",
            f"{escape(plots.contract_label(c).rate)} a year, end of year, to {c.start_year} "
            "(the payer's net position)",
        ],
        [
            "Monte Carlo",
            f"{number(mc.n)} draws, seed {mc.seed}"
            if mc is not None
            else "not run (base case only)",
        ],
        ["Files", _sources(source, [c.scenario] if c.scenario else [])],
    ]
    if c.total_cap_sek is not None:
        rows.insert(3, ["Cap on all payments", _sek(c.total_cap_sek)])
    return _table(["Setting", "Value"], rows, cls="settings")


def _terms_table(base: ContractResult, mc: ContractResult | None) -> str:
    c = base.contract
    pt = mc.payments_table() if mc is not None else None
    rows = []
    for k, t in enumerate(c.terms):
        row = [
            str(k),
            escape(t.label or t.type),
            escape(term_text(c, k)),
            money(base.term_payments[0, k]),
        ]
        if pt is not None:
            r = pt.iloc[k]
            row += [money(r["mean_sek"]), share(r["prob_pays"]), share(r["prob_at_cap"])]
        rows.append(row)
    headers = ["#", "Term", "In plain words", "Base case (SEK)"]
    if pt is not None:
        headers += ["Mean (SEK)", "P(pays)", "P(at its cap)"]
    note = (
        f'<p class="note">All payments together are capped at {_sek(c.total_cap_sek)}; later '
        "terms are cut first.</p>"
        if c.total_cap_sek is not None
        else ""
    )
    return _table(headers, rows, numeric=range(3, len(headers))) + note


def _outcomes_table(base: ContractResult) -> str:
    c = base.contract
    rows = [
        [
            f"<code>{escape(o.id)}</code>",
            escape(o.label or o.id),
            escape(outcome_text(c, o.id)),
            escape(outcome_value_text(c, o.id, float(base.outcomes[o.id][0]))),
        ]
        for o in c.outcomes
    ]
    return _table(["Outcome", "Label", "How it is measured", "Base case"], rows, numeric=(3,))


#: Labels of the contract summary's quantities.
_QUANTITY_LABELS = {
    "total_payment_sek": "Total payment (SEK)",
    "payment_multiple": "Payment as a multiple of the capital",
    "investor_irr": "Investor's IRR",
    "payer_savings_sek": "Payer's savings (SEK, undiscounted)",
    "payer_savings_pv_sek": "Payer's savings, present value (SEK)",
    "payments_pv_sek": "Payments, present value (SEK)",
    "payer_net_pv_sek": "Payer's net position, present value (SEK)",
}


def quantity_format(c: Contract, quantity: str) -> str:
    """How a summary quantity is shown: ``'sek'``, ``'percent'``, ``'ratio'``
    or ``'number'`` (used by the page and the workbook)."""
    if quantity.endswith("_sek"):
        return "sek"
    if quantity == "investor_irr" or quantity.startswith("prob_"):
        return "percent"
    if quantity == "payment_multiple":
        return "ratio"
    if quantity.startswith("outcome."):
        o = _outcome(c, quantity.removeprefix("outcome."))
        if isinstance(o, SavingsOutcome):
            return "sek"
        if isinstance(o, EpisodeReductionOutcome):
            return "percent"
    return "number"


def _fmt(kind: str, v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if kind == "sek":
        return money(v)
    if kind == "percent":
        return _pct(float(v))
    if kind == "ratio":
        return number(v)
    return f"{float(v):.4g}"


def _summary_table(mc: ContractResult) -> str:
    c = mc.contract
    s = contract_summary_table(mc)
    rows = []
    for r in s.to_dict("records"):
        q = str(r["quantity"])
        kind = quantity_format(c, q)
        if q.startswith("prob_"):
            continue
        label = _QUANTITY_LABELS.get(q) or (
            escape(_outcome(c, q.removeprefix("outcome.")).label or q)
            if q.startswith("outcome.")
            else escape(q)
        )
        undefined = int(r["undefined_draws"]) if not pd.isna(r["undefined_draws"]) else 0
        rows.append(
            [
                f"{label}<br><small><code>{escape(q)}</code></small>",
                _fmt(kind, r["mean"]),
                _fmt(kind, r["p5"]),
                _fmt(kind, r["p50"]),
                _fmt(kind, r["p95"]),
                str(undefined) if undefined else "",
            ]
        )
    p = mc.probabilities()
    prob_rows = [
        ["P(investor gets back less than it put in)", share(p["prob_investor_loss"])],
        [f"P({c.payer.value}'s net PV &lt; 0)", share(p["prob_payer_net_negative"])],
    ]
    return _table(
        [
            "Quantity",
            "Mean",
            "5th percentile",
            "Median",
            "95th percentile",
            "Draws without a value",
        ],
        rows,
        numeric=range(1, 6),
    ) + _table(["Probability", "Value"], prob_rows, numeric=(1,))


def _payments_summary_table(mc: ContractResult) -> str:
    df = contract_payments_summary(mc)
    rows = []
    for r in df.to_dict("records"):
        total = r["type"] == "total"
        rows.append(
            [
                "" if total else str(r["term"]),
                escape(str(r["label"] or r["type"])),
                "" if total else str(int(r["year"])),
                money(r["mean_sek"]),
                money(r["p5_sek"]),
                money(r["p50_sek"]),
                money(r["p95_sek"]),
                money(r["max_sek"]),
                share(r["prob_pays"]),
                share(r["prob_at_cap"]),
            ]
        )
    return _table(
        [
            "#",
            "Term",
            "Year",
            "Mean",
            "5th pct",
            "Median",
            "95th pct",
            "Most",
            "P(pays)",
            "P(at cap)",
        ],
        rows,
        numeric=range(2, 10),
        row_classes=["total" if r["type"] == "total" else "" for r in df.to_dict("records")],
    )


def render_contract_html(
    base: ContractResult, mc: ContractResult | None = None, source: str | Path | None = None
) -> str:
    """The contract as one self-contained HTML page: ``base`` is the base case
    (one draw), ``mc`` the Monte Carlo result if run; ``source`` the contract
    file (shown)."""
    c = base.contract
    if base.n != 1:
        raise ValueError(f"base must be the one-draw base case, got {base.n} draws")
    alt = {
        "flows": "Bar chart: the investor's capital in and the payments back by year",
        "payments": "Histogram: Monte Carlo distribution of the total payment",
        "net": "Histogram: Monte Carlo distribution of the payer's net present value",
        "irr": "Histogram: Monte Carlo distribution of the investor's IRR",
    }
    figs = {k: _img(fig, alt[k]) for k, fig in contract_figures(base, mc).items()}
    title = c.title or c.name
    payer = c.payer.value
    if mc is not None:
        irr = figs.get(
            "irr", '<p class="note">No draw has an IRR (the net flows never turn positive).</p>'
        )
        risk = f"""
<p>All uncertain inputs are drawn together ({number(mc.n)} draws, seed {mc.seed}); each draw
gives one set of outcomes, payments and positions.</p>
<h3>What the {escape(payer)} pays</h3>{figs["payments"]}
<h3>The {escape(payer)}'s net position</h3>
<p>Present value of its savings minus present value of its payments. Left of zero the
contract costs the {escape(payer)} more than it saves.</p>{figs["net"]}
<h3>The investor's return</h3>{irr}
<p class="note">IRR −100 % = nothing paid back; draws without an IRR (the net flows never
turn positive) are counted, not guessed. The probability of loss covers every draw.</p>
<h3>Payments by term</h3>{_payments_summary_table(mc)}
<h3>Summary</h3>{_summary_table(mc)}"""
    else:
        risk = (
            '<p class="note">Base case only (--base-only): run without it for the '
            "distribution of payments, the investor's IRR and the probability of loss.</p>"
        )
    body = f"""
<header>
<h1>{escape(title)}</h1>
<p class="lead">{escape(c.description)}</p>
<nav><a href="#headline">Headline</a><a href="#terms">Payment terms</a>
<a href="#flows">Money flows</a><a href="#risk">Uncertainty</a></nav>
</header>
{_contract_settings(c, source, mc)}
<section id="headline"><h2>Headline</h2>{_contract_cards(base, mc)}
<p class="note">Base case: scenario parameters at their base values, outcomes at their
stated values, the intervention delivered as contracted.</p></section>
<section id="terms"><h2>Payment terms</h2>{_terms_table(base, mc)}
<h3>Outcomes</h3>{_outcomes_table(base)}
<h3>The {escape(payer)}'s savings (for its net position)</h3>{_savings_text(c)}</section>
<section id="flows"><h2>Money flows</h2>{figs["flows"]}</section>
<section id="risk"><h2>Uncertainty</h2>{risk}</section>
<footer>Contract <code>{escape(c.name)}</code> · socinv {escape(__version__)} · SEK in
{c.price_year} prices · discount rate {escape(plots.contract_label(c).rate)}</footer>
"""
    return _page(title, body)


def write_contract_html(
    base: ContractResult,
    mc: ContractResult | None,
    path: str | Path,
    source: str | Path | None = None,
) -> Path:
    """Write :func:`render_contract_html` to ``path`` (UTF-8) and return the path."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(render_contract_html(base, mc, source), encoding="utf-8")
    return p
