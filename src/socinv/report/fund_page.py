"""The fund page: one self-contained HTML page of a social investment fund —
headline cards, the investment hump, the fund's balance, repayments by
agency, the ledger, the repayment rules in plain words and, when given, the
ledger's risk on Monte Carlo draws — in English or Swedish (templates
``fund.html`` and ``fund_risk.html``).

All money is SEK in the fund's price year; present values at its discount
rate to its first year (savings at the end of the year, the investment when
it is paid).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from socinv.formatting import check_lang
from socinv.fund.ledger import FundLedger
from socinv.fund.models import CentralFunding, FixedShareOnResults, MeasuredSavings, RiskSharing
from socinv.fund.montecarlo import FundMonteCarlo
from socinv.fund.summary import fund_headline
from socinv.i18n import use_lang
from socinv.report import plots
from socinv.report.blocks import (
    Card,
    Markup,
    Page,
    code,
    figure_img,
    render_page,
    source_files,
    write_page,
)
from socinv.report.fund_risk import fund_risk_context

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "fund_figures",
    "fund_headline",
    "render_fund_html",
    "rule_text",
    "write_fund_html",
]


def fund_figures(ledger: FundLedger, *, lang: str = "en") -> dict[str, Figure]:
    """The fund page's figures: ``hump``, ``balance`` and, when anything is
    repaid within the fund's years, ``repayments``."""
    with use_lang(lang):
        figs: dict[str, Figure] = {
            "hump": plots.plot_fund_hump(ledger),
            "balance": plots.plot_fund_balance(ledger),
        }
        if not ledger.repayments.empty and float(ledger.repayments["amount_sek"].sum()) > 0:
            figs["repayments"] = plots.plot_repayments_by_agency(ledger)
    return figs


def _cards(ledger: FundLedger, p: Page) -> list[Card]:
    _, f = p._, p.f
    fund = ledger.fund
    h = fund_headline(ledger)
    payer = fund.payer.value
    c = plots.PALETTE[payer]
    low = h["lowest_position_sek"]
    overdrawn = (
        Markup(" · <strong>{}</strong>").format(
            _("overdrawn in {years}").format(years=", ".join(map(str, h["overdrawn_years"])))
        )
        if h["overdrawn_years"]
        else ""
    )
    repaid = f.share(h["repayments_sek"] / h["outlays_sek"]) if h["outlays_sek"] else "—"
    return [
        Card(
            _("Capital"),
            p.sek(h["initial_capital_sek"]),
            _("initial capital, plus {amount} of allocations").format(
                amount=p.sek(h["allocations_sek"])
            ),
            c,
        ),
        Card(
            _("Project outlays"),
            p.sek(h["outlays_sek"]),
            Markup("{}{}").format(
                _("{n} project(s) · closing balance {amount} in {year}").format(
                    n=len(ledger.projects),
                    amount=p.sek(h["closing_balance_sek"]),
                    year=fund.end_year,
                ),
                overdrawn,
            ),
            c,
        ),
        Card(
            _("Repaid to the fund"),
            p.sek(h["repayments_sek"]),
            _("{share} of the outlays, by the agencies where savings arise").format(share=repaid),
            plots.PALETTE["region"],
        ),
        Card(
            _("Lowest cumulative position, {payer}").format(payer=p.payer(payer)),
            p.sek(low) if low < 0 else _("never out of pocket"),
            _("in {year} · at the end ({end}) {final}, discounted {disc}").format(
                year=h["lowest_position_year"],
                end=fund.end_year,
                final=p.sek(h["final_position_sek"]),
                disc=p.sek(h["final_position_disc_sek"]),
            ),
            c,
            low,
        ),
        Card(
            _("Gains outside the {payer}").format(payer=p.payer(payer)),
            f.share(h["outside_share"]),
            _(
                "of the public sector's cumulative savings by {year} fall to the region "
                "and the state"
            ).format(year=fund.end_year),
            plots.PALETTE["public"],
        ),
    ]


