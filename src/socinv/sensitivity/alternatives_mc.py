"""Monte Carlo of several interventions against one status quo, with common
random numbers, and the choice between them.

Every intervention of a file with ``interventions:`` is compiled on its own
(:func:`socinv.scenarios.alternatives.split_alternatives`) and drawn as
:func:`socinv.sensitivity.monte_carlo` draws it with the same seed: block
``k`` of :data:`BLOCK` draws uses ``block_generator(seed, k)`` and the
intervention's own parameters in its own order. The inputs it shares with
the status quo alone (same name and distribution: unit costs, episode risks
and quantities, the discount rate) are then set to the values a Monte Carlo
of the status quo alone draws with that seed, and a parameter that only
interventions have (the unit cost of an item only they use, an effect or cost
with the same id) to the values of the first intervention in file order that
has it — common random numbers: in each draw every intervention sees the
same shared values, so adding an intervention with no uncertain parameters
of its own changes no other's figures. The
status quo's episode parameters come first in every compiled model, so they
already have those values; an intervention's NPVs equal its own single
Monte Carlo run bit for bit unless a shared input is drawn after its own
parameters (the discount rate is, when the intervention has uncertain
parameters of its own), in which case only the stream position differs. A
rank correlation between a shared input and an intervention's own input
holds only where the shared input keeps its own draw.

The choice: in each draw the status quo (NPV 0) and each intervention are
the options; the probability that each is best and the expected value of
perfect information come from :mod:`socinv.sensitivity.voi`. Runs serially.
Money: SEK in the scenario's price year, present values.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from socinv.errors import ParameterError
from socinv.payers import PERSPECTIVES, Perspective, perspective_index
from socinv.scenarios.alternatives import own_uncertainty, split_alternatives
from socinv.scenarios.comparison import load_model
from socinv.scenarios.compile import Model
from socinv.scenarios.io import load_scenario
from socinv.scenarios.kernel import evaluate_npv
from socinv.scenarios.models import Intervention, Scenario
from socinv.sensitivity.montecarlo import BLOCK, block_generator, eval_batch
from socinv.sensitivity.parameters import Uncertainty, uncertainty
from socinv.sensitivity.voi import evpi, prob_best

FloatArray = npt.NDArray[np.float64]

_PERSP = [p.value for p in PERSPECTIVES]
#: the option "no intervention" in the choice tables
STATUS_QUO = "status_quo"


@dataclass(frozen=True)
class AlternativesMonteCarlo:
    """Per-draw NPVs of every intervention (SEK in ``price_year`` prices,
    present values), drawn with common random numbers."""

    scenario: str
    n: int
    seed: int
    price_year: int
    labels: dict[str, str]  # intervention id -> label
    npv: dict[str, pd.DataFrame]  # id -> (draws x perspectives)
    uncertainties: dict[str, Uncertainty]
    shared: tuple[str, ...]  # parameters drawn once for every intervention
    draws: dict[str, pd.DataFrame] | None = None  # id -> drawn values (keep_draws)

    @property
    def ids(self) -> list[str]:
        """Intervention ids in file order."""
        return list(self.npv)

    def net_benefit(self, perspective: Perspective | str = Perspective.SOCIETY) -> FloatArray:
        """``(n, 1 + k)``: the status quo (0) then each intervention's NPV."""
        j = perspective_index(perspective)
        cols = [self.npv[a].iloc[:, j].to_numpy() for a in self.ids]
        return np.column_stack([np.zeros(self.n), *cols])

    def summary(self) -> pd.DataFrame:
        """One row per perspective and intervention: NPV ``mean``, ``p2_5``,
        ``median``, ``p97_5``, ``prob_positive`` and ``prob_best`` (share of
        draws in which it has the highest NPV of all options, the status quo
        counting as 0), best mean first within each perspective."""
        return self._summary.copy()

    @cached_property
    def _summary(self) -> pd.DataFrame:
        rows = []
        for p in _PERSP:
            best = prob_best(self.net_benefit(p))
            for i, a in enumerate(self.ids):
                x = self.npv[a][p].to_numpy()
                rows.append(
                    {
                        "perspective": p,
                        "alternative": a,
                        "label": self.labels[a],
                        "mean": float(x.mean()),
                        "p2_5": float(np.percentile(x, 2.5)),
                        "median": float(np.median(x)),
                        "p97_5": float(np.percentile(x, 97.5)),
                        "prob_positive": float((x > 0).mean()),
                        "prob_best": float(best[i + 1]),
                    }
                )
        df = pd.DataFrame(rows)
        df["_order"] = df["perspective"].map(_PERSP.index)
        df = df.sort_values(["_order", "mean"], ascending=[True, False], kind="stable")
        return df.drop(columns="_order").reset_index(drop=True)

    def decision(self) -> pd.DataFrame:
        """One row per perspective: ``prob_status_quo_best`` (no intervention
        beats every intervention), ``best_on_average`` (id with the highest
        mean NPV, or ``status_quo`` when none is positive on average) and
        ``evpi`` (SEK, expected value of perfect information over the choice)."""
        rows = []
        for p in _PERSP:
            nb = self.net_benefit(p)
            means = nb.mean(axis=0)
            k = int(np.argmax(means))
            rows.append(
                {
                    "perspective": p,
                    "prob_status_quo_best": float(prob_best(nb)[0]),
                    "best_on_average": STATUS_QUO if k == 0 else self.ids[k - 1],
                    "evpi": evpi(nb),
                }
            )
        return pd.DataFrame(rows)


