"""Slide-ready plots of a comparison and its sensitivity analyses (matplotlib).

Every plot is titled with the scenario, the price year and the discount rate,
draws each payer/perspective in the same colour (:data:`PALETTE`) and labels
money axes in SEK, kSEK or MSEK (stated in the axis label) with spaces as
thousands separators. Functions return a :class:`matplotlib.figure.Figure`
built without pyplot, so saving works headless (Agg) and nothing global is
touched; in a notebook the figure displays as usual.

Needs the ``plot`` extra: ``pip install 'socinv[plot]'``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from socinv.formatting import percent, rate
from socinv.i18n import current_lang
from socinv.i18n import gettext as _
from socinv.payers import PAYERS, PERSPECTIVES, Perspective
from socinv.scenarios.comparison import Comparison
from socinv.scenarios.comparison import investing_payer as investing_payer
from socinv.scenarios.models import Scenario
from socinv.sensitivity.oneway import ONE_WAY_COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from socinv.contracts import Contract, ContractResult
    from socinv.fund import Fund, FundLedger

#: One colour per payer/perspective, used by every plot and the HTML report.
PALETTE: dict[str, str] = {
    "municipality": "#1f5fa8",  # blue
    "region": "#2e9e5b",  # green
    "state": "#d98a1c",  # orange
    "individual": "#8e44ad",  # purple
    "other": "#7f7f7f",  # grey
    "public": "#17a2b8",  # teal
    "society": "#222222",  # near black
}

#: Swedish labels shown next to the English perspective names.
LABEL_SV: dict[str, str] = {
    "municipality": "kommun",
    "region": "region",
    "state": "stat",
    "individual": "individ",
    "other": "övriga",
    "public": "offentlig sektor",
    "society": "samhället",
}

#: Figure size in inches (16:9, readable on a slide at 100 dpi and more).
SLIDE_SIZE = (12.0, 6.75)

_RC: dict[str, Any] = {
    "text.parse_math": False,  # '$' in a title or label is text, not maths
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "figure.titlesize": 16,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
}


def payer_label(name: str) -> str:
    """``'municipality'`` -> ``'municipality (kommun)'`` (in Swedish, see
    :func:`socinv.i18n.use_lang`: ``'kommun'``)."""
    sv = LABEL_SV.get(name)
    if current_lang() == "sv":
        return sv or name
    return f"{name} ({sv})" if sv and sv != name else name


def payer_word(name: str) -> str:
    """A payer's name inside a sentence: ``'municipality'`` in English,
    ``'kommun'`` in Swedish (see :func:`socinv.i18n.use_lang`)."""
    return LABEL_SV.get(name, name) if current_lang() == "sv" else name


def colour(name: str) -> str:
    """The palette colour of a payer or perspective (raises naming the known keys)."""
    try:
        return PALETTE[str(name)]
    except KeyError:
        raise KeyError(f"no colour for {name!r}; known: {', '.join(PALETTE)}") from None


# --- labels ---------------------------------------------------------------------
@dataclass(frozen=True)
class PlotLabel:
    """What every plot title states: scenario, price year and discount rate."""

    scenario: str
    price_year: int
    rate: str

    @classmethod
    def of(cls, scenario: Scenario | Comparison, rate: float | None = None) -> PlotLabel:
        """The label of a scenario or comparison (``rate`` overrides the scenario's)."""
        sc = scenario.scenario if isinstance(scenario, Comparison) else scenario
        return cls(sc.title or sc.name, sc.price_year, rate_text(sc, rate))

    def title(self, what: str, width: int = 100) -> str:
        """``what`` over the scenario (wrapped to ``width`` characters), price
        year and discount rate."""
        import textwrap

        settings = _("SEK, {year} prices · discount rate {rate}").format(
            year=self.price_year, rate=self.rate
        )
        context = f"{self.scenario} · {settings}"
        if len(context) <= width:
            return f"{what}\n{context}"
        # too long for one line: break at the separator, then wrap the name alone
        return "\n".join([what, *textwrap.wrap(self.scenario, width), settings])


def rate_text(scenario: Scenario, rate: float | None = None) -> str:
    """The discount rate as text: ``'3.5 %'`` or ``'3.5 % (years 0–29), 2.5 % (30+)'``."""
    if rate is not None:
        return _pct(rate)
    d = scenario.discounting
    if d.schedule is None:
        return _pct(d.rate)
    steps = list(d.schedule)
    parts = []
    for k, s in enumerate(steps):
        end = f"–{steps[k + 1].from_year - 1}" if k + 1 < len(steps) else "+"
        parts.append(f"{_pct(s.rate)} ({_('years')} {s.from_year}{end})")
    return ", ".join(parts)


def _pct(x: float) -> str:
    return rate(x, current_lang())


# --- money axes -----------------------------------------------------------------
@dataclass(frozen=True)
class MoneyScale:
    """How money is shown on an axis: divide by ``factor``, call it ``unit``."""

    factor: float
    unit: str
    decimals: int

    def fmt(self, value: float) -> str:
        s = f"{value / self.factor:,.{self.decimals}f}".replace(",", " ")
        return _decimal_mark(s.replace("-", "−"))


def money_scale(values: Sequence[float] | np.ndarray[Any, Any]) -> MoneyScale:
    """SEK below 100 000, kSEK below 10 million, MSEK above (largest absolute value);
    decimals so ticks stay distinct."""
    arr = np.asarray(values, dtype=float)
    arr = arr[np.isfinite(arr)]
    top = float(np.max(np.abs(arr))) if arr.size else 0.0
    if top >= 1e7:
        factor, unit = 1e6, "MSEK"
    elif top >= 1e5:
        factor, unit = 1e3, "kSEK"
    else:
        factor, unit = 1.0, "SEK"
    span = top / factor
    decimals = 0 if span >= 20 or factor == 1.0 else (1 if span >= 2 else 2)
    return MoneyScale(factor, unit, decimals)


def _money_axis(ax: Axes, values: Any, axis: str, what: str, price_year: int | None) -> MoneyScale:
    """Format a money axis; the label names the unit (and the price year, unless
    ``price_year`` is None because the figure title states it)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    scale = money_scale(np.asarray(values, dtype=float).ravel())
    formatter = FuncFormatter(lambda x, _pos: scale.fmt(x))
    unit = _(scale.unit)
    label = (
        _("{what} ({unit}, {year} prices)").format(what=what, unit=unit, year=price_year)
        if price_year is not None
        else f"{what} ({unit})"
    )
    if axis == "y":
        ax.yaxis.set_major_formatter(formatter)
        ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 5, 10]))
        ax.set_ylabel(label)
    else:
        ax.xaxis.set_major_formatter(formatter)
        ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 5, 10]))
        ax.set_xlabel(label)
    return scale


def _sek_text(value: float, scale: MoneyScale | None = None) -> str:
    """Compact money text for annotations: ``'−1.2 MSEK'``, ``'350 kSEK'``
    (in ``scale``'s unit if given, to match an axis)."""
    scale = scale or money_scale([value])
    decimals = 1 if scale.factor > 1 and abs(value) / scale.factor < 100 else 0
    s = f"{value / scale.factor:,.{decimals}f}".replace(",", " ").replace("-", "−")
    return f"{_decimal_mark(s)} {_(scale.unit)}"


def _decimal_mark(text: str) -> str:
    """A decimal comma in Swedish (see :func:`socinv.i18n.use_lang`)."""
    return text.replace(".", ",") if current_lang() == "sv" else text


# --- figure plumbing ------------------------------------------------------------
def _mpl() -> Any:
    try:
        import matplotlib
    except ImportError as exc:
        raise ImportError("plots need matplotlib: pip install 'socinv[plot]'") from exc
    return matplotlib


@contextmanager
def _style() -> Iterator[None]:
    mpl = _mpl()
    with mpl.rc_context(_RC):
        yield


def _figure(nrows: int = 1, ncols: int = 1, **kw: Any) -> tuple[Figure, Any]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=kw.pop("figsize", SLIDE_SIZE), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, **kw)
    return fig, axes


def _year_ticks(
    ax: Axes, years: np.ndarray[Any, Any], ages: np.ndarray[Any, Any], n_ticks: int = 10
) -> None:
    """Calendar years on the axis, with the person's age below."""
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50) if len(years) / s <= n_ticks), 100)
    ticks = years[::step]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{y}\n{a}" for y, a in zip(ticks, ages[::step], strict=True)])
    ax.set_xlabel(_("Year (age)"))


