"""Plots of a social investment fund's ledger: the fund payer's investment
hump, the fund's balance over its yearly flows, and repayments by agency
(conventions of :mod:`socinv.report.plot_base`).

Needs the ``plot`` extra: ``pip install 'socinv[plot]'``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from socinv.i18n import gettext as _
from socinv.report.plot_base import (
    PALETTE,
    _blend,
    _draw_hump,
    _figure,
    _money_axis,
    _sek_text,
    _style,
    agency_colours,
    colour,
    fund_label,
    payer_label,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from socinv.fund import FundLedger


def plot_fund_hump(ledger: FundLedger) -> Figure:
    """The fund payer's cumulative cash position year by year (its savings
    minus its intervention cost, summed): undiscounted (solid) and discounted
    at the fund's rate (dashed), the lowest point of each marked. Columns
    ``payer_cumulative_sek`` and ``payer_cumulative_disc_sek`` of the ledger."""
    t = ledger.table()
    fund = ledger.fund
    payer = fund.payer.value
    years = t["year"].to_numpy()
    cash = t["payer_cumulative_sek"].to_numpy(dtype=float)
    disc = t["payer_cumulative_disc_sek"].to_numpy(dtype=float)
    c = colour(payer)
    with _style():
        fig, axes = _figure()
        ax = axes[0][0]
        _draw_hump(ax, years, cash, disc, c, _("cumulative cash position"), None, marker="o", ms=4)
        ax.set_xlabel(_("Year"))
        ax.legend(loc="lower right", frameon=False)
        fig.suptitle(
            fund_label(fund).title(
                _("The investment hump: {payer}, all projects").format(payer=payer_label(payer))
            )
        )
    return fig


def plot_fund_balance(ledger: FundLedger) -> Figure:
    """The fund's closing balance by year (line) over its yearly flows (bars):
    allocations and repayments in (up), project outlays out (down). Columns
    ``closing_balance_sek``, ``allocations_sek``, ``repayments_sek`` and
    ``outlays_sek`` of the ledger; a balance below zero means overdrawn."""
    t = ledger.table()
    fund = ledger.fund
    years = t["year"].to_numpy()
    closing = t["closing_balance_sek"].to_numpy(dtype=float)
    alloc = t["allocations_sek"].to_numpy(dtype=float)
    rep = t["repayments_sek"].to_numpy(dtype=float)
    out = t["outlays_sek"].to_numpy(dtype=float)
    c = colour(fund.payer.value)
    with _style():
        fig, axes = _figure()
        ax = axes[0][0]
        ax.bar(years, alloc, 0.7, color=_blend(c, 0.55), label=_("allocations (in)"))
        ax.bar(years, rep, 0.7, bottom=alloc, color=PALETTE["region"], label=_("repayments (in)"))
        ax.bar(years, -out, 0.7, color="#c0392b", alpha=0.75, label=_("project outlays (out)"))
        ax.plot(years, closing, color="black", lw=3, marker="o", ms=5, label=_("closing balance"))
        ax.axhline(0, color="#555555", lw=1)
        _money_axis(
            ax,
            np.concatenate([closing, alloc + rep, -out, [fund.initial_capital_sek]]),
            "y",
            _("Flows per year and balance"),
            None,
        )
        ax.set_xlabel(_("Year"))
        ax.legend(loc="best", frameon=False, ncols=2)
        fig.suptitle(
            fund_label(fund).title(
                _("Fund balance (initial capital {amount})").format(
                    amount=_sek_text(fund.initial_capital_sek)
                )
            )
        )
    return fig


def plot_repayments_by_agency(ledger: FundLedger) -> Figure:
    """Repayments to the fund by year, stacked by agency (SEK; the ledger's
    ``repayments_by_agency()``), coloured by the payer each agency belongs to."""
    from socinv.fund import agency_level

    wide = ledger.repayments_by_agency()
    fund = ledger.fund
    if wide.shape[1] == 0 or not (wide.to_numpy() > 0).any():
        raise ValueError(f"fund {fund.name!r} has no repayments within its years; nothing to plot")
    years = wide.index.to_numpy()
    agencies = [str(a) for a in wide.columns]
    levels = {
        a: (lvl.value if (lvl := agency_level(a, fund.agency_levels)) else fund.payer.value)
        for a in agencies
    }
    cols = agency_colours(agencies, levels)
    with _style():
        fig, axes = _figure()
        ax = axes[0][0]
        bottom = np.zeros(len(years))
        for a in agencies:
            v = wide[a].to_numpy(dtype=float)
            ax.bar(years, v, 0.7, bottom=bottom, color=cols[a], label=a, edgecolor="white")
            bottom = bottom + v
        _money_axis(ax, np.concatenate([bottom, [0.0]]), "y", _("Repayments to the fund"), None)
        ax.set_xlabel(_("Year"))
        ax.set_xticks(years[:: max(1, len(years) // 16)])
        ax.legend(loc="best", frameon=False, title=_("Agency"))
        fig.suptitle(fund_label(fund).title(_("Repayments to the fund by agency")))
    return fig
