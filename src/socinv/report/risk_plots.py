"""Risk plots on Monte Carlo draws: the payback curve of a scenario and the
fund's recovery and hump depth (matplotlib, the conventions of
:mod:`socinv.report.plot_base`: palette, money axes, titles with price year and
discount rate). Drawing only; the numbers come from
:func:`socinv.sensitivity.payback.payback_curve` and
:class:`~socinv.fund.montecarlo.FundMonteCarlo`.

Example:
    >>> from socinv.fund.montecarlo import fund_monte_carlo
    >>> mc = fund_monte_carlo("data/contracts/example_fund.yaml", 20, seed=1)
    >>> len(plot_fund_risk(mc).axes)
    2
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from socinv.i18n import gettext as _
from socinv.report.plot_base import (
    PlotLabel,
    _draws_text,
    _figure,
    _money_axis,
    _sek_text,
    _share,
    _style,
    colour,
    fund_label,
    payer_label,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from socinv.fund.montecarlo import FundMonteCarlo

__all__ = ["plot_fund_risk", "plot_payback_curve"]


def _text(s: str) -> str:
    """``s`` shown literally (a ``$`` in a name is no mathtext)."""
    return s.replace("$", r"\$")


def _share_axis(ax: Axes, what: str) -> None:
    from matplotlib.ticker import FuncFormatter

    ax.set_ylim(-0.02, 1.02)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: _share(float(y))))
    ax.set_ylabel(what)


def plot_payback_curve(
    payback: pd.DataFrame, label: PlotLabel, perspectives: Sequence[str] | None = None
) -> Figure:
    """P(paid back by year) per perspective (line) with its 95 % Monte Carlo
    band (shaded): columns ``perspective, year, prob_paid_back, band_low,
    band_high`` of :func:`~socinv.sensitivity.payback.payback_curve`."""
    if payback.empty:
        raise ValueError("the payback curve is empty: run a Monte Carlo first")
    shown = (
        list(perspectives)
        if perspectives is not None
        else list(dict.fromkeys(payback["perspective"]))
    )
    with _style():
        fig, axes = _figure()
        ax = axes[0][0]
        for persp in shown:
            d = payback[payback["perspective"] == persp]
            if d.empty:
                continue
            c = colour(str(persp))
            x = d["year"].to_numpy()
            ax.fill_between(x, d["band_low"], d["band_high"], color=c, alpha=0.2, lw=0)
            ax.plot(x, d["prob_paid_back"], color=c, lw=2.5, label=payer_label(str(persp)))
        ax.set_xlabel(_("Year"))
        _share_axis(ax, _("Probability paid back (cumulative discounted net savings ≥ 0)"))
        ax.legend(loc="upper left", frameon=False)
        ax.text(
            0.99,
            0.02,
            _("shaded: 95 % Monte Carlo band"),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=11,
        )
        fig.suptitle(
            _text(label.title(_("Probability that the intervention has paid back, by year")))
        )
    return fig


def plot_fund_risk(mc: FundMonteCarlo) -> Figure:
    """Two panels: the probability that the fund has got back all it paid out
    by each year (line, 95 % Monte Carlo band shaded) and the distribution of
    the investment hump's depth (the payer's lowest cumulative net position,
    SEK undiscounted, histogram with its median)."""
    rec = mc.recovery_curve()
    depth = np.asarray(mc.hump_depth, dtype=float)
    payer = mc.fund.payer.value
    c = colour(payer)
    with _style():
        fig, axes = _figure(1, 2, figsize=(13, 5.5))
        ax, bx = axes[0]
        x = rec["year"].to_numpy()
        ax.fill_between(x, rec["band_low"], rec["band_high"], color=c, alpha=0.2, lw=0)
        ax.plot(x, rec["prob_recovered"], color=c, lw=2.5, marker="o", ms=4)
        ax.set_xlabel(_("Year"))
        _share_axis(ax, _("Probability the fund has recovered its outlays"))
        ax.set_title(_("Recovered by year (shaded: 95 % band)"))
        bx.hist(depth, bins=30, color=c, alpha=0.75, edgecolor="white")
        med = float(np.median(depth))
        bx.axvline(med, color="black", lw=1.2)
        bx.annotate(
            f"{_('median')}\n{_sek_text(med)}",
            (med, 1.0),
            xycoords=("data", "axes fraction"),
            ha="center",
            va="bottom",
            fontsize=11,
        )
        _money_axis(bx, depth, "x", _("Lowest cumulative net position"), None)
        bx.set_ylabel(_draws_text(int(depth.size)))
        bx.set_title(_("Depth of the investment hump"))
        fig.suptitle(
            _text(
                fund_label(mc.fund).title(
                    _("Fund risk: {payer}, undiscounted").format(payer=payer_label(payer))
                )
            )
        )
    return fig
