"""Bounds in one place: the JSON Schema, the models, the compiled model and
the CLI agree; out-of-range numbers are refused by name, never overflow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from socinv import compare, compile_scenario, load_cpi, scenario_from_dict
from socinv import limits as L
from socinv.errors import DataFileError, ScenarioError
from socinv.scenarios.io import scenario_json_schema
from support import ROOT, base_scenario


def _schema_bounds(schema: dict[str, Any]) -> dict[str, tuple[float | None, float | None, bool]]:
    """``Model.field -> (lo, hi, lo_open)`` for every bounded number in the schema."""
    out = {}
    for model, d in schema["$defs"].items():
        for name, prop in d.get("properties", {}).items():
            for alt in [prop, *prop.get("anyOf", [])]:
                if alt.get("type") not in ("number", "integer"):
                    continue
                lo_open = "exclusiveMinimum" in alt
                lo = alt.get("minimum", alt.get("exclusiveMinimum"))
                hi = alt.get("maximum", alt.get("exclusiveMaximum"))
                if lo is not None or hi is not None:
                    out[f"{model}.{name}"] = (lo, hi, lo_open)
    top = schema.get("properties", {})
    for name, prop in top.items():
        if prop.get("type") in ("number", "integer") and (
            "minimum" in prop or "exclusiveMinimum" in prop
        ):
            lo_open = "exclusiveMinimum" in prop
            out[f"Scenario.{name}"] = (
                prop.get("minimum", prop.get("exclusiveMinimum")),
                prop.get("maximum"),
                lo_open,
            )
    return out


def test_every_schema_bound_equals_the_engines() -> None:
    found = _schema_bounds(scenario_json_schema())
    assert found, "the schema has no bounds"
    for key, (lo, hi, lo_open) in found.items():
        assert key in L.SCENARIO_FIELDS, f"{key} is bounded in the schema but not in socinv.limits"
        b = L.SCENARIO_FIELDS[key]
        assert (lo, hi, lo_open) == (b.lo, b.hi, b.lo_open), key
    missing = set(L.SCENARIO_FIELDS) - set(found)
    # AgeSpan is a base class: its fields appear under Episode / InterventionCost
    assert missing <= {"AgeSpan.from_age", "AgeSpan.to_age"}, missing


def test_shipped_schema_file_is_the_models() -> None:
    shipped = json.loads((ROOT / "data" / "scenario.schema.json").read_text(encoding="utf-8"))
    assert shipped == scenario_json_schema()


def test_compiled_parameter_bounds_come_from_limits(small_catalogue: Any) -> None:
    data = base_scenario(
        status_quo={
            "episodes": [{"id": "e", "item": "hvb", "quantity": 5, "from_age": 10, "to_age": 12}]
        },
        intervention={
            "effects": [{"id": "f", "episode": "e", "relative_risk": 0.5}],
            "costs": [
                {
                    "id": "c",
                    "amount_sek": 1000,
                    "payer": "municipality",
                    "price_year": 2024,
                    "from_age": 10,
                    "to_age": 10,
                }
            ],
        },
    )
    model = compile_scenario(scenario_from_dict(data), small_catalogue)
    spec = {p.name: p for p in model.params}
    assert (spec["discount.rate"].lower, spec["discount.rate"].upper) == (L.RATE.lo, L.RATE.hi)
    assert spec["cohort.size"].upper == L.COHORT.hi
    assert spec["episode.status_quo.e.quantity"].upper == L.QUANTITY.hi
    assert spec["effect.f.relative_risk"].upper == L.FACTOR.hi
    assert spec["cost.c.amount_sek"].upper == L.AMOUNT.hi
    assert spec["unit_cost.hvb"].upper == L.UNIT_COST.hi


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cohort_size": 1e302}, "cohort_size"),
        ({"cohort_size": float("inf")}, "cohort_size"),
        ({"discounting": {"rate": 0.035, "base_year": 32025}}, "discounting.base_year"),
        (
            {"discounting": {"rate": 0.035, "base_year": 2200}},
            "more than 100 years from start_year",
        ),
        ({"discounting": {"rate": 1.0}}, "discounting.rate"),
        ({"discounting": {"rate": -0.9}}, "discounting.rate"),
        (
            {
                "status_quo": {
                    "episodes": [
                        {"id": "e", "item": "hvb", "quantity": 1e302, "from_age": 10, "to_age": 12}
                    ]
                }
            },
            "status_quo.episodes[0].quantity",
        ),
        (
            {
                "intervention": {
                    "costs": [
                        {
                            "id": "c",
                            "amount_sek": 1e302,
                            "payer": "state",
                            "price_year": 2024,
                            "from_age": 10,
                            "to_age": 10,
                        }
                    ]
                }
            },
            "intervention.costs[0].amount_sek",
        ),
        (
            {
                "intervention": {
                    "costs": [
                        {
                            "id": "c",
                            "amount_sek": 1,
                            "payer": "state",
                            "price_year": 20240,
                            "from_age": 10,
                            "to_age": 10,
                        }
                    ]
                }
            },
            "intervention.costs[0].price_year",
        ),
        (
            {
                "status_quo": {
                    "episodes": [
                        {"id": "e", "item": "hvb", "quantity": 1, "from_age": 10, "to_age": 12}
                    ]
                },
                "intervention": {
                    "effects": [{"id": "f", "episode": "e", "quantity_factor": 1e302}]
                },
            },
            "intervention.effects[0].quantity_factor",
        ),
    ],
)
def test_out_of_range_numbers_are_refused_by_name(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ScenarioError, match=field.replace("[", r"\[").replace("]", r"\]")):
        scenario_from_dict(base_scenario(**changes))


def test_extremes_inside_the_bounds_stay_finite(small_catalogue: Any) -> None:
    """The largest allowed inputs at the most extreme discounting: no inf/NaN."""
    data = base_scenario(
        cohort_size=L.COHORT.hi,
        horizon_years=L.HORIZON.hi,
        start_age=0,
        start_year=2025,
        discounting={"rate": L.RATE.lo, "base_year": 2025 - L.BASE_YEAR_SPAN},
        status_quo={
            "episodes": [
                {"id": "e", "item": "hvb", "quantity": L.QUANTITY.hi, "from_age": 0, "to_age": 119}
            ]
        },
        intervention={
            "effects": [
                {"id": "f", "episode": "e", "relative_risk": 1.0, "quantity_factor": L.FACTOR.hi}
            ],
            "costs": [
                {
                    "id": "c",
                    "amount_sek": L.AMOUNT.hi,
                    "payer": "municipality",
                    "price_year": 2024,
                    "from_age": 0,
                    "to_age": 119,
                }
            ],
        },
    )
    for rate, base in ((L.RATE.lo, 2025 - L.BASE_YEAR_SPAN), (L.RATE.hi, 2025 + L.BASE_YEAR_SPAN)):
        data["discounting"] = {"rate": rate, "base_year": base}
        cmp = compare(scenario_from_dict(data), catalogue=small_catalogue)
        summary = cmp.summary().select_dtypes("number").to_numpy(dtype=float)
        assert not np.isinf(summary).any()
        streams = cmp.streams()[["cost_sek", "cost_disc_sek"]].to_numpy()
        assert np.isfinite(streams).all()


def test_cpi_year_out_of_range_is_refused_quickly(tmp_path: Path) -> None:
    p = tmp_path / "k.csv"
    p.write_text("year,kpi_1980_100\n2020,335\n100000000000000000000,340\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line 3, column 'year': year must be at least 1800"):
        load_cpi(p)


def test_bound_text_and_option() -> None:
    import argparse

    parse = L.SEED.option()
    assert parse("7") == 7
    for bad in ("-1", "1e12", "x", str(2**32)):
        with pytest.raises(argparse.ArgumentTypeError):
            parse(bad)
    assert L.RATE.option()("0.035") == 0.035
    with pytest.raises(argparse.ArgumentTypeError):
        L.RATE.option()("nan")


def test_errors_page_lists_the_ranges() -> None:
    """docs/errors.md shows socinv.limits.markdown_table() as it is."""
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert L.markdown_table() in doc
