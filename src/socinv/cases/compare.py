"""Published versus reproduced: socinv's figure for each published one, the
difference and whether it is within the case's stated tolerance.

Every figure is computed with the engine's one cost formula
(the labelled result's metrics, :func:`socinv.scenarios.evaluate_result`) or with the library's
break-even tool (:func:`socinv.sensitivity.break_even_success_share`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from socinv.cases.registry import BREAK_EVEN_SHARE, Case, PublishedFigure, list_cases, load_case
from socinv.errors import ScenarioError
from socinv.payers import PERSPECTIVES
from socinv.scenarios.comparison import load_model
from socinv.scenarios.compile import Model
from socinv.scenarios.io import scenario_from_dict
from socinv.scenarios.models import Scenario
from socinv.scenarios.result import evaluate_result
from socinv.unitcosts.catalogue import Catalogue


def truncate_scenario(scenario: Scenario, end_age: int) -> Scenario:
    """A copy of ``scenario`` whose horizon stops at ``end_age`` (inclusive):
    episodes, effects and intervention costs are clipped to the shorter span
    and those starting after it are dropped. Used to report a published
    "up to age N" figure from a longer storyline without a second file."""
    if not scenario.start_age <= end_age <= scenario.end_age:
        raise ScenarioError(
            f"scenario {scenario.name!r}: end_age {end_age} is outside its ages "
            f"{scenario.start_age}..{scenario.end_age}"
        )
    data = scenario.model_dump(mode="json")

    def clip(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for r in rows:
            lo = r.get("from_age")
            if lo is not None and lo > end_age:
                continue
            if r.get("to_age") is not None and r["to_age"] > end_age:
                r = {**r, "to_age": end_age}
            out.append(r)
        return out

    data["horizon_years"] = end_age - scenario.start_age + 1
    data["status_quo"]["episodes"] = clip(data["status_quo"]["episodes"])
    events = data["status_quo"].get("events", [])
    data["status_quo"]["events"] = [
        e for e in clip(events) if e.get("at_age") is None or e["at_age"] <= end_age
    ]
    data["status_quo"]["production"] = clip(data["status_quo"].get("production", []))
    offences = data["status_quo"].get("offences", [])
    data["status_quo"]["offences"] = [
        o for o in clip(offences) if o.get("at_age") is None or o["at_age"] <= end_age
    ]
    parts = ("episodes", "events", "production", "offences")
    kept = {e["id"] for part in parts for e in data["status_quo"][part]}
    iv = data["intervention"]
    iv["costs"] = clip(iv["costs"])
    if iv.get("episodes") is not None:
        iv["episodes"] = clip(iv["episodes"])
    iv["effects"] = [e for e in clip(iv["effects"]) if e["episode"] in kept]
    return scenario_from_dict(data, source=f"{scenario.name} (to age {end_age})")


def case_model(
    case: Case,
    *,
    end_age: int | None = None,
    rate: float | None = None,
    catalogue: Catalogue | None = None,
) -> Model:
    """The case's scenario compiled (optionally stopped at ``end_age`` and with
    a constant discount ``rate``)."""
    sc = case.scenario
    if end_age is not None and end_age != sc.end_age:
        sc = truncate_scenario(sc, end_age)
    return load_model(sc, rate=rate, catalogue=catalogue, base_dir=case.path.parent)


@dataclass(frozen=True)
class FigureResult:
    """socinv's figure for one published figure."""

    case: str
    figure: PublishedFigure
    value: float  # NaN when a break-even share does not exist within [0, 1]
    note: str

    @property
    def difference(self) -> float:
        return self.value - self.figure.value

    @property
    def relative_difference(self) -> float:
        p = self.figure.value
        return float("nan") if p == 0 else self.difference / abs(p)

    @property
    def within(self) -> bool:
        return self.figure.tolerance.contains(self.value, self.figure.value)


def figure_value(
    case: Case, figure: PublishedFigure | str, *, catalogue: Catalogue | None = None
) -> FigureResult:
    """Compute socinv's figure for one published figure of ``case``."""
    fig = case.figure(figure) if isinstance(figure, str) else figure
    m = fig.measure
    model = case_model(case, end_age=m.end_age, rate=m.rate, catalogue=catalogue)
    note = ""
    if m.metric == BREAK_EVEN_SHARE:
        model = model.with_base(m.overrides)
        from socinv.sensitivity import break_even_success_share

        res = break_even_success_share(model, m.effects, m.perspective)
        value = float(res.value) if res.found and res.value is not None else float("nan")
        note = "" if res.found else res.reason
        theta = model.base_theta[None, :]
    else:
        theta = model.theta(m.overrides, n=1)
        metrics = evaluate_result(model, theta).metrics
        j = PERSPECTIVES.index(m.perspective)
        value = float(getattr(metrics, m.metric)[0, j])
    for name in m.per:
        value /= float(theta[0, model.index_of(name)])
    for name in m.times:
        value *= float(theta[0, model.index_of(name)])
    return FigureResult(case.name, fig, value, note)


COLUMNS = (
    "case",
    "group",
    "figure",
    "quantity",
    "unit",
    "price_year",
    "published",
    "socinv",
    "difference",
    "relative_difference",
    "tolerance",
    "within",
    "expect",
    "status",
)


def _status(r: FigureResult) -> str:
    exp = r.figure.expect
    if not np.isfinite(r.value):
        return "not found"
    if exp == "gap":
        return "gap explained" if not r.within else "within (marked gap)"
    if exp == "indicative":
        return "indicative"
    return "ok" if r.within else "OUTSIDE"


def compare_cases(
    names: Iterable[str] | None = None,
    *,
    group: str | None = None,
    catalogue: Catalogue | None = None,
) -> pd.DataFrame:
    """One row per published figure of every case (or of ``names``/``group``):
    published value, socinv's value, difference, relative difference, the
    tolerance, whether socinv's value is within it, what the case file expects
    (``reproduced``, ``gap`` or ``indicative``) and a status."""
    cases = [load_case(n) for n in names] if names is not None else list_cases(group)
    rows = []
    for case in cases:
        for fig in case.published:
            r = figure_value(case, fig, catalogue=catalogue)
            rows.append(
                {
                    "case": case.name,
                    "group": case.group,
                    "figure": fig.id,
                    "quantity": fig.quantity,
                    "unit": fig.unit,
                    "price_year": fig.price_year,
                    "published": fig.value,
                    "socinv": r.value,
                    "difference": r.difference,
                    "relative_difference": r.relative_difference,
                    "tolerance": fig.tolerance.describe(fig.unit),
                    "within": bool(r.within),
                    "expect": fig.expect,
                    "status": _status(r),
                }
            )
    return pd.DataFrame(rows, columns=list(COLUMNS))