def figure_png(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (Agg renderer, no display needed)."""
    import io

    _mpl()
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


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


def _draw_hump(
    ax: Axes,
    years: Any,
    cash: Any,
    disc: Any,
    c: str,
    cash_label: str,
    price_year: int | None,
    **cash_style: Any,
) -> None:
    """The investment hump on ``ax``: the cumulative cash position (solid, area
    below zero shaded) and its discounted twin (dashed), on a money axis, with
    the lowest point of each marked and the undiscounted one labelled."""
    ax.fill_between(years, cash, 0, where=cash < 0, color=c, alpha=0.18, interpolate=True)
    ax.plot(years, cash, color=c, lw=3, label=cash_label, **cash_style)
    ax.plot(years, disc, color=c, lw=2, ls="--", label=_("cumulative, discounted"))
    scale = _money_axis(
        ax, np.concatenate([cash, disc, [0.0]]), "y", _("Cumulative cash position"), price_year
    )
    k = int(np.argmin(cash))
    if cash[k] < 0:
        ax.plot([years[k]], [cash[k]], "v", color=c, ms=12, zorder=5)
        ax.annotate(
            _("lowest point {year}: {amount}").format(
                year=years[k], amount=_sek_text(float(cash[k]), scale)
            ),
            (years[k], cash[k]),
            textcoords="offset points",
            xytext=(14, -4),
            fontsize=12,
            fontweight="bold",
            color=c,
            va="top",
        )
        ax.margins(y=0.14)
    kd = int(np.argmin(disc))
    if disc[kd] < 0:
        ax.plot([years[kd]], [disc[kd]], "v", color=c, ms=9, mfc="white", zorder=5)
    ax.axhline(0, color="#555555", lw=1)


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
    return s.replace(",", " ")


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


# --- funds and outcome contracts ------------------------------------------------------
def fund_label(fund: Fund) -> PlotLabel:
    """The label of a fund's plots: its title, price year and discount rate."""
    return PlotLabel(fund.title or fund.name, fund.price_year, _pct(fund.discount_rate))


def contract_label(contract: Contract) -> PlotLabel:
    """The label of a contract's plots: its title, price year and discount rate."""
    return PlotLabel(
        contract.title or contract.name, contract.price_year, _pct(contract.discount_rate)
    )


def _blend(hex_colour: str, towards_white: float) -> str:
    """``hex_colour`` mixed with white (0 = unchanged, 1 = white)."""
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * towards_white) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def agency_colours(agencies: Sequence[str], levels: Mapping[str, str]) -> dict[str, str]:
    """A colour per agency: the palette colour of the payer it belongs to
    (``levels``: agency -> payer name; unknown -> grey), lighter shades for
    the second, third, ... agency of the same payer."""
    seen: dict[str, int] = {}
    out: dict[str, str] = {}
    for a in agencies:
        payer = levels.get(a, "other")
        k = seen.get(payer, 0)
        seen[payer] = k + 1
        out[a] = _blend(PALETTE.get(payer, PALETTE["other"]), min(0.75, 0.28 * k))
    return out


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
        _draw_hump(ax, years, cash, disc, c, "cumulative cash position", None, marker="o", ms=4)
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
        ax.legend(loc="best", frameon=False, title="Agency")
        fig.suptitle(fund_label(fund).title(_("Repayments to the fund by agency")))
    return fig