def _shared_columns(
    reference: Uncertainty, uncs: dict[str, Uncertainty]
) -> dict[str, list[tuple[int, str, int]]]:
    """For each intervention: (its column, source, the source's column) of
    each parameter drawn once for all: from the status quo alone
    (:data:`STATUS_QUO`) when it has the parameter with the same
    distribution, else from the first intervention in file order that has it."""
    first: dict[tuple[str, str], tuple[str, int]] = {
        (n, d.describe()): (STATUS_QUO, j)
        for j, (n, d) in enumerate(zip(reference.names, reference.distributions, strict=True))
    }
    out: dict[str, list[tuple[int, str, int]]] = {}
    for aid, unc in uncs.items():
        out[aid] = []
        for i, (n, d) in enumerate(zip(unc.names, unc.distributions, strict=True)):
            key = (n, d.describe())
            if key in first:
                out[aid].append((i, *first[key]))
            else:
                first[key] = (aid, i)
    return out


def alternative_models(
    scenario: Scenario, *, base_dir: str | Path | None = None, **settings: Any
) -> dict[str, Model]:
    """One compiled model per intervention (id -> model), after the status
    quo alone (:data:`STATUS_QUO`, no intervention), each with the
    ``uncertainty:`` entries of the parameters it has; a name that no
    intervention has is an error naming ``uncertainty.<name>``. ``settings``
    (``catalogue``, ``price_year``, ``rate``, ...) go to :func:`load_model`."""
    models: dict[str, Model] = {}
    alone = scenario.model_copy(update={"intervention": Intervention(), "interventions": ()})
    for aid, sc in [(STATUS_QUO, alone), *split_alternatives(scenario).items()]:
        model = load_model(sc, base_dir=base_dir, **settings)
        own = set(model.param_index)
        if any(k != "fixed" and k not in own for k in sc.uncertainty):
            model = load_model(own_uncertainty(sc, own), base_dir=base_dir, **settings)
        models[aid] = model
    known = {n for m in models.values() for n in m.param_index}
    for k, v in scenario.uncertainty.items():
        for name in v if k == "fixed" and isinstance(v, list) else [k]:
            if name != "fixed" and name not in known:
                raise ParameterError(
                    f"uncertainty.{name}: no intervention of scenario {scenario.name!r} has "
                    "this parameter"
                )
    return models