def _files(source: str | Path | None, others: list[str]) -> Markup | str:
    files = source_files(source, others)
    return Markup(", ").join(code(x) for x in files) if files else "—"


def _settings(ledger: FundLedger, source: str | Path | None, p: Page) -> list[list[Any]]:
    _ = p._
    fund = ledger.fund
    return [
        [_("Owner (payer)"), p.swatch(fund.payer.value)],
        [_("Years"), f"{fund.start_year}–{fund.end_year}"],
        [
            _("Money"),
            _("SEK in {year} prices (real terms), undiscounted unless stated").format(
                year=fund.price_year
            ),
        ],
        [
            _("Discount rate"),
            _(
                "{rate} a year to {year}: savings at the end of the year, the investment when "
                "paid (the start of the year unless the scenario says otherwise); the "
                "discounted hump only"
            ).format(rate=p.f.rate(fund.discount_rate), year=fund.start_year),
        ],
        [_("Initial capital"), p.sek(fund.initial_capital_sek)],
        [
            _("Allocations"),
            ", ".join(f"{a.year}: {p.sek(a.amount_sek)}" for a in fund.allocations) or _("none"),
        ],
        [_("Files"), _files(source, [f"{x.project.scenario}" for x in ledger.projects])],
    ]


def _ledger(ledger: FundLedger, p: Page) -> dict[str, Any]:
    _, f = p._, p.f
    t = ledger.table()
    payer = p.payer(ledger.fund.payer.value)
    rows = [
        [
            f.year(r["year"]),
            f.amount(r["opening_balance_sek"]),
            f.amount(r["allocations_sek"]),
            f.amount(r["outlays_sek"]),
            f.amount(r["repayments_sek"]),
            Markup("<strong>{}</strong>").format(f.amount(r["closing_balance_sek"])),
            f.amount(r["payer_net_sek"]),
            f.amount(r["payer_cumulative_sek"]),
            f.amount(r["payer_cumulative_disc_sek"]),
            f.share(r["outside_share_cumulative"]),
        ]
        for r in t.to_dict("records")
    ]
    headers = [
        _("Year"),
        _("Opening balance"),
        _("Allocations"),
        _("Outlays"),
        _("Repayments"),
        _("Closing balance"),
        _("{payer} net").format(payer=payer),
        _("{payer} cumulative").format(payer=payer),
        _("cumulative, discounted"),
        _("Gains outside (cum.)"),
    ]
    classes = ["neg" if bool(o) else "" for o in t["overdrawn"]]
    return {"headers": headers, "rows": rows, "row_classes": classes}


def _projects(ledger: FundLedger, p: Page) -> dict[str, Any]:
    _, f = p._, p.f
    rows = [
        [
            code(str(r["project"])),
            code(str(r["scenario"])),
            f"{r['start_year']}–{r['end_year']}",
            f.amount(r["outlay_sek"]),
            f.amount(r["repaid_sek"]),
            f.amount(r["not_repaid_sek"]),
            f.amount(r["payer_savings_in_horizon_sek"]),
            f.amount(r["payer_savings_after_horizon_sek"]),
        ]
        for r in ledger.project_summary().to_dict("records")
    ]
    headers = [
        _("Project"),
        _("Scenario"),
        _("Outlay years"),
        _("Outlay"),
        _("Repaid"),
        _("Not repaid"),
        _("{payer} savings, fund years").format(payer=p.payer(ledger.fund.payer.value)),
        _("after the fund's end"),
    ]
    return {"headers": headers, "rows": rows}


def _years(n: int, p: Page) -> str:
    return (p._("{n} year") if n == 1 else p._("{n} years")).format(n=n)


