"""The conventions every plot shares: one colour per payer (:data:`PALETTE`),
titles that state the scenario, price year and discount rate
(:class:`PlotLabel`), money axes in SEK, kSEK or MSEK with spaces as thousands
separators (:func:`money_scale`), the slide-sized figure built without pyplot,
and the drawing parts more than one plot uses (histogram of draws, investment
hump). Text follows :func:`socinv.i18n.use_lang`.

Needs the ``plot`` extra: ``pip install 'socinv[plot]'``.

Example:
    >>> scale = money_scale([12_500, -340_000])
    >>> scale.unit, scale.fmt(-340_000)
    ('kSEK', '−340')
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from socinv.formatting import percent, rate
from socinv.i18n import PAYER_SV, current_lang, payer_name
from socinv.i18n import gettext as _
from socinv.i18n import payer_word as _payer_word
from socinv.scenarios.comparison import Comparison
from socinv.scenarios.models import Scenario

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from socinv.contracts import Contract
    from socinv.fund import Fund

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

#: Swedish labels shown next to the English perspective names (those of
#: :data:`socinv.i18n.PAYER_SV`).
LABEL_SV: dict[str, str] = PAYER_SV

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
    return payer_name(name, current_lang())


def payer_word(name: str) -> str:
    """A payer's name inside a sentence: ``'municipality'`` in English,
    ``'kommun'`` in Swedish (see :func:`socinv.i18n.use_lang`)."""
    return _payer_word(name, current_lang())


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


# --- labels of funds and contracts, agency colours --------------------------------
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