def _hist(
    ax: Axes,
    values: np.ndarray[Any, Any],
    c: str,
    line: float,
    line_label: str,
    bins: int,
    text: str,
) -> None:
    """A histogram of draws with a reference line and a boxed statement (the
    y axis leaves room above the bars for the statement and the legend; a
    sample of (nearly) one value gets bins of width 0.25 around it)."""
    lo, hi = float(np.min(values)), float(np.max(values))
    edges: Any = bins
    if hi - lo < 1e-9 * max(1.0, abs(lo)):
        edges = np.linspace(lo - 0.125, hi + 0.125, 2)
    counts, _edges, _patches = ax.hist(values, bins=edges, color=c, alpha=0.75, edgecolor="white")
    ax.set_ylim(0, float(np.max(counts)) * 1.45)
    ax.axvline(line, color="#c0392b", lw=2, ls="--", label=line_label)
    p5, p50, p95 = np.percentile(values, [5, 50, 95])
    ax.axvline(p50, color="black", lw=1.2, label=_("median"))
    ax.axvline(p5, color="black", lw=1.2, ls=":", label=_("5th and 95th percentile"))
    ax.axvline(p95, color="black", lw=1.2, ls=":")
    ax.text(
        0.02,
        0.95,
        text,
        transform=ax.transAxes,
        va="top",
        fontsize=13,
        fontweight="bold",
        bbox={"facecolor": "white", "edgecolor": c, "boxstyle": "round"},
    )
    ax.set_ylabel(_("Number of draws"))
    ax.legend(loc="upper right", frameon=False)