def rule_text(ledger: FundLedger, project_index: int, rule_index: int, *, lang: str = "en") -> str:
    """One repayment rule of a project in plain words (plain text, no HTML)."""
    p = Page(check_lang(lang))
    _, f = p._, p.f
    pf = ledger.projects[project_index]
    fund = ledger.fund
    rule = pf.project.repayment[rule_index]
    end = pf.end_year
    outlay = float(pf.outlays.sum())
    payer = p.payer(fund.payer.value)

    def agencies(names: tuple[str, ...] | None) -> str:
        if names:
            return ", ".join(names)
        return _("the {payer}'s agencies where the savings arise (not tax revenue)").format(
            payer=payer
        )

    if isinstance(rule, MeasuredSavings):
        cap = (
            _("no cap")
            if rule.cap_share_of_outlay is None
            else _("at most {share} of the outlay ({amount})").format(
                share=f.share(rule.cap_share_of_outlay),
                amount=p.sek(rule.cap_share_of_outlay * outlay),
            )
        )
        inst = "; ".join(
            _("{share} {years} after the end ({year})").format(
                share=f.share(i.share),
                years=_years(i.years_after_end, p),
                year=end + i.years_after_end,
            )
            for i in rule.installments
        )
        text = _(
            "Measured savings: {agencies} repay {share} of their measured savings since the "
            "project started, {cap}, in installments: {installments}."
        ).format(
            agencies=agencies(rule.agencies), share=f.share(rule.share), cap=cap, installments=inst
        )
        limits = []
        if rule.first_within_years is not None:
            limits.append(
                _("first repayment within {years}").format(years=_years(rule.first_within_years, p))
            )
        if rule.all_within_years is not None:
            limits.append(
                _("everything within {years}").format(years=_years(rule.all_within_years, p))
            )
        if limits:
            text += " " + _("Guideline: {limits} of the end.").format(
                limits=_(" and ").join(limits)
            )
    elif isinstance(rule, FixedShareOnResults):
        y = end + rule.years_after_end
        if rule.results_achieved is not None:
            cond = (
                _("results are taken as achieved")
                if rule.results_achieved
                else _("results are taken as not achieved")
            )
        else:
            cond = _(
                "if the measured savings of {agencies} reach {share} of the outlay ({amount}) "
                "by then"
            ).format(
                agencies=agencies(rule.agencies),
                share=f.share(rule.min_savings_share_of_outlay),
                amount=p.sek(rule.min_savings_share_of_outlay * outlay),
            )
        text = _(
            "Fixed share on results: {agency} repays {share} of the outlay ({amount}) in {year}, "
            "{years} after the end, {condition}."
        ).format(
            agency=rule.agency,
            share=f.share(rule.share),
            amount=p.sek(rule.share * outlay),
            year=y,
            years=_years(rule.years_after_end, p),
            condition=cond,
        )
    elif isinstance(rule, RiskSharing):
        text = _(
            "Risk sharing: of what the rules before it leave unpaid (up to {target} of the "
            "outlay), {agency} repays {share} in {year} and the fund carries {central}."
        ).format(
            target=f.share(rule.target_share_of_outlay),
            agency=rule.agency,
            share=f.share(1 - rule.central_share),
            year=end + rule.years_after_end,
            central=f.share(rule.central_share),
        )
    else:
        assert isinstance(rule, CentralFunding)
        text = _(
            "Central funding: the central level funds the project without repayment (a grant)."
        )
    if rule.note:
        text += " " + _("Note: {note}.").format(note=rule.note)
    return text


