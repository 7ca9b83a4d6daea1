"""Synthetic follow-up data for examples and tests: counts drawn around what
the forecast expects under a stated *true* effect, with a seed.

Persons with an episode ~ Binomial(group size, expected share); units ~
Poisson(persons x expected units per person). The numbers are made up: they
show how the follow-up works, they are not observations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from socinv.followup.bokslut import forecast_counts
from socinv.followup.outcomes import MAX_PER_PERSON
from socinv.scenarios.compile import G_SQ, Model


def synthetic_outcomes(
    model: Model,
    years: Sequence[int],
    group_size: int,
    true_values: Mapping[str, float],
    seed: int,
    *,
    comparison_size: int | None = None,
) -> pd.DataFrame:
    """A follow-up table (the file's columns) for ``group_size`` participants
    (and ``comparison_size`` in a comparison group, if given) in ``years``,
    drawn with ``seed`` from the scenario at ``true_values`` (parameter name
    -> the value the data are generated with).

    Example:
        >>> import socinv
        >>> model = socinv.compile_scenario(
        ...     socinv.load_scenario("data/contracts/norrkoping_hvb_scenario.yaml"))
        >>> df = synthetic_outcomes(
        ...     model, [2016], 60, {"effect.fewer_sis_placements.relative_risk": 0.6}, seed=1)
        >>> df.columns.tolist()
        ['year', 'group', 'group_size', 'episode', 'persons', 'units']
        >>> bool((df["persons"] <= df["group_size"]).all())
        True
    """
    rng = np.random.default_rng(seed)
    units_of = {
        row.episode: model.catalogue.get(row.item).unit for row in model.rows if row.group == G_SQ
    }
    exp = forecast_counts(model, years, float(group_size), true_values)
    sizes = {"participants": group_size}
    if comparison_size is not None:
        comp = forecast_counts(model, years, float(comparison_size), true_values)
        exp = pd.concat(
            [exp[exp["group"] == "participants"], comp[comp["group"] == "comparison"]],
            ignore_index=True,
        )
        sizes["comparison"] = comparison_size
    else:
        exp = exp[exp["group"] == "participants"]
    rows = []
    for rec in exp.to_dict("records"):
        n = sizes[str(rec["group"])]
        share = min(max(float(rec["persons"]) / n, 0.0), 1.0)
        persons = int(rng.binomial(n, share))
        per_person = float(rec["units"]) / float(rec["persons"]) if rec["persons"] > 0 else 0.0
        cap = MAX_PER_PERSON.get(units_of[str(rec["episode"])])
        if cap is not None and per_person >= cap:
            units = persons * per_person  # e.g. a whole year outside work per person
        else:
            units = float(rng.poisson(persons * per_person)) if persons else 0.0
            if cap is not None:
                units = min(units, cap * persons)
            if persons and units == 0:
                units = 1.0  # a person counted with the episode has at least one unit
        rows.append(
            {
                "year": int(rec["year"]),
                "group": str(rec["group"]),
                "group_size": n,
                "episode": str(rec["episode"]),
                "persons": persons,
                "units": int(units) if float(units).is_integer() else units,
            }
        )
    return pd.DataFrame(rows)