def _draws_text(n: int) -> str:
    return _("{n} draws").format(n=f"{n:,}".replace(",", " "))


def _share(p: float) -> str:
    return percent(p, current_lang(), digits=0)


def plot_contract_payments(result: ContractResult, bins: int = 40) -> Figure:
    """Monte Carlo distribution of the payer's total payment to the investor
    (SEK, undiscounted; ``result.total_payment``), the investor's capital
    marked: draws left of it are losses for the investor."""
    c = result.contract
    x = np.asarray(result.total_payment, dtype=float)
    cap = c.investor.capital_sek
    p_loss = float(result.loss.mean())
    col = colour(c.payer.value)
    scale = money_scale(np.concatenate([x, [cap, 0.0]]))  # the axis's unit
    with _style():
        fig, axes = _figure()
        ax = axes[0][0]
        _hist(
            ax,
            x,
            col,
            cap,
            _("capital put in ({amount})").format(amount=_sek_text(cap, scale)),
            bins,
            _("P(investor loss) = {p}").format(p=_share(p_loss))
            + "\n"
            + _("mean {amount}").format(amount=_sek_text(float(x.mean()), scale))
            + "\n"
            + _draws_text(x.size),
        )
        _money_axis(
            ax,
            np.concatenate([x, [cap, 0.0]]),
            "x",
            _("Total payment by the {payer}").format(payer=payer_word(c.payer.value)),
            None,
        )
        fig.suptitle(contract_label(c).title(_("Monte Carlo: total payment to the investor")))
    return fig


def plot_contract_net_position(result: ContractResult, bins: int = 40) -> Figure:
    """Monte Carlo distribution of the payer's net present value (PV of its
    savings minus PV of its payments, SEK; ``result.payer_net_pv``), zero
    marked, P(net PV < 0) stated."""
    c = result.contract
    x = np.asarray(result.payer_net_pv, dtype=float)
    p_neg = float((x < 0).mean())
    col = colour(c.payer.value)
    scale = money_scale(np.concatenate([x, [0.0]]))  # the axis's unit
    with _style():
        fig, axes = _figure()
        ax = axes[0][0]
        _hist(
            ax,
            x,
            col,
            0.0,
            _("net PV = 0"),
            bins,
            _("P(net PV < 0) = {p}").format(p=_share(p_neg))
            + "\n"
            + _("mean {amount}").format(amount=_sek_text(float(x.mean()), scale))
            + "\n"
            + _draws_text(x.size),
        )
        _money_axis(
            ax,
            np.concatenate([x, [0.0]]),
            "x",
            _("Net present value, {payer}").format(payer=payer_label(c.payer.value)),
            None,
        )
        fig.suptitle(
            contract_label(c).title(
                _("Monte Carlo: net position of the {payer} (savings − payments, PV)").format(
                    payer=payer_word(c.payer.value)
                )
            )
        )
    return fig


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
