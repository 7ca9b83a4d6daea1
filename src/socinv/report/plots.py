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

from socinv.payers import PAYERS, PERSPECTIVES, Perspective
from socinv.scenarios.comparison import Comparison
from socinv.scenarios.models import Scenario

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

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
    "society": "samhälle",
}

#: Figure size in inches (16:9, readable on a slide at 100 dpi and more).
SLIDE_SIZE = (12.0, 6.75)

_RC: dict[str, Any] = {
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
    """``'municipality'`` -> ``'municipality (kommun)'``."""
    sv = LABEL_SV.get(name)
    return f"{name} ({sv})" if sv and sv != name else name


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

        context = f"{self.scenario} · SEK, {self.price_year} prices · discount rate {self.rate}"
        return "\n".join([what, *textwrap.wrap(context, width)])


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
        parts.append(f"{_pct(s.rate)} (years {s.from_year}{end})")
    return ", ".join(parts)


def _pct(x: float) -> str:
    s = f"{100 * x:.2f}".rstrip("0").rstrip(".")
    return f"{s} %"


# --- money axes -----------------------------------------------------------------
@dataclass(frozen=True)
class MoneyScale:
    """How money is shown on an axis: divide by ``factor``, call it ``unit``."""

    factor: float
    unit: str
    decimals: int

    def fmt(self, value: float) -> str:
        s = f"{value / self.factor:,.{self.decimals}f}".replace(",", " ")
        return s.replace("-", "−")


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
    from matplotlib.ticker import FuncFormatter

    scale = money_scale(np.asarray(values, dtype=float).ravel())
    formatter = FuncFormatter(lambda x, _pos: scale.fmt(x))
    label = (
        f"{what} ({scale.unit}, {price_year} prices)"
        if price_year is not None
        else f"{what} ({scale.unit})"
    )
    if axis == "y":
        ax.yaxis.set_major_formatter(formatter)
        ax.set_ylabel(label)
    else:
        ax.xaxis.set_major_formatter(formatter)
        ax.set_xlabel(label)
    return scale


def _sek_text(value: float, scale: MoneyScale | None = None) -> str:
    """Compact money text for annotations: ``'−1.2 MSEK'``, ``'350 kSEK'``
    (in ``scale``'s unit if given, to match an axis)."""
    scale = scale or money_scale([value])
    decimals = 1 if scale.factor > 1 and abs(value) / scale.factor < 100 else 0
    s = f"{value / scale.factor:,.{decimals}f}".replace(",", " ").replace("-", "−")
    return f"{s} {scale.unit}"


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
    ax.set_xlabel("Year (age)")


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
            ax.plot(d["year"], sq, color=c, lw=2.5, label="status quo")
            ax.plot(d["year"], iv, color=c, lw=2.5, ls="--", label="intervention")
            ax.fill_between(d["year"], sq, iv, color=c, alpha=0.12)
            ax.set_title(payer_label(p), color=c, fontweight="bold")
            _money_axis(ax, np.concatenate([sq, iv]), "y", "Cost per year", None)
            _year_ticks(ax, d["year"].to_numpy(), d["age"].to_numpy(), n_ticks=12 // ncols)
            ax.axhline(0, color="#999999", lw=0.8)
            if k == 0:
                ax.legend(loc="best", frameon=False)
        for k in range(len(payers), nrows * ncols):
            axes[k // ncols][k % ncols].set_visible(False)
        fig.suptitle(label.title("Yearly costs per payer: status quo vs intervention"))
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
            if be is None:
                tag = "no break-even within the horizon"
            elif be == int(cmp.model.years[0]):
                tag = "never behind"
            else:
                tag = f"break-even {be}"
            ax.plot(d["year"], cum, color=c, lw=lw, label=f"{payer_label(p)}: {tag}")
            if be is not None and be > int(cmp.model.years[0]):
                t = be - int(cmp.model.years[0])
                ax.axvline(be, color=c, ls=":", lw=1.5)
                ax.plot([be], [cum[t]], "o", color=c, ms=9, zorder=5)
        ax.axhline(0, color="#555555", lw=1)
        _money_axis(
            ax, np.concatenate(values), "y", "Cumulative net savings, discounted", cmp.price_year
        )
        _year_ticks(ax, cmp.model.years, cmp.model.ages)
        ax.legend(loc="best", frameon=False)
        fig.suptitle(label.title("When does it pay back? Cumulative discounted net savings"))
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
            ax, np.concatenate([inv, sav, net]), "y", "Present value", cmp.price_year
        )
        ax.bar(
            x - 0.2,
            inv,
            0.38,
            color=cols,
            alpha=0.45,
            hatch="//",
            edgecolor=cols,
            label="invests (−)",
        )
        ax.bar(x + 0.2, sav, 0.38, color=cols, label="saves (+)")
        ax.scatter(
            x,
            net,
            marker="D",
            s=110,
            color="white",
            edgecolors="black",
            zorder=5,
            linewidths=2,
            label="net (saves − invests)",
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
        ax.set_xlabel("Payer")
        ax.legend(loc="best", frameon=False)
        fig.suptitle(label.title("Who invests, who gains"))
    return fig


def investing_payer(cmp: Comparison) -> str:
    """The payer that bears most of the intervention's cost (present value)."""
    w = cmp.who_invests_who_gains()
    inv = w["invests_disc"]
    if not (inv > 0).any():
        raise ValueError("the intervention has no cost for any payer; there is no investing payer")
    return str(inv.idxmax())


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
        ax.fill_between(years, cash, 0, where=cash < 0, color=c, alpha=0.18, interpolate=True)
        ax.plot(years, cash, color=c, lw=3, label="cumulative cash position (undiscounted)")
        ax.plot(years, disc, color=c, lw=2, ls="--", label="cumulative, discounted")
        k = int(np.argmin(cash))
        if cash[k] < 0:
            ax.annotate(
                f"deepest point {years[k]}: {_sek_text(float(cash[k]))}",
                (years[k], cash[k]),
                textcoords="offset points",
                xytext=(12, -16),
                fontsize=12,
                fontweight="bold",
                color=c,
                va="top",
            )
            ax.margins(y=0.12)
            ax.plot([years[k]], [cash[k]], "v", color=c, ms=11)
        ax.axhline(0, color="#555555", lw=1)
        _money_axis(
            ax, np.concatenate([cash, disc]), "y", "Cumulative cash position", cmp.price_year
        )
        _year_ticks(ax, years, d["age"].to_numpy())
        ax.legend(loc="best", frameon=False)
        fig.suptitle(label.title(f"The investment hump: {payer_label(payer)}"))
    return fig


TORNADO_COLUMNS = (
    "parameter",
    "perspective",
    "low",
    "high",
    "base_value",
    "npv_low",
    "npv_high",
    "npv_base",
    "swing",
)


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
            label="parameter at its low value",
        )
        ax.barh(
            ypos,
            hi - base,
            left=base,
            color=c,
            alpha=0.95,
            height=0.7,
            label="parameter at its high value",
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
            f"NPV, {payer_label(perspective)}",
            label.price_year,
        )
        ax.legend(loc="lower right", frameon=False, fontsize=11)
        ax.set_ylabel("Parameter [low – high]")
        fig.suptitle(
            label.title(
                f"One-way sensitivity of the NPV ({perspective}); base NPV {_sek_text(base)}"
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
        ax.axvline(0, color="#c0392b", lw=2, ls="--", label="NPV = 0")
        for q, name in ((lo, "2.5th"), (med, "median"), (hi, "97.5th")):
            ax.axvline(q, color="black", lw=1.2, ls=":" if name != "median" else "-")
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
            f"P(NPV > 0) = {p_pos:.0%}\n{v.size:,} draws".replace(",", " "),
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
            f"NPV, {payer_label(perspective)}",
            label.price_year,
        )
        ax.set_ylabel("Number of draws")
        ax.legend(loc="upper right", frameon=False)
        fig.suptitle(label.title(f"Monte Carlo: NPV ({perspective}), P(NPV > 0) = {p_pos:.0%}"))
    return fig
