"""The one labelled result: named dimensions, hand-computed cells, and the
reductions every analysis reads (metrics, savings by agency, investment)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socinv import Catalogue, compare, scenario_from_dict
from socinv.errors import ParameterError
from socinv.scenarios import CUBE_DIMS, evaluate_result
from test_engine import HAND


@pytest.fixture
def res(small_catalogue: Catalogue) -> Any:
    return compare(scenario_from_dict(HAND), catalogue=small_catalogue).labelled


def test_dims_and_labels(res: Any) -> None:
    assert res.dims == CUBE_DIMS == ("draw", "arm", "component", "payer", "agency", "year")
    c = res.coords()
    assert c["arm"] == ("status_quo", "intervention")
    assert c["year"][0] == 2025 and len(c["year"]) == 10
    assert {"socialnämnd", "SiS", "kommunstyrelsen", "individual"} <= set(c["agency"])
    da = res.to_xarray()
    assert da.dims == CUBE_DIMS
    assert da.attrs["price_year"] == 2024


def test_cells_by_hand(res: Any) -> None:
    da = res.to_xarray().sel(draw=0)
    sq_ep = da.sel(arm="status_quo", component="episode")
    # SiS: 10 days x 12 000 SEK at age 11 (2026); the state's third goes to SiS,
    # the municipality's two thirds (the care fee) to the socialnämnd
    assert float(sq_ep.sel(payer="state", agency="SiS", year=2026)) == pytest.approx(39960.0)
    assert float(sq_ep.sel(payer="municipality", agency="socialnämnd", year=2026)) == (
        pytest.approx(80040.0)
    )
    # lost production 300 000 at age 18 (2033): 20 % municipal tax revenue
    assert float(
        sq_ep.sel(payer="municipality", agency="municipality tax revenue", year=2033)
    ) == pytest.approx(60000.0)
    inv = da.sel(arm="intervention", component="intervention_cost")
    assert float(inv.sum()) == pytest.approx(50000.0)
    assert float(inv.sel(payer="municipality", agency="kommunstyrelsen", year=2025)) == (
        pytest.approx(50000.0)
    )
    assert float(da.sel(arm="status_quo", component="intervention_cost").sum()) == 0.0


def test_savings_by_agency_by_hand(res: Any) -> None:
    df = res.savings_by_agency()
    soc = df[(df["payer"] == "municipality") & (df["agency"] == "socialnämnd")]
    by_year = dict(zip(soc["year"], soc["savings_sek"], strict=True))
    # HVB: half the placements (100 000 a year at ages 12-13); försörjningsstöd
    # 80 000 at age 15 fully avoided, at 16 the effect has halved
    assert by_year[2027] == pytest.approx(100000.0)
    assert by_year[2028] == pytest.approx(100000.0)
    assert by_year[2030] == pytest.approx(80000.0)
    assert by_year[2031] == pytest.approx(40000.0)
    assert soc["savings_sek"].sum() == pytest.approx(320000.0)
    d = 1.05 ** -(np.arange(10) + 1.0)
    assert soc["savings_disc_sek"].sum() == pytest.approx(
        100000 * (d[2] + d[3]) + 80000 * d[5] + 40000 * d[6]
    )
    ind = df[df["payer"] == "individual"]["savings_sek"].sum()
    assert ind == pytest.approx(-120000.0)  # the person loses the income support avoided


def test_reductions_agree_with_the_kernel(res: Any) -> None:
    g = res.group_costs()
    assert np.allclose(res.by_row_group(), g, rtol=1e-12, atol=1e-9)
    cube = res.cube()
    assert np.allclose(cube.sum(axis=CUBE_DIMS.index("agency")).sum(), g.sum())
    npv = res.savings(discounted=True).sum() - res.investment(discounted=True).sum()
    assert npv == pytest.approx(float(res.metrics.npv[0, -1]), rel=1e-12)


def test_unknown_dimension_or_label(res: Any) -> None:
    with pytest.raises(ParameterError, match="cohort"):
        res.total(("cohort",))
    with pytest.raises(ParameterError, match="nobody"):
        res.total(("payer",), where={"payer": "nobody"})


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rr=st.floats(0.0, 1.0),
    cohort=st.floats(1.0, 500.0),
    n=st.integers(1, 4),
)
def test_payers_add_up_and_zero_effect_saves_nothing(
    small_catalogue: Catalogue, rr: float, cohort: float, n: int
) -> None:
    model = compare(scenario_from_dict(HAND), catalogue=small_catalogue).model
    theta = model.theta({"effect.less_hvb.relative_risk": np.full(n, rr), "cohort.size": cohort})
    r = evaluate_result(model, theta)
    by_payer = r.savings(keep=("payer",), discounted=True).sum(axis=-1)  # (n, payer)
    society = r.savings(discounted=True).sum(axis=-1)  # (n,)
    assert np.allclose(by_payer.sum(axis=1), society, rtol=1e-12, atol=1e-6)
    assert np.allclose(society, r.metrics.savings_disc[:, -1], rtol=1e-12, atol=1e-6)
    zero = model.theta(
        {
            "effect.less_hvb.relative_risk": 1.0,
            "effect.less_fs.relative_risk": 1.0,
        },
        n=n,
    )
    assert np.all(evaluate_result(model, zero).savings() == 0.0)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(k=st.floats(0.1, 1000.0))
def test_scaling_the_cohort_scales_every_cell(small_catalogue: Catalogue, k: float) -> None:
    model = compare(scenario_from_dict(HAND), catalogue=small_catalogue).model
    one = evaluate_result(model, model.theta({"cohort.size": 1.0}))
    many = evaluate_result(model, model.theta({"cohort.size": k}))
    np.testing.assert_allclose(many.cube(), k * one.cube(), rtol=1e-12, atol=1e-9)
    # a transfer nets to zero across payers, arm by arm and year by year
    s = one.streams(attributed=True)
    fs = s[s["item"] == "bistand"].groupby(["arm", "year"])["cost_sek"].sum()
    assert len(fs) > 0 and np.all(np.abs(fs.to_numpy()) < 1e-9)
