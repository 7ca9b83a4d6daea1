"""The fund's risk on Monte Carlo draws (:class:`~socinv.fund.montecarlo.FundMonteCarlo`)
as text for ``socinv fund --mc`` and as a section of the fund's HTML page
(template ``fund_risk.html.j2``). Formatting only."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from socinv.formatting import sek, table
from socinv.fund.montecarlo import FundMonteCarlo


def _share(x: float) -> str:
    return f"{100 * x:.1f} %"


def _rule(r: dict[Any, Any]) -> str:
    kind = str(r["rule_type"]).replace("_", " ")
    return f"{r['rule']}: {kind}" + (
        f", installment {int(r['installment']) + 1}" if kind.startswith("measured") else ""
    )


def _rows(mc: FundMonteCarlo) -> dict[str, Any]:
    depth = mc.hump().attrs["depth_sek"]
    rec = mc.recovery_curve()
    step = max(1, len(rec) // 8)
    keep = sorted({*range(0, len(rec), step), len(rec) - 1})
    return {
        "n": mc.n,
        "seed": mc.seed,
        "varied": sum(len(u.varying) for u in mc.uncertainties),
        "price_year": mc.fund.price_year,
        "payer": mc.fund.payer.value,
        "depth": {k: sek(v) for k, v in depth.items()},
        "hump": [
            {"year": int(y), "share": _share(float(s))}
            for y, s in zip(mc.hump()["year"], mc.hump()["share_of_draws"], strict=True)
        ],
        "rules": [
            {
                "project": r["project"],
                "rule": _rule(r),
                "due": int(r["due_year"]),
                "target": sek(float(r["target_sek"])),
                "prob": _share(float(r["prob_on_time"])),
            }
            for r in mc.on_time_table().to_dict("records")
        ],
        "recovery": [
            {
                "year": int(rec["year"].iloc[i]),
                "prob": _share(float(rec["prob_recovered"].iloc[i])),
                "band": f"{_share(float(rec['band_low'].iloc[i]))}–"
                f"{_share(float(rec['band_high'].iloc[i]))}",
            }
            for i in keep
        ],
        "agencies": [
            {
                "agency": r["agency"],
                "mean": sek(float(r["mean_sek"])),
                "lo": sek(float(r["p2_5_sek"])),
                "hi": sek(float(r["p97_5_sek"])),
                "prob": _share(float(r["prob_repays"])),
            }
            for r in mc.agency_table().to_dict("records")
        ],
    }


def fund_risk_text(mc: FundMonteCarlo) -> str:
    """What ``socinv fund --mc`` prints."""
    d = _rows(mc)
    lines = [
        f"Monte Carlo: {d['n']} ledgers, seed {d['seed']}, {d['varied']} parameters varied "
        f"(SEK in {d['price_year']} prices, undiscounted)",
        f"The investment hump of the {d['payer']}: lowest cumulative net position mean "
        f"{d['depth']['mean']}, 95 % of draws between {d['depth']['p2_5']} and "
        f"{d['depth']['p97_5']} SEK; lowest in "
        + ", ".join(f"{h['year']} ({h['share']})" for h in d["hump"]),
        "",
        "Repayment rules repaid on time:",
        table(
            ["project", "rule", "due", "target (mean)", "on time"],
            [[r["project"], r["rule"], str(r["due"]), r["target"], r["prob"]] for r in d["rules"]],
            "llrrr",
        ),
        "",
        "Fund has got back what it paid out (cumulative repayments >= outlays):",
        table(
            ["year", "P(recovered)", "band"],
            [[str(r["year"]), r["prob"], r["band"]] for r in d["recovery"]],
            "rrr",
        ),
        "",
        "Repayments by agency (total, SEK):",
        table(
            ["agency", "mean", "2.5 %", "97.5 %", "P(repays)"],
            [[r["agency"], r["mean"], r["lo"], r["hi"], r["prob"]] for r in d["agencies"]],
            "lrrrr",
        ),
    ]
    return "\n".join(lines)


def render_fund_risk(mc: FundMonteCarlo) -> str:
    """The risk section of the fund's HTML page."""
    env = Environment(
        loader=PackageLoader("socinv.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    d = _rows(mc)
    d["n"] = f"{mc.n:,}".replace(",", "\u202f")
    return env.get_template("fund_risk.html.j2").render(**d)
