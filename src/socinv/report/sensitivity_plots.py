"""Plots of a comparison's sensitivity analyses: the one-way tornado of the
NPV and the Monte Carlo distribution of the NPV (conventions of
:mod:`socinv.report.plot_base`).

Needs the ``plot`` extra: ``pip install 'socinv[plot]'``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from socinv.i18n import gettext as _
from socinv.report.plot_base import (
    SLIDE_SIZE,
    PlotLabel,
    _decimal_mark,
    _draws_text,
    _figure,
    _money_axis,
    _sek_text,
    _share,
    _style,
    colour,
    payer_label,
    payer_word,
)
from socinv.sensitivity.oneway import ONE_WAY_COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure


#: columns a tornado table must have (those of :func:`socinv.sensitivity.one_way`)
TORNADO_COLUMNS = tuple(c for c in ONE_WAY_COLUMNS if c != "range_rule")


def _check_columns(df: pd.DataFrame, needed: Sequence[str], what: str) -> None:
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise ValueError(f"{what} lacks column(s) {missing}; it has {list(df.columns)}")


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _num(x: float) -> str:
    if x == 0 or 1e-3 <= abs(x) < 1e6:
        s = f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.0f}"
    else:
        s = f"{x:.3g}"
    return _decimal_mark(s.replace(",", " "))


def plot_tornado(
    tornado: pd.DataFrame,
    label: PlotLabel,
    perspective: str = "society",
    top: int = 12,
    labels: Mapping[str, str] | None = None,
) -> Figure:
    """One-way sensitivity of the NPV: one bar per parameter from the NPV at
    its low value to the NPV at its high value, widest swing on top.

    ``tornado`` has columns ``parameter, perspective, low, high, base_value,
    npv_low, npv_high, npv_base, swing`` (one row per parameter and perspective).
    ``labels`` maps parameter names to plain descriptions shown instead (e.g.
    ``{p.name: p.description for p in model.params}``).
    """
    _check_columns(tornado, TORNADO_COLUMNS, "tornado table")
    d = tornado[tornado["perspective"] == perspective]
    if d.empty:
        raise ValueError(f"tornado table has no rows for perspective {perspective!r}")
    d = d.reindex(d["swing"].abs().sort_values(ascending=False).index).head(top).iloc[::-1]
    base = float(d["npv_base"].iloc[0])
    c = colour(perspective)
    ypos = np.arange(len(d))
    with _style():
        height = max(4.5, 0.55 * len(d) + 2.2)
        fig, axes = _figure(figsize=(SLIDE_SIZE[0], height))
        ax = axes[0][0]
        lo = d["npv_low"].to_numpy(dtype=float)
        hi = d["npv_high"].to_numpy(dtype=float)
        ax.barh(
            ypos,
            lo - base,
            left=base,
            color=c,
            alpha=0.45,
            height=0.7,
            label=_("parameter at its low value"),
        )
        ax.barh(
            ypos,
            hi - base,
            left=base,
            color=c,
            alpha=0.95,
            height=0.7,
            label=_("parameter at its high value"),
        )
        ax.axvline(base, color="black", lw=1.5)
        ax.axvline(0, color="#c0392b", lw=1.2, ls="--")
        ax.set_yticks(ypos)
        ax.set_yticklabels(
            [
                f"{_short((labels or {}).get(name, name))}\n[{_num(lo_v)} – {_num(hi_v)}]"
                for name, lo_v, hi_v in zip(
                    d["parameter"].astype(str),
                    d["low"].to_numpy(dtype=float),
                    d["high"].to_numpy(dtype=float),
                    strict=True,
                )
            ],
            fontsize=10.5,
        )
        ax.grid(axis="y", visible=False)
        _money_axis(
            ax,
            np.concatenate([lo, hi, [base, 0.0]]),
            "x",
            _("NPV, {payer}").format(payer=payer_label(perspective)),
            label.price_year,
        )
        ax.legend(loc="lower right", frameon=False, fontsize=11)
        ax.set_ylabel(_("Parameter [low – high]"))
        fig.suptitle(
            label.title(
                _("One-way sensitivity of the NPV ({payer}); base NPV {amount}").format(
                    payer=payer_word(perspective), amount=_sek_text(base)
                )
            )
        )
    return fig


def plot_mc_distribution(
    draws: pd.DataFrame,
    label: PlotLabel,
    perspective: str = "society",
    bins: int = 50,
) -> Figure:
    """Monte Carlo distribution of the NPV for one perspective: histogram of the
    draws (SEK), zero marked, 2.5th/50th/97.5th percentiles and P(NPV > 0) stated.

    ``draws`` has one column per perspective name and one row per draw.
    """
    if perspective not in draws.columns:
        raise ValueError(
            f"Monte Carlo draws have no column {perspective!r}; they have {list(draws.columns)}"
        )
    v = draws[perspective].to_numpy(dtype=float)
    if v.size == 0 or not np.isfinite(v).all():
        raise ValueError(f"Monte Carlo draws for {perspective!r} are empty or not finite")
    p_pos = float(np.mean(v > 0))
    lo, med, hi = np.percentile(v, [2.5, 50, 97.5])
    c = colour(perspective)
    with _style():
        fig, axes = _figure()
        ax = axes[0][0]
        ax.hist(v, bins=bins, color=c, alpha=0.75, edgecolor="white")
        ax.axvline(0, color="#c0392b", lw=2, ls="--", label=_("NPV = 0"))
        for q, name, solid in (
            (lo, _("2.5th"), False),
            (med, _("median"), True),
            (hi, _("97.5th"), False),
        ):
            ax.axvline(q, color="black", lw=1.2, ls="-" if solid else ":")
            ax.annotate(
                f"{name}\n{_sek_text(float(q))}",
                (q, 1.0),
                xycoords=("data", "axes fraction"),
                ha="center",
                va="bottom",
                fontsize=11,
            )
        ax.text(
            0.02,
            0.95,
            _("P(NPV > 0) = {p}").format(p=_share(p_pos)) + "\n" + _draws_text(v.size),
            transform=ax.transAxes,
            va="top",
            fontsize=14,
            fontweight="bold",
            bbox={"facecolor": "white", "edgecolor": c, "boxstyle": "round"},
        )
        _money_axis(
            ax,
            np.concatenate([v, [0.0]]),
            "x",
            _("NPV, {payer}").format(payer=payer_label(perspective)),
            label.price_year,
        )
        ax.set_ylabel(_("Number of draws"))
        ax.legend(loc="upper right", frameon=False)
        fig.suptitle(
            label.title(
                _("Monte Carlo: NPV ({payer}), P(NPV > 0) = {p}").format(
                    payer=payer_word(perspective), p=_share(p_pos)
                )
            )
        )
    return fig
