"""The report of a file with several interventions: an overview page that
puts them side by side (ranking per perspective, who invests and who gains
in each, the Monte Carlo choice between them) and links to each
intervention's own full report (template ``alternatives.html``).

Figures come from :class:`~socinv.scenarios.alternatives.Alternatives` (one
:class:`~socinv.scenarios.comparison.Comparison` per intervention) and
:class:`~socinv.sensitivity.alternatives_mc.AlternativesMonteCarlo`; this
module only formats them. Money: SEK in the scenario's price year, present
values discounted to the base year.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from socinv.formatting import check_lang
from socinv.i18n import role_word
from socinv.payers import PERSPECTIVES
from socinv.report.blocks import Markup, Page, render_page
from socinv.report.html import _break_even, _settings
from socinv.scenarios.alternatives import Alternatives
from socinv.sensitivity.alternatives_mc import STATUS_QUO, AlternativesMonteCarlo

#: payers whose role is shown in the who-invests table
_PAYERS = ("municipality", "region", "state", "individual")
#: perspectives in the order the ranking tables are shown (totals first)
_ORDER = ("society", "public", *_PAYERS)


def _name(alts: Alternatives, aid: str) -> str:
    label = alts.comparisons[aid].scenario.intervention.label
    return f"{label} ({aid})" if label else aid


def _ranking_tables(alts: Alternatives, p: Page) -> list[dict[str, Any]]:
    _, f = p._, p.f
    headers = [
        _("Rank"),
        _("Intervention"),
        _("Invests"),
        _("Savings"),
        _("NPV"),
        _("NPV, undiscounted"),
        _("ROI"),
        _("BCR"),
        _("Break-even"),
    ]
    shown = [q for q in _ORDER if q in {x.value for x in PERSPECTIVES}]
    out = []
    for persp in shown:
        r = alts.ranking(persp)
        rows = []
        for aid, row in r.iterrows():
            cmp = alts.comparisons[str(aid)]
            rec = cmp.summary().loc[persp].to_dict()
            rows.append(
                [
                    str(int(row["rank"])),
                    _name(alts, str(aid)),
                    f.amount(row["invests_disc"]),
                    f.amount(row["savings_disc"]),
                    Markup("<strong>{}</strong>").format(f.amount(row["npv"])),
                    f.amount(row["npv_undiscounted"]),
                    f.ratio(row["roi"]),
                    f.ratio(row["bcr"]),
                    _break_even(cmp, cmp.break_even_year(persp), rec, p),
                ]
            )
        out.append({"title": p.payer(persp), "headers": headers, "rows": rows})
    return out


def _who_gains(alts: Alternatives, p: Page) -> dict[str, Any]:
    _ = p._
    headers = [_("Intervention"), *(p.payer(x) for x in _PAYERS)]
    rows = []
    for aid, cmp in alts.comparisons.items():
        w = cmp.who_invests_who_gains()
        cells: list[Any] = [_name(alts, aid)]
        for payer in _PAYERS:
            role = str(w.loc[payer, "role"]) if payer in w.index else "not affected"
            net = w.loc[payer, "net_disc"] if payer in w.index else 0.0
            cells.append(f"{role_word(role, p.lang)}: {p.f.amount(net)}")
        rows.append(cells)
    return {"headers": headers, "rows": rows}


def _choice(alts: Alternatives, mc: AlternativesMonteCarlo, p: Page) -> dict[str, Any]:
    _, f = p._, p.f
    s = mc.summary()
    s = s[s["perspective"] == "society"]
    headers = [
        _("Intervention"),
        _("mean"),
        f.percent(0.025),
        _("median"),
        f.percent(0.975),
        _("P(NPV>0)"),
        _("P(best)"),
    ]
    rows = [
        [
            _name(alts, str(r["alternative"])),
            *(f.amount(r[c]) for c in ("mean", "p2_5", "median", "p97_5")),
            f.ratio(r["prob_positive"], 3),
            f.ratio(r["prob_best"], 3),
        ]
        for r in s.to_dict("records")
    ]
    d = mc.decision()
    choice_headers = [
        _("Perspective"),
        _("P(no intervention is best)"),
        _("Best on average"),
        _("EVPI"),
    ]
    choice_rows = [
        [
            p.swatch(str(r["perspective"])),
            f.ratio(r["prob_status_quo_best"], 3),
            _("no intervention")
            if r["best_on_average"] == STATUS_QUO
            else _name(alts, str(r["best_on_average"])),
            f.amount(r["evpi"]),
        ]
        for r in d.to_dict("records")
        if r["perspective"] in _ORDER
    ]
    return {
        "n": f.count(mc.n),
        "seed": mc.seed,
        "headers": headers,
        "rows": rows,
        "choice_headers": choice_headers,
        "choice_rows": choice_rows,
    }


def render_alternatives_html(
    alts: Alternatives,
    *,
    lang: str = "en",
    links: Mapping[str, str] | None = None,
    mc: AlternativesMonteCarlo | None = None,
) -> str:
    """The overview page of several interventions in ``lang``; ``links``
    maps an intervention id to the file name of its own report.

    Example:
        >>> from socinv.scenarios.alternatives import compare_alternatives
        >>> alts = compare_alternatives("data/scenarios/foster_care_alternatives.yaml")
        >>> page = render_alternatives_html(alts, lang="sv")
        >>> 'lang="sv"' in page and "Rangordning" in page
        True
    """
    p = Page(check_lang(lang))
    first = next(iter(alts.comparisons.values()))
    sc = first.scenario
    settings = _settings(first, p)
    settings[1] = [
        p._("Interventions"),
        ", ".join(_name(alts, a) for a in alts.comparisons),
    ]
    return render_page(
        "alternatives.html",
        lang,
        title=sc.title or sc.name,
        description=sc.description or "",
        settings=settings,
        rankings=_ranking_tables(alts, p),
        who=_who_gains(alts, p),
        mc=None if mc is None else _choice(alts, mc, p),
        links=[(_name(alts, a), (links or {}).get(a)) for a in alts.comparisons],
        price_year=sc.price_year,
    )


def write_alternatives_html(
    alts: Alternatives,
    path: str | Path,
    *,
    lang: str = "en",
    links: Mapping[str, str] | None = None,
    mc: AlternativesMonteCarlo | None = None,
) -> Path:
    """Write :func:`render_alternatives_html` to ``path`` (UTF-8)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_alternatives_html(alts, lang=lang, links=links, mc=mc), encoding="utf-8")
    return out


__all__ = ["render_alternatives_html", "write_alternatives_html"]
