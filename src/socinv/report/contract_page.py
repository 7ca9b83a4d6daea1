"""The contract page: one self-contained HTML page of an outcome contract —
headline cards, the payment terms and outcomes in plain words, the money
flows and, with a Monte Carlo run, the distribution of payments, the payer's
net position and the investor's IRR — in English or Swedish (template
``contract.html``).

All money is SEK in the contract's price year; present values at its
discount rate, end of year, to its first year.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from socinv.contracts.evaluate import ContractResult
from socinv.contracts.models import Contract
from socinv.contracts.summary import (
    contract_headline,
    contract_payments_summary,
    contract_summary_table,
)
from socinv.formatting import check_lang
from socinv.i18n import use_lang
from socinv.report import plots
from socinv.report.blocks import (
    Card,
    Markup,
    Page,
    code,
    figure_img,
    item_cell,
    render_page,
    source_files,
    write_page,
)
from socinv.report.contract_text import (
    outcome_of,
    outcome_text,
    outcome_value_text,
    quantity_format,
    savings_items,
    term_text,
)
from socinv.report.uncertainty_html import parameters_context, reworded, warning_texts

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "contract_figures",
    "contract_headline",
    "outcome_text",
    "outcome_value_text",
    "quantity_format",
    "render_contract_html",
    "term_text",
    "write_contract_html",
]


def contract_figures(
    base: ContractResult, mc: ContractResult | None = None, *, lang: str = "en"
) -> dict[str, Figure]:
    """The contract page's figures: ``flows`` (base case, or the Monte Carlo
    means) and, with ``mc``, ``payments``, ``net`` and ``irr`` (left out if no
    draw has an IRR)."""
    with use_lang(lang):
        figs: dict[str, Figure] = {
            "flows": plots.plot_contract_flows(mc if mc is not None else base)
        }
        if mc is not None:
            figs["payments"] = plots.plot_contract_payments(mc)
            figs["net"] = plots.plot_contract_net_position(mc)
            if np.isfinite(mc.irr).any():
                figs["irr"] = plots.plot_contract_irr(mc)
    return figs


def _cards(base: ContractResult, mc: ContractResult | None, p: Page) -> list[Card]:
    _, f = p._, p.f
    c = base.contract
    h = contract_headline(base, mc)
    payer = c.payer.value
    col = plots.PALETTE[payer]
    irr = h["base_irr"]
    base_case = (
        _("base case") if math.isfinite(irr) else _("base case: its net flows never turn positive")
    )
    sub_pay = Markup("{}").format(
        _("{multiple} × the capital of {amount}").format(
            multiple=f.number(h["base_multiple"]), amount=p.sek(c.investor.capital_sek)
        )
    )
    sub_irr = Markup("{}, {}").format(c.investor.label, base_case)
    sub_net = Markup("{}").format(
        _("PV of its savings {savings} minus PV of payments {payments}").format(
            savings=p.sek(h["base_payer_savings_pv_sek"]), payments=p.sek(h["base_payments_pv_sek"])
        )
    )
    if mc is not None:
        sub_pay += Markup("<br>{}").format(
            _("Monte Carlo: mean {mean} (5–95 percentiles: {p5} – {p95})").format(
                mean=p.sek(h["mc_payment_mean_sek"]),
                p5=f.amount(h["mc_payment_p5_sek"]),
                p95=f.amount(h["mc_payment_p95_sek"]),
            )
        )
        sub_irr += Markup("<br>{}; <strong>{}</strong>").format(
            _("Monte Carlo: median {irr}").format(irr=f.percent(h["mc_irr_median"])),
            _("P(loss) = {p}").format(p=f.share(h["prob_investor_loss"])),
        )
        if h["mc_irr_undefined"]:
            sub_irr += "; " + _("no IRR in {n} draws").format(n=f.count(h["mc_irr_undefined"]))
        sub_net += Markup("<br>{}; <strong>{}</strong>").format(
            _("Monte Carlo: mean {mean}").format(mean=p.sek(h["mc_payer_net_pv_mean_sek"])),
            _("P(net PV < 0) = {p}").format(p=f.share(h["prob_payer_net_negative"])),
        )
    return [
        Card(
            _("Payments by the {payer} (base case)").format(payer=p.payer(payer)),
            p.sek(h["base_payment_sek"]),
            sub_pay,
            col,
        ),
        Card(
            _("Investor's IRR"),
            _("no IRR") if not math.isfinite(irr) else f.percent(irr),
            sub_irr,
            plots.PALETTE["other"],
            irr if math.isfinite(irr) else None,
        ),
        Card(
            _("Net position, {payer}").format(payer=p.payer(payer)),
            p.sek(h["base_payer_net_pv_sek"]),
            sub_net,
            col,
            h["base_payer_net_pv_sek"],
        ),
    ]


def _settings(
    c: Contract, source: str | Path | None, mc: ContractResult | None, p: Page
) -> list[list[Any]]:
    _ = p._
    inv = c.investor
    disb = (
        ", ".join(f"{d.year}: {p.sek(d.amount_sek)}" for d in inv.disbursements)
        if inv.disbursements
        else _("all in {year}").format(year=c.start_year)
    )
    files = source_files(source, [c.scenario] if c.scenario else [])
    rows: list[list[Any]] = [
        [_("Payer"), p.swatch(c.payer.value)],
        [_("Investor"), f"{inv.label}: {p.sek(inv.capital_sek)} ({disb})"],
        [_("Years"), f"{c.start_year}–{c.end_year}"],
        [_("Money"), _("SEK in {year} prices (real terms)").format(year=c.price_year)],
        [
            _("Discount rate"),
            _("{rate} a year, end of year, to {year} (the payer's net position)").format(
                rate=p.f.rate(c.discount_rate), year=c.start_year
            ),
        ],
        [
            _("Monte Carlo"),
            _("{n} draws, seed {seed}").format(n=p.f.count(mc.n), seed=mc.seed)
            if mc is not None
            else _("not run (base case only)"),
        ],
        [_("Files"), Markup(", ").join(code(x) for x in files) if files else "—"],
    ]
    if c.total_cap_sek is not None:
        rows.insert(3, [_("Cap on all payments"), p.sek(c.total_cap_sek)])
    return rows


def _terms(base: ContractResult, mc: ContractResult | None, p: Page) -> dict[str, Any]:
    _, f = p._, p.f
    c = base.contract
    pt = mc.payments_table() if mc is not None else None
    rows = []
    for k, t in enumerate(c.terms):
        row: list[Any] = [
            str(k),
            t.label or t.type,
            term_text(c, k, lang=p.lang),
            f.amount(base.term_payments[0, k]),
        ]
        if pt is not None:
            r = pt.iloc[k]
            row += [f.amount(r["mean_sek"]), f.share(r["prob_pays"]), f.share(r["prob_at_cap"])]
        rows.append(row)
    headers = [_("#"), _("Term"), _("In plain words"), _("Base case (SEK)")]
    if pt is not None:
        headers += [_("Mean (SEK)"), _("P(pays)"), _("P(at its cap)")]
    cap_note = (
        _("All payments together are capped at {amount}; later terms are cut first.").format(
            amount=p.sek(c.total_cap_sek)
        )
        if c.total_cap_sek is not None
        else ""
    )
    return {"headers": headers, "rows": rows, "cap_note": cap_note}


def _outcomes(base: ContractResult, p: Page) -> dict[str, Any]:
    _ = p._
    c = base.contract
    rows = [
        [
            code(o.id),
            o.label or o.id,
            outcome_text(c, o.id, lang=p.lang),
            outcome_value_text(c, o.id, float(base.outcomes[o.id][0]), lang=p.lang),
        ]
        for o in c.outcomes
    ]
    return {
        "headers": [_("Outcome"), _("Label"), _("How it is measured"), _("Base case")],
        "rows": rows,
    }


def _quantity_labels(p: Page) -> dict[str, str]:
    _ = p._
    return {
        "total_payment_sek": _("Total payment (SEK)"),
        "payment_multiple": _("Payment as a multiple of the capital"),
        "investor_irr": _("Investor's IRR"),
        "payer_savings_sek": _("Payer's savings (SEK, undiscounted)"),
        "payer_savings_pv_sek": _("Payer's savings, present value (SEK)"),
        "payments_pv_sek": _("Payments, present value (SEK)"),
        "payer_net_pv_sek": _("Payer's net position, present value (SEK)"),
    }


def _fmt(kind: str, v: Any, p: Page) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    if kind == "sek":
        return p.f.amount(v)
    if kind == "percent":
        return p.f.percent(float(v))
    if kind == "ratio":
        return p.f.number(v)
    return p.f.number(v, 4)


def _summary(mc: ContractResult, p: Page) -> dict[str, Any]:
    _ = p._
    c = mc.contract
    labels = _quantity_labels(p)
    rows = []
    for r in contract_summary_table(mc).to_dict("records"):
        q = str(r["quantity"])
        if q.startswith("prob_"):
            continue
        kind = quantity_format(c, q)
        label = labels.get(q) or (
            str(outcome_of(c, q.removeprefix("outcome.")).label or q)
            if q.startswith("outcome.")
            else q
        )
        undefined = int(r["undefined_draws"]) if not pd.isna(r["undefined_draws"]) else 0
        rows.append(
            [
                item_cell(label, q),
                _fmt(kind, r["mean"], p),
                _fmt(kind, r["p5"], p),
                _fmt(kind, r["p50"], p),
                _fmt(kind, r["p95"], p),
                str(undefined) if undefined else "",
            ]
        )
    prob = mc.probabilities()
    prob_rows = [
        [_("P(investor gets back less than it put in)"), p.f.share(prob["prob_investor_loss"])],
        [
            _("P({payer}'s net PV < 0)").format(payer=p.payer(c.payer.value)),
            p.f.share(prob["prob_payer_net_negative"]),
        ],
    ]
    headers = [
        _("Quantity"),
        _("Mean"),
        _("5th percentile"),
        _("Median"),
        _("95th percentile"),
        _("Draws without a value"),
    ]
    return {"headers": headers, "rows": rows, "prob_rows": prob_rows}


def _payments_summary(mc: ContractResult, p: Page) -> dict[str, Any]:
    _, f = p._, p.f
    df = contract_payments_summary(mc)
    rows = []
    for r in df.to_dict("records"):
        total = r["type"] == "total"
        rows.append(
            [
                "" if total else str(r["term"]),
                _("total") if total else str(r["label"] or r["type"]),
                "" if total else str(int(r["year"])),
                f.amount(r["mean_sek"]),
                f.amount(r["p5_sek"]),
                f.amount(r["p50_sek"]),
                f.amount(r["p95_sek"]),
                f.amount(r["max_sek"]),
                f.share(r["prob_pays"]),
                f.share(r["prob_at_cap"]),
            ]
        )
    headers = [
        _("#"),
        _("Term"),
        _("Year"),
        _("Mean"),
        _("5th pct"),
        _("Median"),
        _("95th pct"),
        _("Most"),
        _("P(pays)"),
        _("P(at cap)"),
    ]
    classes = ["total" if r["type"] == "total" else "" for r in df.to_dict("records")]
    return {"headers": headers, "rows": rows, "row_classes": classes}


def _parameters(mc: ContractResult, p: Page) -> dict[str, Any] | None:
    """The scenario parameters the Monte Carlo run varied and held fixed, with
    its warnings (the block of the scenario report); None without a scenario."""
    unc = mc.uncertainty
    if unc is None:
        return None
    return parameters_context(
        mc.n,
        mc.seed,
        reworded(mc.varied(), mc.model, p.lang),
        reworded(mc.fixed(), mc.model, p.lang),
        warning_texts(unc.warnings, unc.hinges, mc.model, p.lang),
        p,
    )


def render_contract_html(
    base: ContractResult,
    mc: ContractResult | None = None,
    source: str | Path | None = None,
    *,
    lang: str = "en",
) -> str:
    """The contract as one self-contained HTML page: ``base`` is the base case
    (one draw), ``mc`` the Monte Carlo result if run; ``source`` the contract
    file (shown); in English or Swedish."""
    c = base.contract
    if base.n != 1:
        raise ValueError(f"base must be the one-draw base case, got {base.n} draws")
    p = Page(check_lang(lang))
    _ = p._
    alt = {
        "flows": _("Bar chart: the investor's capital in and the payments back by year"),
        "payments": _("Histogram: Monte Carlo distribution of the total payment"),
        "net": _("Histogram: Monte Carlo distribution of the payer's net present value"),
        "irr": _("Histogram: Monte Carlo distribution of the investor's IRR"),
    }
    figs = {k: figure_img(fig, alt[k]) for k, fig in contract_figures(base, mc, lang=lang).items()}
    return render_page(
        "contract.html",
        lang,
        title=c.title or c.name,
        c=c,
        payer=p.payer(c.payer.value),
        rate=p.f.rate(c.discount_rate),
        mc=None if mc is None else {"n": p.f.count(mc.n), "seed": mc.seed},
        params=None if mc is None else _parameters(mc, p),
        settings=_settings(c, source, mc, p),
        cards=_cards(base, mc, p),
        figs=figs,
        terms=_terms(base, mc, p),
        outcomes=_outcomes(base, p),
        savings=savings_items(c, p),
        payments=None if mc is None else _payments_summary(mc, p),
        summary=None if mc is None else _summary(mc, p),
    )


def write_contract_html(
    base: ContractResult,
    mc: ContractResult | None,
    path: str | Path,
    source: str | Path | None = None,
    *,
    lang: str = "en",
) -> Path:
    """Write :func:`render_contract_html` to ``path`` (UTF-8) and return the path."""
    return write_page(path, render_contract_html(base, mc, source, lang=lang))
