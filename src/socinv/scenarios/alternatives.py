"""Several interventions in one file, each compared with the same status quo
and ranked.

A scenario with ``interventions:`` (a list, each with an ``id``) is split
into one single-intervention scenario per alternative; each is compiled and
compared as usual, so every table of :class:`Comparison` exists for each.
A scenario with the single ``intervention:`` form is one alternative named
``intervention``. SEK in the scenario's price year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from socinv.errors import OffenceChainError, OutsideFolderError, ParameterError
from socinv.payers import Perspective, perspective_index
from socinv.population.spec import PopulationError
from socinv.scenarios.comparison import Comparison, compare_model, load_model
from socinv.scenarios.io import load_scenario
from socinv.scenarios.models import Intervention, Scenario

if TYPE_CHECKING:
    import pandas as pd

    from socinv.unitcosts.catalogue import Catalogue


def split_alternatives(scenario: Scenario) -> dict[str, Scenario]:
    """One scenario per alternative (id -> scenario with that intervention)."""
    if not scenario.interventions:
        return {"intervention": scenario}
    return {
        a.id: scenario.model_copy(update={"intervention": a.as_intervention(), "interventions": ()})
        for a in scenario.interventions
    }


def own_uncertainty(sc: Scenario, names: set[str] | frozenset[str]) -> Scenario:
    """``sc`` with only the ``uncertainty:`` entries (and ``fixed:`` names) of
    parameters in ``names`` (an alternative's own, in a file where each
    alternative's effects and costs have their own parameter names)."""
    block: dict[str, Any] = {}
    for k, v in sc.uncertainty.items():
        if k == "fixed" and isinstance(v, list):
            block[k] = [n for n in v if n in names]
        elif k in names:
            block[k] = v
    return sc.model_copy(update={"uncertainty": block})


@dataclass(frozen=True)
class Alternatives:
    """Each alternative's :class:`Comparison` with the status quo, in file order."""

    comparisons: Mapping[str, Comparison]

    def ranking(self, perspective: Perspective | str = Perspective.SOCIETY) -> pd.DataFrame:
        """One row per alternative, best NPV first: present values of what it
        invests and saves, NPV (discounted and not), ROI, BCR and ``rank``
        (1 = highest NPV for ``perspective``)."""
        import pandas as pd

        j = perspective_index(perspective)
        rows = []
        for aid, cmp in self.comparisons.items():
            m = cmp.metrics
            rows.append(
                {
                    "alternative": aid,
                    "label": cmp.scenario.intervention.label,
                    "invests_disc": float(m.intervention_cost_disc[0, j]),
                    "savings_disc": float(m.savings_disc[0, j]),
                    "npv": float(m.npv[0, j]),
                    "npv_undiscounted": float(m.npv_undiscounted[0, j]),
                    "roi": float(m.roi[0, j]),
                    "bcr": float(m.bcr[0, j]),
                }
            )
        df = pd.DataFrame(rows).sort_values("npv", ascending=False, kind="stable")
        df["rank"] = range(1, len(df) + 1)
        return df.set_index("alternative")

    def side_by_side(self) -> pd.DataFrame:
        """NPV (SEK, present value) of every alternative (columns) for every
        perspective (rows)."""
        import pandas as pd

        return pd.DataFrame({aid: cmp.summary()["npv"] for aid, cmp in self.comparisons.items()})


def compare_alternatives(
    scenario: Scenario | str | Path,
    *,
    catalogue: Catalogue | None = None,
    price_year: int | None = None,
    rate: float | None = None,
    to_age: int | None = None,
    overrides: Mapping[str, float] | None = None,
) -> Alternatives:
    """Compare every alternative of ``scenario`` with its status quo.

    ``overrides`` apply to every alternative; a parameter that only some
    alternatives have is set where it exists.

    Example:
        >>> import socinv
        >>> from socinv.scenarios.alternatives import compare_alternatives
        >>> alts = compare_alternatives("data/scenarios/foster_care_school_support.yaml")
        >>> list(alts.comparisons)
        ['intervention']
        >>> int(alts.ranking().loc["intervention", "rank"])
        1
    """
    base_dir = None
    path = None
    if isinstance(scenario, str | Path):
        path = Path(scenario)
        base_dir = path.resolve().parent
        scenario = load_scenario(path)
    out: dict[str, Comparison] = {}
    for aid, sc in split_alternatives(scenario).items():
        try:
            model = load_model(
                sc,
                catalogue=catalogue,
                price_year=price_year,
                rate=rate,
                to_age=to_age,
                base_dir=base_dir,
            )
            names = set(model.param_index)
            if any(k != "fixed" and k not in names for k in sc.uncertainty):
                model = load_model(
                    own_uncertainty(sc, names),
                    catalogue=catalogue,
                    price_year=price_year,
                    rate=rate,
                    to_age=to_age,
                    base_dir=base_dir,
                )
        except (PopulationError, OffenceChainError, OutsideFolderError) as exc:
            if path is None:
                raise
            raise type(exc)(f"{path}: {exc}") from None
        own = {k: v for k, v in (overrides or {}).items() if k in model.param_index}
        out[aid] = compare_model(model, own)
    missing = [
        k for k in overrides or {} if not any(k in c.model.param_index for c in out.values())
    ]
    if missing:
        # name the parameter the way a single comparison would
        next(iter(out.values())).model.index_of(missing[0])
        raise ParameterError(f"unknown parameter {missing[0]!r}")
    return Alternatives(out)


__all__ = [
    "Alternatives",
    "Intervention",
    "compare_alternatives",
    "own_uncertainty",
    "split_alternatives",
]
