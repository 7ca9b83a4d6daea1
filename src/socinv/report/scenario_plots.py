"""Plots of one comparison: yearly costs per payer in both arms, cumulative
discounted net savings with break-even years, who invests and who gains, and
the investing payer's investment hump (conventions of
:mod:`socinv.report.plot_base`).

Needs the ``plot`` extra: ``pip install 'socinv[plot]'``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from socinv.i18n import gettext as _
from socinv.payers import PAYERS, PERSPECTIVES, Perspective
from socinv.report.plot_base import (
    PlotLabel,
    _draw_hump,
    _figure,
    _money_axis,
    _sek_text,
    _style,
    _year_ticks,
    colour,
    payer_label,
)
from socinv.scenarios.comparison import Comparison, investing_payer

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure


def affected_payers(cmp: Comparison, tol: float = 0.5) -> list[str]:
    """Payers with any cost in either arm (others would be empty lines)."""
    g = np.abs(cmp.group_costs[0]).sum(axis=(0, 2))  # (payers,)
    return [p.value for i, p in enumerate(PAYERS) if g[i] > tol]


# --- the plots ------------------------------------------------------------------
def plot_yearly_costs(cmp: Comparison, payers: Sequence[str] | None = None) -> Figure:
    """Yearly cost per payer in both arms (undiscounted SEK, price year): one
    panel per payer; solid = status quo, dashed = intervention arm including
    the intervention's own cost."""
    payers = list(payers) if payers is not None else affected_payers(cmp)
    if not payers:
        raise ValueError("no payer has any cost in this scenario; nothing to plot")
    y = cmp.yearly()
    label = PlotLabel.of(cmp)
    ncols = 2 if len(payers) == 4 else min(3, len(payers))
    nrows = math.ceil(len(payers) / ncols)
    with _style():
        fig, axes = _figure(nrows, ncols)
        for k, p in enumerate(payers):
            ax = axes[k // ncols][k % ncols]
            d = y[y["perspective"] == p]
            sq = d["status_quo"].to_numpy()
            iv = (d["intervention_episodes"] + d["intervention_cost"]).to_numpy()
            c = colour(p)
            ax.plot(d["year"], sq, color=c, lw=2.5, label=_("status quo"))
            ax.plot(d["year"], iv, color=c, lw=2.5, ls="--", label=_("intervention"))
            ax.fill_between(d["year"], sq, iv, color=c, alpha=0.12)
            ax.set_title(payer_label(p), color=c, fontweight="bold")
            _money_axis(ax, np.concatenate([sq, iv]), "y", _("Cost per year"), None)
            _year_ticks(ax, d["year"].to_numpy(), d["age"].to_numpy(), n_ticks=12 // ncols)
            ax.axhline(0, color="#999999", lw=0.8)
            if k == 0:
                ax.legend(loc="best", frameon=False)
        for k in range(len(payers), nrows * ncols):
            axes[k // ncols][k % ncols].set_visible(False)
        fig.suptitle(label.title(_("Yearly costs per payer: status quo vs intervention")))
    return fig


def plot_cumulative_net(cmp: Comparison, perspectives: Sequence[str] | None = None) -> Figure:
    """Cumulative discounted net savings (savings minus investment) per payer
    and for society, with each break-even year marked."""
    if perspectives is None:
        perspectives = [*affected_payers(cmp), Perspective.SOCIETY.value]
    y = cmp.yearly()
    label = PlotLabel.of(cmp)
    with _style():
        fig, axes = _figure()
        ax = axes[0][0]
        values = []
        for p in perspectives:
            d = y[y["perspective"] == p]
            cum = d["cumulative_net_disc"].to_numpy()
            values.append(cum)
            c = colour(p)
            lw = 3.2 if p == Perspective.SOCIETY.value else 2.4
            be = cmp.break_even_year(p)
            status = cmp.break_even_status(p)
            if status == "never":
                tag = _("no break-even within the horizon")
            elif status == "never behind":
                tag = _("never behind")
            elif status == "not affected":
                tag = _("not affected")
            else:
                tag = _("break-even {year}").format(year=be)
            ax.plot(d["year"], cum, color=c, lw=lw, label=f"{payer_label(p)}: {tag}")
            if be is not None and be > int(cmp.model.years[0]):
                t = be - int(cmp.model.years[0])
                ax.axvline(be, color=c, ls=":", lw=1.5)
                ax.plot([be], [cum[t]], "o", color=c, ms=9, zorder=5)
        ax.axhline(0, color="#555555", lw=1)
        _money_axis(
            ax, np.concatenate(values), "y", _("Cumulative net savings, discounted"), cmp.price_year
        )
        _year_ticks(ax, cmp.model.years, cmp.model.ages)
        ax.legend(loc="best", frameon=False)
        fig.suptitle(label.title(_("When does it pay back? Cumulative discounted net savings")))
    return fig


def plot_who_invests(cmp: Comparison) -> Figure:
    """Per payer: what it invests (down), what it saves (up) and its net
    (diamond), all present values in SEK."""
    w = cmp.who_invests_who_gains()
    w = w[w["role"] != "not affected"]
    if w.empty:
        raise ValueError("no payer invests or saves anything in this scenario; nothing to plot")
    label = PlotLabel.of(cmp)
    names = [str(i) for i in w.index]
    x = np.arange(len(names))
    with _style():
        fig, axes = _figure()
        ax = axes[0][0]
        cols = [colour(n) for n in names]
        inv = -w["invests_disc"].to_numpy()
        sav = w["saves_disc"].to_numpy()
        net = w["net_disc"].to_numpy()
        scale = _money_axis(
            ax, np.concatenate([inv, sav, net]), "y", _("Present value"), cmp.price_year
        )
        ax.bar(
            x - 0.2,
            inv,
            0.38,
            color=cols,
            alpha=0.45,
            hatch="//",
            edgecolor=cols,
            label=_("invests (−)"),
        )
        ax.bar(x + 0.2, sav, 0.38, color=cols, label=_("saves (+)"))
        ax.scatter(
            x,
            net,
            marker="D",
            s=110,
            color="white",
            edgecolors="black",
            zorder=5,
            linewidths=2,
            label=_("net (saves − invests)"),
        )
        for xi, v in zip(x, net, strict=True):
            ax.annotate(
                _sek_text(v, scale),
                (xi, v),
                textcoords="offset points",
                xytext=(12, 0),
                va="center",
                fontsize=12,
                fontweight="bold",
            )
        ax.axhline(0, color="#555555", lw=1)
        ax.set_xticks(x)
        ax.set_xticklabels([payer_label(n) for n in names])
        ax.set_xlabel(_("Payer"))
        ax.legend(loc="best", frameon=False)
        fig.suptitle(label.title(_("Who invests, who gains")))
    return fig


def plot_investment_hump(cmp: Comparison, payer: str | None = None) -> Figure:
    """The investing payer's cumulative cash position: net savings minus
    investment summed year by year, undiscounted (solid) and discounted
    (dashed). The trough is the most money the payer is out of pocket."""
    payer = payer or investing_payer(cmp)
    y = cmp.yearly()
    d = y[y["perspective"] == payer]
    if d.empty:
        raise ValueError(
            f"unknown payer {payer!r}; expected one of {[p.value for p in PERSPECTIVES]}"
        )
    cash = np.cumsum(d["net_savings"].to_numpy())
    disc = d["cumulative_net_disc"].to_numpy()
    years = d["year"].to_numpy()
    label = PlotLabel.of(cmp)
    c = colour(payer)
    with _style():
        fig, axes = _figure()
        ax = axes[0][0]
        _draw_hump(
            ax, years, cash, disc, c, _("cumulative cash position (undiscounted)"), cmp.price_year
        )
        _year_ticks(ax, years, d["age"].to_numpy())
        ax.legend(loc="best", frameon=False)
        fig.suptitle(
            label.title(_("The investment hump: {payer}").format(payer=payer_label(payer)))
        )
    return fig
