"""A scenario with several interventions (``interventions:``) built from the
shipped foster-care scenario: the school support team as shipped, a lighter
version (half the cost, half the effect) and one with a trajectory of its
own. Used by the workbook and web tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from socinv.scenarios.models import Scenario

ROOT = Path(__file__).resolve().parents[1]
FOSTER = ROOT / "data" / "scenarios" / "foster_care_school_support.yaml"


def foster_alternatives_data() -> dict[str, Any]:
    """The scenario as a plain mapping (what a YAML file would hold)."""
    data = yaml.safe_load(FOSTER.read_text(encoding="utf-8"))
    one = data.pop("intervention")
    data.pop("uncertainty", None)
    light = copy.deepcopy(one)
    light["label"] = "Half the team"
    for cost in light["costs"]:
        cost["amount_sek"] = cost["amount_sek"] / 2
    for eff in light["effects"]:
        eff["relative_risk"] = round(1 - (1 - eff["relative_risk"]) / 2, 6)
    own = {
        "id": "placement_stability",
        "label": "Stable placement, own trajectory",
        "costs": [
            {
                "id": "support",
                "amount_sek": 30000,
                "price_year": 2024,
                "payer": "municipality",
                "from_age": 8,
                "to_age": 8,
            },
        ],
        "episodes": [
            {**ep, "probability": round(ep.get("probability", 1.0) * 0.9, 6)}
            for ep in data["status_quo"]["episodes"]
        ],
    }
    data["name"] = "foster_care_alternatives"
    data["interventions"] = [{"id": "school_support", **one}, {"id": "half_team", **light}, own]
    return data


def foster_alternatives() -> Scenario:
    """The validated scenario."""
    return Scenario.model_validate(foster_alternatives_data())