def monte_carlo_alternatives(
    scenario: Scenario | str | Path,
    n: int,
    seed: int,
    *,
    base_dir: str | Path | None = None,
    keep_draws: bool = False,
    **settings: Any,
) -> AlternativesMonteCarlo:
    """``n`` draws with ``seed`` of every intervention of ``scenario`` (a
    file or a validated scenario), with common random numbers; ``settings``
    (``catalogue``, ``price_year``, ``rate``) as for :func:`load_model`;
    ``keep_draws`` keeps each intervention's drawn parameter values.

    Example:
        >>> from socinv.sensitivity.alternatives_mc import monte_carlo_alternatives
        >>> res = monte_carlo_alternatives(
        ...     "data/scenarios/foster_care_alternatives.yaml", 200, seed=3
        ... )
        >>> res.ids
        ['school_support', 'half_team']
        >>> dec = res.decision().set_index("perspective")
        >>> bool(dec.loc["society", "evpi"] >= 0)
        True
    """
    if not isinstance(n, int | np.integer) or n < 1:
        raise ParameterError(f"Monte Carlo needs n >= 1 draws, got {n!r}")
    if not isinstance(seed, int | np.integer) or seed < 0:
        raise ParameterError(f"Monte Carlo needs a seed that is an integer >= 0, got {seed!r}")
    n, seed = int(n), int(seed)
    if isinstance(scenario, str | Path):
        base_dir = Path(scenario).resolve().parent
        scenario = load_scenario(scenario)
    models = alternative_models(scenario, base_dir=base_dir, **settings)
    reference = uncertainty(models.pop(STATUS_QUO))
    uncs = {aid: uncertainty(m) for aid, m in models.items()}
    for note in dict.fromkeys(w for u in uncs.values() for w in u.warnings):
        warnings.warn(note, stacklevel=2)
    shared_cols = _shared_columns(reference, uncs)
    npv = {aid: np.empty((n, len(PERSPECTIVES))) for aid in models}
    kept = {aid: np.empty((n, len(uncs[aid]))) for aid in models} if keep_draws else None
    for k in range((n - 1) // BLOCK + 1):
        hi = min(n - k * BLOCK, BLOCK)
        values = {STATUS_QUO: reference.sample(block_generator(seed, k), BLOCK)}
        for aid, model in models.items():
            v = uncs[aid].sample(block_generator(seed, k), BLOCK)
            for i, src, j in shared_cols[aid]:
                v[:, i] = values[src][:, j]
            values[aid] = v
            if kept is not None:
                kept[aid][k * BLOCK : k * BLOCK + hi] = v[:hi]
            batch = eval_batch(model)
            for b0 in range(0, hi, batch):
                theta = uncs[aid].theta(model, v[b0 : b0 + batch])
                try:
                    out = evaluate_npv(model, theta)[0]
                except ParameterError as exc:
                    raise ParameterError(
                        f"Monte Carlo of intervention {aid!r}, block {k} (seed {seed}): {exc}; "
                        "narrow the distributions so that every draw is a valid value"
                    ) from None
                b1 = min(b0 + batch, hi)
                npv[aid][k * BLOCK + b0 : k * BLOCK + b1] = out[: b1 - b0]
    shared = sorted({uncs[a].names[i] for a in uncs for i, _s, _j in shared_cols[a]})
    first = next(iter(models.values()))
    return AlternativesMonteCarlo(
        scenario=scenario.name,
        n=n,
        seed=seed,
        price_year=first.price_year,
        labels={aid: m.scenario.intervention.label or aid for aid, m in models.items()},
        npv={aid: pd.DataFrame(x, columns=_PERSP) for aid, x in npv.items()},
        uncertainties=uncs,
        shared=tuple(shared),
        draws=None
        if kept is None
        else {a: pd.DataFrame(x, columns=list(uncs[a].names)) for a, x in kept.items()},
    )


__all__ = ["STATUS_QUO", "AlternativesMonteCarlo", "monte_carlo_alternatives"]
