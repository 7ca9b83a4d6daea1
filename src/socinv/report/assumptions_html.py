"""The scenario report's account of its inputs: the status quo's episodes,
the intervention's costs, effects or own episodes, the scenario's metadata,
and every unit cost used with its price year, evidence grade and source
(SEK in the scenario's price year). Formatting only.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from socinv.i18n import kind_word
from socinv.report.blocks import Markup, Page, code, item_cell
from socinv.scenarios.comparison import Comparison
from socinv.writers import web_url

__all__ = ["assumptions_context", "link", "unit_cost_rows"]


def _ages(lo: int, hi: int) -> Markup:
    return Markup('<span class="nw">{}–{}</span>').format(lo, hi)


def _episode_headers(p: Page) -> list[str]:
    _ = p._
    return [
        _("Episode"),
        _("Item"),
        _("Quantity a year"),
        _("Ages"),
        _("Probability"),
        _("Expected SEK a year per person"),
        _("Note"),
    ]


def _episode_rows(cmp: Comparison, episodes: Sequence[Any], p: Page) -> list[list[Any]]:
    f = p.f
    items = {it.id: it for it in cmp.model.items}
    rows = []
    for e in episodes:
        it = items.get(e.item)
        unit = it.unit if it else ""
        yearly = it.value_sek * e.quantity * e.probability if it else float("nan")
        rows.append(
            [
                code(e.id),
                item_cell(it.name_sv if it else e.item, e.item),
                f"{f.number(e.quantity)} {unit}",
                _ages(e.from_age, e.to_age),
                f.share(e.probability),
                f.amount(yearly),
                e.note,
            ]
        )
    return rows


def _plain(v: Any) -> str:
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_plain(x)}" for k, x in v.items())
    if isinstance(v, list | tuple):
        return ", ".join(_plain(x) for x in v)
    return str(v)


def _payer_split(payer: Any, p: Page) -> str:
    if payer is None:
        return p._("tax wedge (production value)")
    return ", ".join(f"{p.payer(getattr(k, 'value', k))} {p.f.share(v)}" for k, v in payer.items())


def assumptions_context(cmp: Comparison, p: Page) -> dict[str, Any]:
    """The assumptions section: episodes, intervention costs and effects, metadata."""
    _, f = p._, p.f
    sc = cmp.scenario
    iv = sc.intervention
    items = {it.id: it for it in cmp.model.items}
    cost_rows = []
    for c in iv.costs:
        if c.amount_sek is not None:
            what = _("{amount} a year ({year} prices)").format(
                amount=p.sek(c.amount_sek), year=c.price_year
            )
            payer: Any = p.swatch(str(c.payer.value if c.payer else ""))
        else:
            it = items.get(c.item or "")
            what = _("{quantity} {unit} of {item}").format(
                quantity=f.number(c.quantity),
                unit=it.unit if it else "",
                item=it.name_sv if it else str(c.item),
            )
            payer = _payer_split(it.payer, p) if it else ""
        cost_rows.append([code(c.id), what, payer, _ages(c.from_age, c.to_age), c.note])
    effect_rows = []
    eps = {e.id: e for e in sc.status_quo.trajectory} | sc.status_quo.offence_spans()
    for fx in iv.effects:
        ep = eps[fx.episode]
        lo = fx.from_age if fx.from_age is not None else ep.from_age
        hi = fx.to_age if fx.to_age is not None else ep.to_age
        effect_rows.append(
            [
                code(fx.id),
                code(fx.episode),
                f.number(fx.relative_risk),
                f.number(fx.quantity_factor),
                _ages(lo, hi),
                f.share(fx.dropoff),
                fx.note,
            ]
        )
    return {
        "status_quo_label": sc.status_quo.label or _("status quo"),
        "intervention_label": iv.label or _("intervention"),
        "intervention_note": iv.note,
        "episode_headers": _episode_headers(p),
        "status_quo_rows": _episode_rows(cmp, sc.status_quo.episodes, p),
        "cost_rows": cost_rows,
        "arm_rows": None if iv.episodes is None else _episode_rows(cmp, iv.episodes, p),
        "effect_rows": effect_rows,
        "metadata_rows": [[str(k), _plain(v)] for k, v in sc.metadata.items()],
    }


_EVIDENCE_CLASS = {
    "verified_primary": "ev-good",
    "verified_mirror": "ev-good",
    "verified_primary_year_unknown": "ev-good",
    "quoted_secondary": "ev-mid",
    "derived": "ev-mid",
    "local": "ev-mid",
    "assumption": "ev-weak",
    "unspecified": "ev-weak",
}


def link(url: str, text: str) -> Markup:
    """``text`` linking to ``url`` if it is a web address, else plain text."""
    if not web_url(url):  # only http/https: never javascript: or data: links
        return Markup("{}").format(text)
    return Markup('<a href="{}">{}</a>').format(url, text)


def unit_cost_rows(cmp: Comparison, p: Page) -> list[list[Any]]:
    """One row per unit cost used: value, unit, price year, payer, kind, evidence, source."""
    f = p.f
    rows = []
    for rec in cmp.unit_costs_used().to_dict("records"):
        r = SimpleNamespace(**{str(k): v for k, v in rec.items()})
        orig = (
            f"{f.amount(r.original_value_sek)} ({int(r.original_price_year)})"
            if int(r.original_price_year) != int(r.price_year)
            or abs(float(r.original_value_sek) - float(r.value_sek)) > 0.5
            else p._("same")
        )
        ev = str(r.evidence)
        rows.append(
            [
                item_cell(str(r.name_sv), str(r.id)),
                f.amount(r.value_sek),
                str(r.unit),
                f.year(r.price_year),
                orig,
                ", ".join(p.payer(x.strip()) for x in str(r.payer).split(",")),
                kind_word(str(r.kind), p.lang),
                Markup('<span class="ev {}">{}</span>').format(
                    _EVIDENCE_CLASS.get(ev, "ev-weak"), ev
                ),
                link(str(r.url), str(r.source)),
            ]
        )
    return rows
