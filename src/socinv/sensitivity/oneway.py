"""One-way (tornado) and two-way sensitivity on the compiled model.

A tornado shows only parameters the scenario sets (its episodes, effects,
costs, the unit costs it uses, the discount rate) or that are named
explicitly (``params`` or the ``uncertainty:`` block). Levers that act on the
same quantity are one bar: an effect's relative risk and quantity factor
(they multiply the episode's expected quantity together), and an episode's
quantity and probability (expected units a year). Such a bar's ``low``,
``high`` and ``base_value`` are the product of the two.

The low/high value of each bar follows one rule, in this order:

1. a distribution (scenario ``uncertainty:`` block, code or the default
   policy of :mod:`socinv.sensitivity.defaults`): its 2.5 and 97.5
   percentiles — of the product for a merged bar (``distribution 2.5-97.5 %``);
2. a catalogue row with ``low_sek``/``high_sek`` (unit costs): the published
   low and high values, rebased to the price year (``catalogue low/high``);
3. the discount rate without a distribution: :data:`DISCOUNT_RANGE`, 0-5 %,
   the sensitivity rates of TLV's general guidelines for economic
   evaluations (LFNAR 2003:2: 3 %, with 0 % and 5 % in sensitivity analyses);
4. a parameter named in ``params`` without any of these: base -/+ ``spread``.

Anything else has no range and is left out (listed in ``df.attrs["without_range"]``).
Values are clipped to the parameter's feasible range (probability <= 1,
probability x relative risk <= 1, tax-wedge shares summing to <= 1), marked
``(clipped)``. All low and high values are evaluated as one batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from socinv.errors import ParameterError
from socinv.payers import PERSPECTIVES, Perspective, perspective_index
from socinv.scenarios.compile import Model
from socinv.sensitivity._eval import evaluate
from socinv.sensitivity._ranges import feasible_range
from socinv.sensitivity.defaults import entered_parameters
from socinv.sensitivity.labels import lever_label, parameter_label
from socinv.sensitivity.parameters import SOURCE_CATALOGUE, Uncertainty, uncertainty

FloatArray = npt.NDArray[np.float64]

DEFAULT_SPREAD = 0.20
#: parameters left out of the default tornado: the cohort size scales every
#: result proportionally and is a choice of the analysis, not an uncertainty
EXCLUDED_BY_DEFAULT = ("cohort.size",)
#: discount-rate range without a declared distribution (TLV, LFNAR 2003:2)
DISCOUNT_RANGE = (0.0, 0.05)
DISCOUNT_RULE = "TLV sensitivity rates 0-5 %"
#: draws used for the percentiles of a product of two levers (fixed seed)
PRODUCT_DRAWS = 20_000

ONE_WAY_COLUMNS = [
    "parameter",
    "perspective",
    "low",
    "high",
    "base_value",
    "npv_low",
    "npv_high",
    "npv_base",
    "swing",
    "range_rule",
]
#: further columns: the bar in words, and the parameters it moves
EXTRA_COLUMNS = ["label", "members"]


@dataclass(frozen=True)
class _Lever:
    """One bar: ``members`` (1 or 2 names); ``scale`` is the member moved
    (the other stays at base) when two are merged."""

    members: tuple[str, ...]
    scale: str
    label: str


def _levers(model: Model, names: list[str], merge: bool) -> list[_Lever]:
    pairs: dict[str, tuple[str, str]] = {}  # name -> (key, scale)
    if merge:
        for name in names:
            parts = name.split(".")
            if parts[0] == "effect" and parts[-1] in ("relative_risk", "quantity_factor"):
                key = ".".join(parts[:-1])
                pairs[name] = (key, f"{key}.quantity_factor")
            elif parts[0] == "episode" and parts[-1] in ("quantity", "probability"):
                key = ".".join(parts[:-1])
                pairs[name] = (key, f"{key}.quantity")
    by_key: dict[str, list[str]] = {}
    for name in names:
        if name in pairs:
            by_key.setdefault(pairs[name][0], []).append(name)
    levers: list[_Lever] = []
    done: set[str] = set()
    for name in names:
        if name in done:
            continue
        group = by_key.get(pairs[name][0], [name]) if name in pairs else [name]
        done.update(group)
        if len(group) == 1:
            levers.append(_Lever((name,), name, parameter_label(model, name)))
            continue
        levers.append(_Lever(tuple(group), pairs[name][1], lever_label(model, group)))
    return levers


def _member_range(
    model: Model, unc: Uncertainty, name: str, named: bool, spread: float, tail: float
) -> tuple[float, float, str] | None:
    """``(low, high, rule)`` of one parameter, or ``None`` if it has no range."""
    items = {f"unit_cost.{it.id}": it for it in model.items}
    base = float(model.base_theta[model.index_of(name)])
    dist = unc.get(name)
    source = unc.sources[unc.names.index(name)] if dist is not None else ""
    it = items.get(name)
    pct = f"{100 * tail:g}-{100 * (1 - tail):g} %"
    if dist is not None and not dist.is_fixed and source != SOURCE_CATALOGUE:
        lo, hi = (float(v) for v in dist.ppf(np.array([tail, 1.0 - tail])))
        return lo, hi, f"distribution {pct}"
    if it is not None and it.low_sek is not None and it.high_sek is not None:
        return float(it.low_sek), float(it.high_sek), "catalogue low/high"
    if name.startswith("discount.rate") and dist is None:
        return DISCOUNT_RANGE[0], DISCOUNT_RANGE[1], DISCOUNT_RULE
    if named:
        lo, hi = base * (1 - spread), base * (1 + spread)
        return min(lo, hi), max(lo, hi), f"base -/+ {100 * spread:g} %"
    return None


def _member_values(
    model: Model, unc: Uncertainty, name: str, rng: np.random.Generator
) -> FloatArray:
    dist = unc.get(name)
    if dist is None or dist.is_fixed:
        return np.full(PRODUCT_DRAWS, float(model.base_theta[model.index_of(name)]))
    return dist.ppf(rng.random(PRODUCT_DRAWS))


def one_way_ranges(
    model: Model,
    unc: Uncertainty | None = None,
    *,
    params: Sequence[str] | None = None,
    spread: float = DEFAULT_SPREAD,
    level: float = 0.95,
    merge: bool = True,
) -> pd.DataFrame:
    """``parameter, base_value, low, high, range_rule, label, members`` for
    each bar by the rules in the module docstring; ``merge=False`` keeps
    every parameter a bar of its own."""
    if not 0.0 < spread < 1.0:
        raise ParameterError(f"spread must be a share in (0, 1), got {spread!r}")
    if not 0.0 < level < 1.0:
        raise ParameterError(f"level must be in (0, 1), got {level!r}")
    if unc is None:
        unc = uncertainty(model)
    if params is None:
        chosen = set(entered_parameters(model)) | set(unc.names)
        names = [n for n in model.param_names if n in chosen and n not in EXCLUDED_BY_DEFAULT]
    else:
        names = list(params)
        for n in names:
            model.index_of(n)
    named = params is not None
    tail = (1.0 - level) / 2.0
    rows = []
    without: list[str] = []
    for lever in _levers(model, names, merge):
        ranges = {m: _member_range(model, unc, m, named, spread, tail) for m in lever.members}
        have = [m for m, r in ranges.items() if r is not None]
        if not have:
            without.extend(lever.members)
            continue
        if len(lever.members) == 1:
            name = lever.members[0]
            lo, hi, rule = ranges[name]  # type: ignore[misc]
            j = model.index_of(name)
            base = float(model.base_theta[j])
            flo, fhi = feasible_range(model, j)
        else:
            other = next(m for m in lever.members if m != lever.scale)
            b_other = float(model.base_theta[model.index_of(other)])
            b_scale = float(model.base_theta[model.index_of(lever.scale)])
            base = b_other * b_scale
            if len(have) == 1:
                lo, hi, rule = ranges[have[0]]  # type: ignore[misc]
                factor = base / float(model.base_theta[model.index_of(have[0])] or 1.0)
                lo, hi = lo * factor, hi * factor
                rule = f"{rule} of {have[0].rsplit('.', 1)[1].replace('_', ' ')}"
            else:
                rng = np.random.default_rng(0)
                prod = _member_values(model, unc, lever.members[0], rng) * _member_values(
                    model, unc, lever.members[1], rng
                )
                lo, hi = (float(v) for v in np.quantile(prod, [tail, 1.0 - tail]))
                rule = f"distribution {100 * tail:g}-{100 * (1 - tail):g} % of the product"
            flo, fhi = feasible_range(model, model.index_of(lever.scale))
            flo, fhi = flo * b_other, fhi * b_other
            name = lever.members[0]
        clo, chi = min(max(lo, flo), fhi), min(max(hi, flo), fhi)
        if (clo, chi) != (lo, hi):
            rule += " (clipped)"
        rows.append((name, base, clo, chi, rule, lever.label, " + ".join(lever.members)))
    df = pd.DataFrame(
        rows, columns=["parameter", "base_value", "low", "high", "range_rule", *EXTRA_COLUMNS]
    )
    df.attrs["without_range"] = without
    return df


def _theta_for(model: Model, ranges: pd.DataFrame) -> FloatArray:
    """Base row, then the low and high row of each bar (merged bars move their
    scale member to product / other member's base)."""
    k = len(ranges)
    theta = np.tile(model.base_theta, (2 * k + 1, 1))
    for i, (members, lo, hi) in enumerate(
        zip(ranges["members"], ranges["low"], ranges["high"], strict=True)
    ):
        names = str(members).split(" + ")
        if len(names) == 1:
            c = model.index_of(names[0])
            theta[1 + 2 * i, c], theta[2 + 2 * i, c] = lo, hi
            continue
        scale = next(n for n in names if n.endswith((".quantity_factor", ".quantity")))
        other = next(n for n in names if n != scale)
        b_other = float(model.base_theta[model.index_of(other)])
        c = model.index_of(scale)
        if b_other != 0.0:
            theta[1 + 2 * i, c], theta[2 + 2 * i, c] = lo / b_other, hi / b_other
    return theta


def one_way(
    model: Model,
    unc: Uncertainty | None = None,
    *,
    params: Sequence[str] | None = None,
    spread: float = DEFAULT_SPREAD,
    perspectives: Sequence[Perspective | str] | None = None,
) -> pd.DataFrame:
    """Tornado table: each parameter to its low and high value, the others
    at base. Columns ``parameter, perspective, low, high, base_value,
    npv_low, npv_high, npv_base, swing, range_rule, label, members`` (NPV
    in SEK, price year; ``swing = |npv_high - npv_low|``; ``label`` the bar
    in words; ``members`` the parameters it moves, ``" + "``-joined), sorted
    by swing descending within each perspective (perspectives in the usual
    order). Parameters without a range: ``df.attrs["without_range"]``.

    Example:
        >>> import socinv
        >>> from socinv.sensitivity import one_way
        >>> m = socinv.load_model("data/scenarios/foster_care_school_support.yaml")
        >>> t = one_way(m, perspectives=["society"])
        >>> "effect.more_work.quantity_factor" in set(t["parameter"])
        False
        >>> t.loc[t["parameter"] == "discount.rate", "range_rule"].item()
        'distribution 2.5-97.5 %'
        >>> list(t.columns[:4])
        ['parameter', 'perspective', 'low', 'high']
        >>> bool(t["swing"].is_monotonic_decreasing)
        True
    """
    ranges = one_way_ranges(model, unc, params=params, spread=spread)
    theta = _theta_for(model, ranges)
    npv = evaluate(model, theta).npv  # (2k+1, perspectives)
    which = (
        list(range(len(PERSPECTIVES)))
        if perspectives is None
        else [perspective_index(p) for p in perspectives]
    )
    frames = []
    for j in which:
        df = ranges[["parameter", "low", "high", "base_value", "range_rule", *EXTRA_COLUMNS]].copy()
        df.insert(1, "perspective", PERSPECTIVES[j].value)
        df["npv_low"] = npv[1::2, j]
        df["npv_high"] = npv[2::2, j]
        df["npv_base"] = npv[0, j]
        df["swing"] = np.abs(df["npv_high"] - df["npv_low"])
        frames.append(df.sort_values("swing", ascending=False, kind="stable"))
    if not frames:
        return pd.DataFrame(columns=ONE_WAY_COLUMNS + EXTRA_COLUMNS)
    out = pd.concat(frames, ignore_index=True)[ONE_WAY_COLUMNS + EXTRA_COLUMNS]
    out.attrs["without_range"] = ranges.attrs["without_range"]
    return out


def two_way(
    model: Model,
    x: str,
    y: str,
    x_values: Sequence[float] | FloatArray | None = None,
    y_values: Sequence[float] | FloatArray | None = None,
    *,
    points: int = 11,
    unc: Uncertainty | None = None,
    perspectives: Sequence[Perspective | str] | None = None,
) -> pd.DataFrame:
    """NPV over a grid of two parameters (others at base), as one batch.

    Values default to ``points`` evenly spaced values between each
    parameter's one-way low and high. Tidy result: ``x_param, x_value,
    y_param, y_value, perspective, npv`` (SEK, price year); pivot with
    ``df.pivot_table(index="y_value", columns="x_value", values="npv")``.
    """
    if x == y:
        raise ParameterError(f"two-way analysis needs two different parameters, got {x!r} twice")
    if points < 2:
        raise ParameterError(f"points must be >= 2, got {points}")
    cx, cy = model.index_of(x), model.index_of(y)
    if x_values is None or y_values is None:
        r = one_way_ranges(model, unc, params=[x, y], merge=False)
        lo, hi = r["low"].to_numpy(dtype=float), r["high"].to_numpy(dtype=float)
        if x_values is None:
            x_values = np.linspace(lo[0], hi[0], points)
        if y_values is None:
            y_values = np.linspace(lo[1], hi[1], points)
    xv = np.asarray(x_values, dtype=float)
    yv = np.asarray(y_values, dtype=float)
    gx, gy = np.meshgrid(xv, yv, indexing="ij")
    theta = np.tile(model.base_theta, (gx.size, 1))
    theta[:, cx] = gx.ravel()
    theta[:, cy] = gy.ravel()
    npv = evaluate(model, theta).npv
    which = (
        list(range(len(PERSPECTIVES)))
        if perspectives is None
        else [perspective_index(p) for p in perspectives]
    )
    frames = [
        pd.DataFrame(
            {
                "x_param": x,
                "x_value": gx.ravel(),
                "y_param": y,
                "y_value": gy.ravel(),
                "perspective": PERSPECTIVES[j].value,
                "npv": npv[:, j],
            }
        )
        for j in which
    ]
    return pd.concat(frames, ignore_index=True)


def range_rule_text(rule: str, lang: str) -> str:
    """A ``range_rule`` of :func:`one_way` in words of ``lang`` (gettext).

    Example:
        >>> range_rule_text("base -/+ 25 % (clipped)", "sv")
        'basvärde -/+ 25 % (begränsat)'
    """
    from socinv.i18n import translator

    _ = translator(lang)
    clipped = rule.endswith(" (clipped)")
    text = rule.removesuffix(" (clipped)")
    if text == "catalogue low/high":
        text = _("catalogue low/high")
    elif text == DISCOUNT_RULE:
        text = _("TLV sensitivity rates 0-5 %")
    elif text.startswith("distribution ") and text.endswith(" of the product"):
        text = _("distribution {percentiles} of the product").format(
            percentiles=text.removeprefix("distribution ").removesuffix(" of the product")
        )
    elif " of " in text:
        inner, member = text.rsplit(" of ", 1)
        text = _("{rule} of {parameter}").format(
            rule=range_rule_text(inner, lang), parameter=member
        )
    elif text.startswith("distribution "):
        text = _("distribution {percentiles}").format(
            percentiles=text.removeprefix("distribution ")
        )
    elif text.startswith("base -/+ "):
        text = _("base -/+ {spread}").format(spread=text.removeprefix("base -/+ "))
    return text + (" " + _("(clipped)") if clipped else "")