def _rules(ledger: FundLedger, p: Page) -> list[dict[str, Any]]:
    _ = p._
    reps = ledger.repayments
    out = []
    for i, pf in enumerate(ledger.projects):
        proj = pf.project
        items = []
        for k, rule in enumerate(proj.repayment):
            sel = reps[(reps["project"] == proj.id) & (reps["rule"] == k)]
            paid = float(sel["amount_sek"].sum())
            when = ", ".join(
                _("{amount} from {agency} in {year}").format(amount=p.sek(a), agency=ag, year=y)
                for ag, y, a in zip(sel["agency"], sel["year"], sel["amount_sek"], strict=True)
            )
            result = _("Repaid: {amount}").format(amount=p.sek(paid)) + (
                f" ({when})" if when else ""
            )
            if (
                paid <= 0
                and isinstance(rule, MeasuredSavings)
                and rule.share > 0
                and rule.cap_share_of_outlay != 0
            ):
                result += " — " + _(
                    "no measured savings of those agencies by the installment dates"
                )
            elif paid <= 0 and isinstance(rule, FixedShareOnResults) and rule.share > 0:
                result += " — " + _("the results were not achieved by then")
            items.append({"text": rule_text(ledger, i, k, lang=p.lang), "result": result})
        out.append(
            {
                "title": _("{project}: {amount}, outlays {start}–{end}").format(
                    project=proj.id,
                    amount=p.sek(float(pf.outlays.sum())),
                    start=pf.start_year,
                    end=pf.end_year,
                ),
                "note": proj.note,
                "rules": items,
            }
        )
    return out


def _agency_totals(ledger: FundLedger, p: Page) -> dict[str, Any]:
    _, f = p._, p.f
    a = ledger.agency_positions()
    g = a.groupby(["payer", "agency"], as_index=False)[
        ["savings_sek", "repayments_sek", "net_sek"]
    ].sum()
    g = g[(g[["savings_sek", "repayments_sek"]].abs() > 0.5).any(axis=1)]
    rows = [
        [
            p.swatch(str(r["payer"])),
            str(r["agency"]),
            f.amount(r["savings_sek"]),
            f.amount(r["repayments_sek"]),
            f.amount(r["net_sek"]),
        ]
        for r in g.to_dict("records")
    ]
    headers = [_("Payer"), _("Agency"), _("Savings"), _("Repaid to the fund"), _("Keeps (net)")]
    return {"headers": headers, "rows": rows}


def render_fund_html(
    ledger: FundLedger,
    source: str | Path | None = None,
    mc: FundMonteCarlo | None = None,
    *,
    lang: str = "en",
) -> str:
    """The fund as one self-contained HTML page (``source``: the fund file,
    shown; ``mc``: the ledger on Monte Carlo draws, shown as a risk section),
    in English or Swedish."""
    p = Page(check_lang(lang))
    _ = p._
    alt = {
        "hump": _("Line chart: cumulative cash position of the fund's payer, lowest point marked"),
        "balance": _("Bar and line chart: the fund's yearly flows and closing balance"),
        "repayments": _("Stacked bar chart: repayments to the fund by year and agency"),
    }
    figs = {k: figure_img(fig, alt[k]) for k, fig in fund_figures(ledger, lang=lang).items()}
    if mc is not None:
        from socinv.report.risk_plots import plot_fund_risk

        with use_lang(p.lang):
            risk_fig = plot_fund_risk(mc)
        figs["risk"] = figure_img(
            risk_fig,
            _(
                "Line chart and histogram: probability that the fund has recovered its "
                "outlays by year, and the depth of the investment hump over draws"
            ),
        )
    fund = ledger.fund
    return render_page(
        "fund.html",
        lang,
        title=fund.title or fund.name,
        fund=fund,
        payer=p.payer(fund.payer.value),
        rate=p.f.rate(fund.discount_rate),
        settings=_settings(ledger, source, p),
        cards=_cards(ledger, p),
        figs=figs,
        agencies=_agency_totals(ledger, p),
        ledger=_ledger(ledger, p),
        projects=_projects(ledger, p),
        rules=_rules(ledger, p),
        risk=fund_risk_context(mc, p) if mc is not None else None,
    )


def write_fund_html(
    ledger: FundLedger,
    path: str | Path,
    source: str | Path | None = None,
    mc: FundMonteCarlo | None = None,
    *,
    lang: str = "en",
) -> Path:
    """Write :func:`render_fund_html` to ``path`` (UTF-8) and return the path."""
    return write_page(path, render_fund_html(ledger, source, mc, lang=lang))
