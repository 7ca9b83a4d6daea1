"""Scenario models and files: validation errors name the field path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from socinv import (
    ScenarioError,
    load_scenario,
    save_scenario,
    scenario_from_dict,
    scenario_json_schema,
)
from support import MAIN_SCENARIO, base_scenario


def ep(**kw: Any) -> dict[str, Any]:
    d: dict[str, Any] = {"id": "e", "item": "hvb", "quantity": 10, "from_age": 12, "to_age": 14}
    d.update(kw)
    return d


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (
            base_scenario(status_quo={"episodes": [ep(from_age=14, to_age=12)]}),
            r"status_quo\.episodes\[0\]: ages out of order: to_age 12 is before from_age 14",
        ),
        (
            base_scenario(status_quo={"episodes": [ep(quantity=-1)]}),
            r"status_quo\.episodes\[0\]\.quantity: Input should be greater than or equal to 0",
        ),
        (
            base_scenario(status_quo={"episodes": [ep(probability=1.2)]}),
            r"status_quo\.episodes\[0\]\.probability: Input should be less than or equal to 1",
        ),
        (
            base_scenario(status_quo={"episodes": [ep(to_age=30)]}),
            r"to_age 30 is outside the scenario's ages 10\.\.19",
        ),
        (base_scenario(status_quo={"episodes": [ep(), ep()]}), "id 'e' is used twice"),
        (
            base_scenario(status_quo={"episodes": [ep(quantty=3)]}),
            r"status_quo\.episodes\[0\]\.quantty: Extra inputs are not permitted",
        ),
        (
            base_scenario(intervention={"effects": [{"id": "f", "episode": "nope"}]}),
            r"episode 'nope' is not a status-quo episode",
        ),
        (
            base_scenario(
                intervention={"costs": [{"id": "c", "amount_sek": 5, "from_age": 10, "to_age": 11}]}
            ),
            r"intervention\.costs\[0\]: .*amount_sek needs payer and price_year",
        ),
        (
            base_scenario(
                intervention={
                    "costs": [
                        {
                            "id": "c",
                            "amount_sek": 5,
                            "price_year": 2024,
                            "payer": "kommunen",
                            "from_age": 10,
                            "to_age": 11,
                        }
                    ]
                }
            ),
            r"intervention\.costs\[0\]\.payer: Input should be",
        ),
        (
            base_scenario(
                intervention={"costs": [{"id": "c", "item": "hvb", "from_age": 10, "to_age": 11}]}
            ),
            "item needs quantity",
        ),
        (
            base_scenario(
                intervention={"episodes": [ep()], "effects": [{"id": "f", "episode": "e"}]}
            ),
            "not both",
        ),
        (
            base_scenario(horizon_years=0),
            r"horizon_years: Input should be greater than or equal to 1",
        ),
        (base_scenario(cohort_size=-3), r"cohort_size: Input should be greater than 0"),
        (
            base_scenario(tax_wedge={"municipality": 0.5, "region": 0.4, "state": 0.3}),
            "sum to more than 1",
        ),
        (
            base_scenario(discounting={"rate": 0.03, "convention": "sometimes"}),
            r"discounting\.convention",
        ),
    ],
)
def test_validation_errors_name_field(data: dict[str, Any], match: str) -> None:
    with pytest.raises(ScenarioError, match=match) as exc:
        scenario_from_dict(data, source="my.yaml")
    assert str(exc.value).startswith("my.yaml: ")


def test_yaml_and_json_load_the_same(tmp_path: Path) -> None:
    data = base_scenario(status_quo={"episodes": [ep()]})
    y = tmp_path / "s.yaml"
    j = tmp_path / "s.json"
    y.write_text(yaml.safe_dump(data), encoding="utf-8")
    j.write_text(json.dumps(data), encoding="utf-8")
    assert load_scenario(y) == load_scenario(j)


def test_round_trip(tmp_path: Path) -> None:
    sc = load_scenario(MAIN_SCENARIO)
    for suffix in (".yaml", ".json"):
        assert load_scenario(save_scenario(sc, tmp_path / f"x{suffix}")) == sc


@pytest.mark.parametrize(
    ("name", "text", "match"),
    [
        ("s.yaml", "name: [unclosed", "not valid YAML"),
        ("s.json", "{", "not valid JSON"),
        ("s.txt", "name: x", r"expected a \.yaml, \.yml or \.json file"),
        ("s.yaml", "- a\n- b\n", "expected a mapping"),
        (
            "s.yaml",
            "name: x\nstart_age: 10\nstart_age: 12\n",
            r"key 'start_age' appears twice in one mapping \(lines 2 and 3\)",
        ),
        (
            "s.yaml",
            "status_quo:\n  episodes:\n    - {id: e, quantity: 10, quantity: 100}\n",
            "key 'quantity' appears twice",
        ),
    ],
)
def test_bad_files(tmp_path: Path, name: str, text: str, match: str) -> None:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=match):
        load_scenario(p)


def test_missing_file() -> None:
    with pytest.raises(ScenarioError, match="scenario file not found"):
        load_scenario("nope.yaml")


def test_json_schema_describes_scenarios() -> None:
    schema = scenario_json_schema()
    assert schema["title"] == "socinv scenario"
    for field in ("start_age", "horizon_years", "status_quo", "intervention", "discounting"):
        assert field in schema["properties"]
    assert "Episode" in schema["$defs"]
    assert set(schema["required"]) >= {"name", "start_age", "horizon_years", "status_quo"}


def test_shipped_schema_file_is_current() -> None:
    """data/scenario.schema.json (for editors and other tools) equals the models'
    schema; regenerate with `socinv schema > data/scenario.schema.json`."""
    from support import ROOT

    shipped = json.loads((ROOT / "data" / "scenario.schema.json").read_text(encoding="utf-8"))
    assert shipped == scenario_json_schema()


def test_yaml_merge_keys_may_be_overridden() -> None:
    """A key given twice is an error, but overriding a '<<' merged key is YAML."""
    from socinv.scenarios.io import load_yaml

    merged = load_yaml("t: &t {quantity: 5, to_age: 14}\ne:\n  <<: *t\n  quantity: 7\n")
    assert merged["e"] == {"quantity": 7, "to_age": 14}
