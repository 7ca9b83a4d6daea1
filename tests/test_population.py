"""Population layer: survival weights, inflow, calendar views, validation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import socinv
from socinv.errors import ScenarioError
from socinv.population import budget_view, by_calendar_year, per_person, totals
from socinv.population.views import calendar_years
from socinv.scenarios.models import Scenario
from socinv.unitcosts.series import load_births, load_life_table

ROOT = Path(__file__).resolve().parents[1]
FOSTER = ROOT / "data" / "scenarios" / "foster_care_school_support.yaml"


def base(**population: Any) -> dict[str, Any]:
    """A one-item scenario: 1 000 SEK a year (2024 prices, municipality) from 20 to 29."""
    d: dict[str, Any] = {
        "name": "annuity",
        "start_age": 20,
        "horizon_years": 10,
        "start_year": 2025,
        "price_year": 2024,
        "discounting": {"rate": 0.03, "convention": "end"},
        "status_quo": {
            "episodes": [
                {
                    "id": "support",
                    "item": "ekonomiskt_bistand_hushall_ar",
                    "quantity": 1,
                    "from_age": 20,
                    "to_age": 29,
                }
            ]
        },
    }
    if population:
        d["population"] = population
    return d


def model(d: dict[str, Any]) -> socinv.Model:
    return socinv.load_model(Scenario.model_validate(d))


def test_survival_weighted_annuity_by_hand() -> None:
    """Cost per year c, survival S(20+t | 20) for men with hazard ratio 2,
    end-of-year discounting at 3 %: PV = sum c S_t / 1.03^(t+1)."""
    m = model(base(count=1, sex="men", mortality={"hazard_ratio": 2.0}))
    c = m.base_theta[m.index_of("unit_cost.ekonomiskt_bistand_hushall_ar")]
    q = load_life_table().q["men"]
    s = [1.0]
    for age in range(20, 29):
        s.append(s[-1] * (1.0 - q[age]) ** 2.0)
    pv = sum(c * s[t] / 1.03 ** (t + 1) for t in range(10))
    cmp = socinv.scenarios.compare_model(m)
    got = cmp.summary().loc["municipality", "cost_status_quo_disc"]
    assert got == pytest.approx(pv, rel=1e-12)
    assert cmp.summary().loc["municipality", "cost_status_quo"] == pytest.approx(
        c * sum(s), rel=1e-12
    )


def test_mortality_off_reproduces_today_exactly() -> None:
    d = yaml.safe_load(FOSTER.read_text(encoding="utf-8"))
    plain = socinv.compare(FOSTER)
    d.pop("cohort_size")
    d["population"] = {"count": 1, "mortality": {"enabled": False}}
    off = socinv.scenarios.compare_model(
        socinv.load_model(Scenario.model_validate(d), base_dir=FOSTER.parent)
    )
    np.testing.assert_array_equal(off.group_costs, plain.group_costs)
    np.testing.assert_array_equal(off.metrics.npv, plain.metrics.npv)


def test_birth_cohort_times_share() -> None:
    m = model(base(birth_year=2024, share=0.05, mortality={"enabled": False}))
    assert m.base_theta[m.cohort_idx] == pytest.approx(load_births().cohort(2024) * 0.05)


def test_subgroups_start_age_and_sex() -> None:
    """A subgroup entering at 25 bears costs only from 25, weighted by its size."""
    m = model(
        base(
            count=1000,
            subgroups=[
                {"id": "early", "share": 0.3, "sex": "women"},
                {"id": "late", "count": 100, "start_age": 25, "sex": "men"},
            ],
            mortality={"enabled": False},
        )
    )
    assert m.base_theta[m.cohort_idx] == pytest.approx(400.0)
    res = socinv.scenarios.compare_model(m).labelled
    c = m.base_theta[m.index_of("unit_cost.ekonomiskt_bistand_hushall_ar")]
    yearly = res.total(where={"arm": "status_quo", "payer": "municipality"})[0]
    expected = np.array([300.0] * 5 + [400.0] * 5) * c
    np.testing.assert_allclose(yearly, expected, rtol=1e-12)
    assert {"mortality.early.hazard_ratio", "mortality.late.hazard_ratio"} <= set(m.param_names)


def test_inflow_is_sum_of_shifted_streams_and_calendar_sums() -> None:
    k = 3
    one = socinv.scenarios.compare_model(model(base(count=10))).labelled
    many = socinv.scenarios.compare_model(model(base(count=10, inflow_years=k))).labelled
    s = one.total(where={"arm": "status_quo", "payer": "municipality"})[0]
    cal = by_calendar_year(many, where={"arm": "status_quo", "payer": "municipality"})[0]
    assert len(cal) == len(s) + k - 1
    expected = np.zeros(len(s) + k - 1)
    for j in range(k):
        expected[j : j + len(s)] += s
    np.testing.assert_allclose(cal, expected, rtol=1e-12)
    # each calendar year: the cohorts alive in it (entered at most 9 years before)
    years = calendar_years(many)
    for y_i, y in enumerate(years):
        alive = [j for j in range(k) if 0 <= y - 2025 - j < len(s)]
        assert cal[y_i] == pytest.approx(sum(s[y - 2025 - j] for j in alive), rel=1e-12)
    t = totals(many)
    assert t.loc["municipality", "all_cohorts"] == pytest.approx(k * s.sum(), rel=1e-12)
    b = budget_view(many)
    b = b[b["payer"] == "municipality"]
    assert b.groupby("year")["cost_sek"].sum().to_numpy() == pytest.approx(cal, rel=1e-12)


@settings(max_examples=25, deadline=None)
@given(
    count=st.floats(1, 1e6),
    hr=st.floats(0.5, 5.0),
    sex=st.sampled_from(["men", "women", "all"]),
)
def test_population_total_is_per_person_times_count(count: float, hr: float, sex: str) -> None:
    m = model(base(count=count, sex=sex, mortality={"hazard_ratio": hr}))
    res = socinv.scenarios.compare_model(m).labelled
    whole = res.total(("payer",))[0]
    pp = per_person(res, ("payer",))[0]
    np.testing.assert_allclose(whole, pp * count, rtol=1e-10)
    # payer sums still equal society: the per-payer split adds up to the row cost
    soc = res.total()[0]
    np.testing.assert_allclose(whole.sum(axis=0), soc, rtol=1e-10, atol=1e-6)


def test_hazard_ratio_is_a_parameter_in_monte_carlo() -> None:
    m = model(base(count=1, mortality={"hazard_ratio": 1.0}))
    theta = m.theta({"mortality.population.hazard_ratio": [1.0, 3.0]})
    g = m.group_costs(theta)[:, :, 0]  # municipality
    assert g[1].sum() < g[0].sum()


@pytest.mark.parametrize(
    ("population", "field"),
    [
        ({"count": 10, "subgroups": [{"id": "a", "share": 1.5}]}, "share"),
        ({"count": -3}, "count"),
        ({"count": 10, "subgroups": [{"id": "a", "count": -1}]}, "count"),
        ({"count": 10, "inflow_years": 11}, "inflow_years"),
        ({"count": 10, "subgroups": [{"id": "a", "count": 1, "start_age": 50}]}, "start_age"),
        ({"birth_year": 1900, "share": 0.1}, "birth_year"),
    ],
)
def test_bad_population_names_file_and_field(
    tmp_path: Path, population: dict[str, Any], field: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(base(**population)), encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        socinv.load_model(path)
    msg = str(exc.value)
    assert "bad.yaml" in msg
    assert field in msg


def test_start_age_outside_life_table(tmp_path: Path) -> None:
    d = base(count=1)
    d["start_age"] = 111
    d["horizon_years"] = 2
    d["status_quo"]["episodes"][0].update(from_age=111, to_age=112)
    path = tmp_path / "old.yaml"
    path.write_text(yaml.safe_dump(d), encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"old\.yaml.*population.*life table"):
        socinv.load_model(path)


def test_monte_carlo_with_uncertain_hazard_ratio_is_chunk_independent() -> None:
    """Excess mortality uncertain like any parameter; the draws give the same
    bits whatever the chunk size."""
    import pandas as pd

    from socinv.sensitivity import monte_carlo, uncertainty

    d = base(count=50, mortality={"hazard_ratio": 2.0})
    d["status_quo"]["episodes"][0]["item"] = "bup_besok"
    d["intervention"] = {
        "costs": [
            {
                "id": "c",
                "amount_sek": 1000,
                "price_year": 2024,
                "payer": "municipality",
                "from_age": 20,
                "to_age": 20,
            }
        ],
        "effects": [{"id": "e", "episode": "support", "relative_risk": 0.8}],
    }
    m = model(d)
    u = uncertainty(
        m,
        {
            "mortality.population.hazard_ratio": {"dist": "uniform", "low": 1.0, "high": 4.0},
            "effect.e.relative_risk": {"dist": "uniform", "low": 0.6, "high": 1.0},
        },
    )
    ref = monte_carlo(m, 600, seed=3, unc=u)
    for chunk in (1, 97):
        other = monte_carlo(m, 600, seed=3, unc=u, chunk_size=chunk)
        pd.testing.assert_frame_equal(other.npv, ref.npv, check_exact=True)
    assert ref.npv["society"].std() > 0


def test_result_methods_are_the_views() -> None:
    res = socinv.scenarios.compare_model(model(base(count=7, inflow_years=2))).labelled
    np.testing.assert_array_equal(res.per_person(("payer",)), per_person(res, ("payer",)))
    np.testing.assert_array_equal(
        res.by_calendar_year(("payer",), discounted=True),
        by_calendar_year(res, ("payer",), discounted=True),
    )


@settings(max_examples=20, deadline=None)
@given(
    quantity=st.floats(0.0, 50.0),
    probability=st.floats(0.0, 1.0),
    rate=st.floats(0.0, 0.08),
    rr=st.floats(0.0, 1.0),
)
def test_mortality_off_equals_no_population(
    quantity: float, probability: float, rate: float, rr: float
) -> None:
    d = base()
    d["discounting"] = {"rate": rate}
    d["status_quo"]["episodes"][0].update(
        item="bup_besok", quantity=quantity, probability=probability
    )
    d["intervention"] = {"effects": [{"id": "e", "episode": "support", "relative_risk": rr}]}
    plain = socinv.scenarios.compare_model(model(d))
    d["population"] = {"count": 1, "mortality": {"enabled": False}}
    off = socinv.scenarios.compare_model(model(d))
    np.testing.assert_array_equal(off.group_costs, plain.group_costs)
    np.testing.assert_array_equal(off.metrics.npv, plain.metrics.npv)


def test_bad_population_in_cli_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from socinv.cli.main import main

    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(base(count=10, inflow_years=11)), encoding="utf-8")
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "bad.yaml" in err and "inflow_years" in err and "\n" not in err
