"""Plots of an outcome contract: the Monte Carlo distributions of the total
payment, the payer's net position and the investor's IRR, and the investor's
yearly flows (conventions of :mod:`socinv.report.plot_base`).

Needs the ``plot`` extra: ``pip install 'socinv[plot]'``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from socinv.formatting import percent
from socinv.i18n import current_lang
from socinv.i18n import gettext as _
from socinv.report.plot_base import (
    PALETTE,
    MoneyScale,
    _draws_text,
    _figure,
    _hist,
    _money_axis,
    _sek_text,
    _share,
    _style,
    colour,
    contract_label,
    money_scale,
    payer_label,
    payer_word,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from socinv.contracts import ContractResult


def _money_histogram(
    result: ContractResult,
    x: np.ndarray[Any, Any],
    line: float,
    line_label: Callable[[MoneyScale], str],
    probability: str,
    xlabel: str,
    title: str,
    bins: int,
) -> Figure:
    """A histogram of money draws ``x`` (SEK) with a reference ``line`` and a
    boxed statement: ``probability``, the mean (in the axis's unit) and the
    number of draws."""
    c = result.contract
    shown = np.concatenate([x, [line, 0.0]])
    scale = money_scale(shown)  # the axis's unit
    mean = _("mean {amount}").format(amount=_sek_text(float(x.mean()), scale))
    with _style():
        fig, axes = _figure()
        ax = axes[0][0]
        _hist(
            ax,
            x,
            colour(c.payer.value),
            line,
            line_label(scale),
            bins,
            f"{probability}\n{mean}\n{_draws_text(x.size)}",
        )
        _money_axis(ax, shown, "x", xlabel, None)
        fig.suptitle(contract_label(c).title(title))
    return fig


def plot_contract_payments(result: ContractResult, bins: int = 40) -> Figure:
    """Monte Carlo distribution of the payer's total payment to the investor
    (SEK, undiscounted; ``result.total_payment``), the investor's capital
    marked: draws left of it are losses for the investor."""
    c = result.contract
    cap = c.investor.capital_sek
    return _money_histogram(
        result,
        np.asarray(result.total_payment, dtype=float),
        cap,
        lambda scale: _("capital put in ({amount})").format(amount=_sek_text(cap, scale)),
        _("P(investor loss) = {p}").format(p=_share(float(result.loss.mean()))),
        _("Total payment by the {payer}").format(payer=payer_word(c.payer.value)),
        _("Monte Carlo: total payment to the investor"),
        bins,
    )


def plot_contract_net_position(result: ContractResult, bins: int = 40) -> Figure:
    """Monte Carlo distribution of the payer's net present value (PV of its
    savings minus PV of its payments, SEK; ``result.payer_net_pv``), zero
    marked, P(net PV < 0) stated."""
    c = result.contract
    x = np.asarray(result.payer_net_pv, dtype=float)
    return _money_histogram(
        result,
        x,
        0.0,
        lambda _scale: _("net PV = 0"),
        _("P(net PV < 0) = {p}").format(p=_share(float((x < 0).mean()))),
        _("Net present value, {payer}").format(payer=payer_label(c.payer.value)),
        _("Monte Carlo: net position of the {payer} (savings − payments, PV)").format(
            payer=payer_word(c.payer.value)
        ),
        bins,
    )


def plot_contract_irr(result: ContractResult, bins: int = 40) -> Figure:
    """Monte Carlo distribution of the investor's IRR (percent a year; draws
    with no IRR left out and counted), zero marked, P(loss) stated."""
    c = result.contract
    irr = np.asarray(result.irr, dtype=float)
    ok = irr[np.isfinite(irr)]
    if ok.size == 0:
        raise ValueError(f"contract {c.name!r}: no draw has an IRR; nothing to plot")
    undefined = int(irr.size - ok.size)
    p_loss = float(result.loss.mean())
    col = PALETTE["other"]
    pct = 100 * ok
    median = round(float(np.median(pct)), 1) + 0.0  # + 0.0: no "-0.0"
    text = (
        _("P(investor loss) = {p}").format(p=_share(p_loss))
        + "\n"
        + _("median IRR {irr}").format(irr=percent(median / 100, current_lang()))
        + "\n"
        + _draws_text(irr.size)
    )
    if undefined:
        text += "; " + _("{n} without an IRR").format(n=f"{undefined:,}".replace(",", " "))
    span = float(pct.max() - pct.min())
    with _style():
        fig, axes = _figure()
        ax = axes[0][0]
        _hist(ax, pct, col, 0.0, _("IRR = 0"), bins, text)
        if span < 1.0:  # (nearly) one value: a readable window around it
            ax.set_xlim(median - 5.0, median + 5.0)
        from matplotlib.ticker import FuncFormatter

        ax.xaxis.set_major_formatter(
            FuncFormatter(lambda v, _p: f"{v + 0.0:.0f}".replace("-", "−"))
        )
        ax.set_xlabel(
            _("Investor's IRR ({investor}, % a year, real)").format(investor=c.investor.label)
        )
        fig.suptitle(
            contract_label(c).title(_("Monte Carlo: the investor's internal rate of return"))
        )
    return fig


def plot_contract_flows(result: ContractResult) -> Figure:
    """The investor's yearly flows (SEK, undiscounted; ``yearly_table()``):
    capital put in (down) and mean payments received (up), with the mean
    cumulative net as a line."""
    c = result.contract
    y = result.yearly_table()
    years = y["year"].to_numpy()
    disb = y["disbursements_sek"].to_numpy(dtype=float)
    pay = y["payments_mean_sek"].to_numpy(dtype=float)
    cum = np.cumsum(y["investor_net_mean_sek"].to_numpy(dtype=float))
    col = colour(c.payer.value)
    what = "" if result.n == 1 else " " + _("(mean of {n})").format(n=_draws_text(result.n))
    with _style():
        fig, axes = _figure()
        ax = axes[0][0]
        ax.bar(years, -disb, 0.6, color=PALETTE["other"], alpha=0.7, label=_("capital put in"))
        ax.bar(
            years,
            pay,
            0.6,
            color=col,
            label=_("payments by the {payer}").format(payer=payer_word(c.payer.value)) + what,
        )
        ax.plot(years, cum, color="black", lw=2.5, marker="o", label=_("investor's cumulative net"))
        ax.axhline(0, color="#555555", lw=1)
        _money_axis(ax, np.concatenate([-disb, pay, cum, [0.0]]), "y", _("Flows per year"), None)
        ax.set_xticks(years)
        ax.set_xlabel(_("Year"))
        ax.legend(loc="best", frameon=False)
        fig.suptitle(
            contract_label(c).title(
                _("Investor's money: in and back ({investor})").format(investor=c.investor.label)
            )
        )
    return fig
