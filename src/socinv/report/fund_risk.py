"""The fund's risk on Monte Carlo draws (:class:`~socinv.fund.montecarlo.FundMonteCarlo`)
as text for ``socinv fund --mc`` and as a section of the fund's HTML page
(template ``fund_risk.html``), in English or Swedish. Formatting only.

Example:
    >>> from socinv.fund.montecarlo import fund_monte_carlo
    >>> mc = fund_monte_carlo("data/contracts/example_fund.yaml", 20, seed=1)
    >>> "Monte Carlo: 20 ledgers" in fund_risk_text(mc)
    True
    >>> "Risk: the ledger on 20 Monte Carlo draws" in render_fund_risk(mc)
    True
"""

from __future__ import annotations

from typing import Any

from socinv.formatting import check_lang, table
from socinv.fund.montecarlo import FundMonteCarlo
from socinv.report.blocks import Page, environment

__all__ = ["fund_risk_context", "fund_risk_text", "render_fund_risk"]


def _rule(r: dict[Any, Any], p: Page) -> str:
    _ = p._
    kind = str(r["rule_type"])
    words = {
        "fixed_share_on_results": _("fixed share on results"),
        "measured_savings": _("measured savings"),
        "risk_sharing": _("risk sharing"),
        "central_funding": _("central funding"),
    }.get(kind, kind.replace("_", " "))
    text = f"{r['rule']}: {words}"
    if kind.startswith("measured"):
        text += ", " + _("installment {n}").format(n=int(r["installment"]) + 1)
    return text


def fund_risk_context(mc: FundMonteCarlo, p: Page) -> dict[str, Any]:
    """What the risk section and text show, formatted in ``p``'s language
    (money with the currency; shares as per cent with one decimal)."""
    f = p.f
    hump = mc.hump()
    depth = hump.attrs["depth_sek"]
    rec = mc.recovery_curve()
    step = max(1, len(rec) // 8)
    keep = sorted({*range(0, len(rec), step), len(rec) - 1})
    return {
        "n": f.count(mc.n),
        "seed": mc.seed,
        "varied": sum(len(u.varying) for u in mc.uncertainties),
        "price_year": mc.fund.price_year,
        "payer": p.payer(mc.fund.payer.value),
        "depth": {k: p.sek(v) for k, v in depth.items()},
        "hump": [
            [f.year(y), f.percent(s)]
            for y, s in zip(hump["year"], hump["share_of_draws"], strict=True)
        ],
        "rules": [
            [
                str(r["project"]),
                _rule(r, p),
                f.year(r["due_year"]),
                p.sek(r["target_sek"]),
                f.percent(r["prob_on_time"]),
            ]
            for r in mc.on_time_table().to_dict("records")
        ],
        "recovery": [
            [
                f.year(rec["year"].iloc[i]),
                f.percent(rec["prob_recovered"].iloc[i]),
                f"{f.percent(rec['band_low'].iloc[i])}–{f.percent(rec['band_high'].iloc[i])}",
            ]
            for i in keep
        ],
        "agencies": [
            [
                str(r["agency"]),
                p.sek(r["mean_sek"]),
                p.sek(r["p2_5_sek"]),
                p.sek(r["p97_5_sek"]),
                f.percent(r["prob_repays"]),
            ]
            for r in mc.agency_table().to_dict("records")
        ],
    }


def fund_risk_text(mc: FundMonteCarlo, lang: str = "en") -> str:
    """What ``socinv fund --mc`` prints, in ``lang``."""
    p = Page(check_lang(lang))
    _, f = p._, p.f
    d = fund_risk_context(mc, p)
    depth = d["depth"]
    lines = [
        _(
            "Monte Carlo: {n} ledgers, seed {seed}, {varied} parameters varied "
            "(SEK in {year} prices, undiscounted)"
        ).format(n=d["n"], seed=d["seed"], varied=d["varied"], year=d["price_year"]),
        _(
            "The investment hump of the {payer}: lowest cumulative net position mean {mean}, "
            "95 % of draws between {low} and {high}; lowest in {years}"
        ).format(
            payer=d["payer"],
            mean=depth["mean"],
            low=depth["p2_5"],
            high=depth["p97_5"],
            years=", ".join(f"{y} ({s})" for y, s in d["hump"]),
        ),
        "",
        _("Repayment rules repaid on time:"),
        table(
            [_("project"), _("rule"), _("due"), _("target (mean)"), _("on time")],
            d["rules"],
            "llrrr",
        ),
        "",
        _("Fund has got back what it paid out (cumulative repayments >= outlays):"),
        table([_("year"), _("P(recovered)"), _("band")], d["recovery"], "rrr"),
        "",
        _("Repayments by agency (total):"),
        table(
            [_("agency"), _("mean"), f.percent(0.025), f.percent(0.975), _("P(repays)")],
            d["agencies"],
            "lrrrr",
        ),
    ]
    return "\n".join(lines)


def render_fund_risk(mc: FundMonteCarlo, *, lang: str = "en") -> str:
    """The risk section of the fund's HTML page, in ``lang``."""
    p = Page(check_lang(lang))
    tpl = environment(p.lang).get_template("fund_risk.html")
    return tpl.render(r=fund_risk_context(mc, p), f=p.f)
