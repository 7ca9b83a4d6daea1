"""Small hand-made catalogue and scenarios for the sensitivity tests (written
to tmp_path, so the tests do not depend on the shipped data's values)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from socinv import Model, compile_scenario, load_catalogue, scenario_from_dict

_HEADER = "id,name_sv,name_en,value_sek,unit,price_year,payer,kind,sector,agency,source,evidence"
SENS_CSV = "\n".join(
    [
        _HEADER + ",low_sek,high_sek",
        "hvb,HVB-dygn,HVB day,4000,dygn,2024,municipality,resource,social_services,"
        "socialnämnd,test,assumption,3000,6000",
        "visit,Besök,Visit,1000,besök,2024,region,resource,health,,test,assumption,,",
        "prison,Fängelsedygn,Prison day,3000,dygn,2024,state,resource,justice,"
        "Kriminalvården,test,assumption,,",
        "bistand,Ekonomiskt bistånd,Social assistance,80000,hushållsår,2024,municipality,"
        "transfer,social_services,socialnämnd,test,assumption,,",
        "",
    ]
)


def linear_scenario(**changes: Any) -> dict[str, Any]:
    """Status quo: 10 HVB days a year at ages 10-14 and 4 visits a year at
    ages 10-19; intervention halves the HVB risk and costs 50 000 SEK
    (municipality) at age 10. Rate 0, so present values are plain sums:
    society NPV = 4000*10*0.5*5 - 50 000 = 50 000 SEK."""
    data: dict[str, Any] = {
        "name": "lin",
        "start_age": 10,
        "horizon_years": 10,
        "start_year": 2025,
        "price_year": 2024,
        "discounting": {"rate": 0.0},
        "status_quo": {
            "episodes": [
                {"id": "hvb", "item": "hvb", "quantity": 10, "from_age": 10, "to_age": 14},
                {"id": "visits", "item": "visit", "quantity": 4, "from_age": 10, "to_age": 19},
            ]
        },
        "intervention": {
            "costs": [
                {
                    "id": "prog",
                    "amount_sek": 50000,
                    "price_year": 2024,
                    "payer": "municipality",
                    "from_age": 10,
                    "to_age": 10,
                }
            ],
            "effects": [{"id": "fewer_hvb", "episode": "hvb", "relative_risk": 0.5}],
        },
    }
    data.update(changes)
    return data


def build(tmp_path: Path, data: dict[str, Any] | None = None) -> Model:
    """Compile ``data`` (default :func:`linear_scenario`) on the small catalogue."""
    csv = tmp_path / "sens.csv"
    csv.write_text(SENS_CSV, encoding="utf-8")
    sc = scenario_from_dict(data if data is not None else linear_scenario())
    return compile_scenario(sc, load_catalogue(csv))
