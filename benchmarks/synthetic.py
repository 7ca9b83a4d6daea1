"""A synthetic two-arm scenario for benchmarks: ~30 cost items from the
shipped catalogue over 60 years (ages 5-64), effects on most episodes, two
intervention costs, and distributions on every effect, quantity and unit
cost. Its numbers are illustrative, not an appraisal of anything."""

from __future__ import annotations

from typing import Any

from socinv import Model, compile_scenario, scenario_from_dict

# (item, quantity per year, from_age, to_age, probability)
EPISODES: list[tuple[str, float, int, int, float]] = [
    ("familjehem_manad", 12, 5, 17, 0.10),
    ("familjehem_konsulentstott_dygn", 20, 5, 17, 0.10),
    ("kontaktfamilj_dygn", 24, 6, 15, 0.15),
    ("bbic_utredning", 1, 6, 16, 0.10),
    ("sip_timme", 6, 7, 20, 0.20),
    ("hvb_barn_dygn_helsingborg_2016", 60, 13, 17, 0.08),
    ("sis_ungdomshem_dygn", 40, 14, 18, 0.03),
    ("grundskola_elevar_2015", 1, 7, 15, 0.05),
    ("elevhalsa_elevar", 1, 6, 15, 0.30),
    ("psykologutredning_skola", 1, 8, 12, 0.10),
    ("gymnasieskola_extra_ar", 1, 16, 19, 0.15),
    ("elevassistent_elevar", 0.5, 7, 15, 0.05),
    ("bup_besok", 8, 6, 17, 0.25),
    ("psykiatri_oppenvard_besok", 6, 18, 64, 0.15),
    ("psykiatri_slutenvard_dygn", 10, 18, 40, 0.03),
    ("akutbesok", 2, 5, 64, 0.20),
    ("primarvard_lakarbesok", 3, 5, 64, 0.50),
    ("beroendevard_besok", 6, 16, 45, 0.10),
    ("adhd_lakemedel_metylfenidat_ar", 1, 8, 40, 0.10),
    ("adhd_utredning_offentlig", 1, 8, 20, 0.05),
    ("polis_lagforing", 0.3, 15, 30, 0.10),
    ("tingsratt_brottmal_mal", 0.3, 15, 30, 0.10),
    ("hakte_dygn", 10, 16, 30, 0.05),
    ("fangelse_dygn", 60, 18, 35, 0.04),
    ("ekonomiskt_bistand_hushall_ar", 1, 18, 64, 0.15),
    ("aktivitetsersattning_garanti_ar", 1, 19, 29, 0.05),
    ("sjukersattning_garanti_ar", 1, 30, 64, 0.06),
    ("bostadsbidrag_hushall_ar", 1, 18, 40, 0.08),
    ("produktionsvarde_utanfor_ar", 1, 20, 64, 0.15),
]


def synthetic_scenario_dict(uncertain_dropoff: bool = True) -> dict[str, Any]:
    """The scenario as a dict (price year 2024, 60 years from age 5). With
    ``uncertain_dropoff`` False the effects' drop-off is fixed at 0.02."""
    episodes = [
        {
            "id": f"e{i:02d}",
            "item": item,
            "quantity": q,
            "from_age": a,
            "to_age": b,
            "probability": p,
        }
        for i, (item, q, a, b, p) in enumerate(EPISODES)
    ]
    effects = [
        {
            "id": f"f{i:02d}",
            "episode": e["id"],
            "relative_risk": 0.8,
            "dropoff": 0.02,
        }
        for i, e in enumerate(episodes)
        if i % 5 != 4  # 24 of 29 episodes are affected
    ]
    uncertainty: dict[str, dict[str, Any]] = {}
    for f in effects:
        uncertainty[f"effect.{f['id']}.relative_risk"] = {"dist": "beta", "mean": 0.8, "sd": 0.08}
        if uncertain_dropoff:
            uncertainty[f"effect.{f['id']}.dropoff"] = {"dist": "uniform", "low": 0.0, "high": 0.05}
    for e in episodes:
        q = float(e["quantity"])
        uncertainty[f"episode.status_quo.{e['id']}.quantity"] = {
            "dist": "gamma",
            "mean": q,
            "sd": 0.15 * q,
        }
    uncertainty["cost.programme.amount_sek"] = {
        "dist": "pert",
        "low": 40000,
        "mode": 50000,
        "high": 70000,
    }
    uncertainty["discount.rate"] = {"dist": "uniform", "low": 0.01, "high": 0.05}
    return {
        "name": "bench_synthetic",
        "title": "Synthetic benchmark scenario (29 episodes + 2 costs, 60 years)",
        "start_age": 5,
        "horizon_years": 60,
        "start_year": 2025,
        "price_year": 2024,
        "discounting": {"rate": 0.035},
        "status_quo": {"label": "status quo", "episodes": episodes},
        "intervention": {
            "label": "early support",
            "costs": [
                {
                    "id": "programme",
                    "amount_sek": 50000,
                    "price_year": 2024,
                    "payer": "municipality",
                    "from_age": 5,
                    "to_age": 9,
                },
                {
                    "id": "team",
                    "item": "samverkansmote_timme",
                    "quantity": 10,
                    "from_age": 5,
                    "to_age": 9,
                },
            ],
            "effects": effects,
        },
        "uncertainty": uncertainty,
    }


def synthetic_model(uncertain_dropoff: bool = True) -> Model:
    """The compiled synthetic scenario (shipped catalogue)."""
    data = synthetic_scenario_dict(uncertain_dropoff)
    return compile_scenario(scenario_from_dict(data, source="synthetic"))


def large_scenario_dict(n_lines: int = 300, horizon: int = 100) -> dict[str, Any]:
    """A larger variant for the memory benchmark: ``n_lines`` status-quo
    episodes (the items above, repeated with shifted ages) over ``horizon``
    years from age 5, effects on four in five of them, with the same kinds
    of distributions as the synthetic scenario."""
    data = synthetic_scenario_dict(uncertain_dropoff=True)
    last_age = 5 + horizon - 1
    episodes = []
    for i in range(n_lines):
        item, q, a, b, p = EPISODES[i % len(EPISODES)]
        shift = 5 * (i // len(EPISODES))
        lo, hi = min(a + shift, last_age), min(b + shift, last_age)
        episodes.append(
            {
                "id": f"e{i:03d}",
                "item": item,
                "quantity": q,
                "from_age": lo,
                "to_age": hi,
                "probability": p,
            }
        )
    effects = [
        {"id": f"f{i:03d}", "episode": e["id"], "relative_risk": 0.8, "dropoff": 0.02}
        for i, e in enumerate(episodes)
        if i % 5 != 4
    ]
    unc: dict[str, dict[str, Any]] = {}
    for f in effects:
        unc[f"effect.{f['id']}.relative_risk"] = {"dist": "beta", "mean": 0.8, "sd": 0.08}
        unc[f"effect.{f['id']}.dropoff"] = {"dist": "uniform", "low": 0.0, "high": 0.05}
    for e in episodes:
        q = float(e["quantity"])
        unc[f"episode.status_quo.{e['id']}.quantity"] = {"dist": "gamma", "mean": q, "sd": 0.15 * q}
    unc["discount.rate"] = {"dist": "uniform", "low": 0.01, "high": 0.05}
    data.update(
        name="bench_large",
        title=f"Synthetic memory benchmark ({n_lines} lines, {horizon} years)",
        horizon_years=horizon,
        status_quo={"label": "status quo", "episodes": episodes},
        uncertainty=unc,
    )
    data["intervention"] = {**data["intervention"], "effects": effects}
    return data
