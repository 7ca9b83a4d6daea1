"""Follow-up: observed outcomes, bokslut, Bayesian update, repayment on results."""

from __future__ import annotations

import doctest
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import socinv
from socinv.cli.main import main
from socinv.contracts import evaluate_contract, load_contract
from socinv.errors import InputWarning
from socinv.followup import (
    FollowupError,
    bokslut,
    expected_outcomes,
    load_outcomes,
    outcomes_from_frame,
    synthetic_outcomes,
    update_effects,
)
from socinv.followup.repayment import contract_on_observed, fund_repayment_on_observed
from socinv.fund import load_fund
from socinv.sensitivity import Beta
from support import MAIN_SCENARIO, ROOT, base_scenario

NORRKOPING = ROOT / "data" / "contracts" / "norrkoping_hvb_scenario.yaml"
EXAMPLE = ROOT / "data" / "followup" / "norrkoping_followup_example.csv"


@pytest.fixture(scope="module")
def foster() -> socinv.Model:
    return socinv.compile_scenario(socinv.load_scenario(MAIN_SCENARIO))


@pytest.fixture(scope="module")
def norrkoping() -> socinv.Model:
    return socinv.compile_scenario(socinv.load_scenario(NORRKOPING))


# --- observed = forecast ---------------------------------------------------------------
def test_observed_equal_to_forecast_gives_zero_variance_and_unchanged_effects(
    foster: socinv.Model,
) -> None:
    # ages 14..29: every effect of the scenario acts in some of these years
    years = list(range(2031, 2047))
    obs = outcomes_from_frame(expected_outcomes(foster, years, 100.0), foster)
    b = bokslut(foster, obs)
    v = b.variance()
    assert np.allclose(v[["volume_sek", "unit_cost_sek", "variance_sek"]], 0.0, atol=1e-6)
    c = b.costs()
    assert np.allclose(c["observed_sek"], c["forecast_sek"], rtol=1e-12, atol=1e-6)
    s = b.savings()
    assert s["baseline"].eq("comparison group").all()
    assert np.allclose(s["realised_savings_sek"], s["forecast_savings_sek"], atol=1e-6)
    up = update_effects(foster, obs)
    names = set(up.overrides())
    # the scenario's priors have their mean at the base value, so forecast-consistent
    # data leave every point estimate where it was
    for eff in ("fewer_hvb_replacements", "more_eligible", "less_income_support", "more_work"):
        assert f"effect.{eff}.relative_risk" in names
    for name, value in up.overrides().items():
        base = foster.base_theta[foster.index_of(name)]
        assert value == pytest.approx(base, rel=1e-9), name
    # ... while the uncertainty shrinks
    t = up.table()
    assert (t["posterior_sd"] < t["prior_sd"]).all()


def test_prior_mean_away_from_base_moves_towards_forecast_consistent_data(
    norrkoping: socinv.Model,
) -> None:
    # triangular(0.6, 0.8, 1.05) has mean 0.8167, the forecast uses 0.8: data equal to
    # the forecast pull the posterior from the prior mean towards 0.8, not away
    obs = outcomes_from_frame(
        expected_outcomes(norrkoping, [2016, 2017, 2018], 600.0, comparison=False), norrkoping
    )
    name = "effect.fewer_sis_placements.relative_risk"
    up = update_effects(
        norrkoping, obs, {name: {"dist": "triangular", "low": 0.6, "mode": 0.8, "high": 1.05}}
    )
    row = up.table().set_index("parameter").loc[name]
    assert row["prior_mean"] == pytest.approx((0.6 + 0.8 + 1.05) / 3)
    assert 0.8 < row["posterior_mean"] < row["prior_mean"]


# --- the Bayesian update against its closed form -----------------------------------------
def test_beta_binomial_update_matches_closed_form(foster: socinv.Model) -> None:
    # 2035 = age 18: only the prison episode (18-25) is expected that year
    df = pd.DataFrame(
        [
            {
                "year": 2035,
                "group": "comparison",
                "group_size": 100,
                "episode": "prison",
                "persons": 7,
                "units": 400,
            },
            {
                "year": 2035,
                "group": "participants",
                "group_size": 100,
                "episode": "prison",
                "persons": 3,
                "units": 200,
            },
        ]
    )
    up = update_effects(foster, outcomes_from_frame(df, foster))
    t = up.table().set_index("parameter")
    # prior Beta(mean 0.05, sd 0.02): a = m (m(1-m)/s^2 - 1) = 0.05 x 117.75 = 5.8875, b = 111.8625
    p = t.loc["episode.status_quo.prison.probability"]
    assert p["prior_form"] == "conjugate"
    assert p["posterior_a"] == pytest.approx(5.8875 + 7)
    assert p["posterior_b"] == pytest.approx(111.8625 + 93)
    assert p["posterior_mean"] == pytest.approx(12.8875 / 217.75)
    sd = math.sqrt(12.8875 * 204.8625 / (217.75**2 * 218.75))
    assert p["posterior_sd"] == pytest.approx(sd)
    # the effect: prior uniform(0.6, 1.0) on rr, moment-matched on p = s x rr with
    # s the updated status-quo probability
    r = t.loc["effect.less_crime.relative_risk"]
    s = 12.8875 / 217.75
    m, v = s * 0.8, s**2 * 0.4**2 / 12
    c = m * (1 - m) / v - 1
    assert r["prior_form"] == "moment-matched"
    assert r["posterior_mean"] == pytest.approx((m * c + 3) / (c + 100) / s, rel=1e-6)
    # the posterior as a distribution for the Monte Carlo: exact beta when scale is 1
    d = next(u for u in up.updates if u.parameter.endswith("prison.probability")).distribution()
    assert isinstance(d, Beta) and d.mean == pytest.approx(12.8875 / 217.75)


def test_gamma_poisson_update_matches_closed_form(norrkoping: socinv.Model) -> None:
    obs = load_outcomes(EXAMPLE, norrkoping)
    name = "effect.fewer_hvb_days.quantity_factor"
    up = update_effects(norrkoping, obs, {name: {"dist": "gamma", "mean": 0.85, "sd": 0.1}})
    t = up.table().set_index("parameter").loc[name]
    tab = obs.table[(obs.table["group"] == "participants") & (obs.table["episode"] == "hvb")]
    units, persons = tab["units"].sum(), tab["persons"].sum()
    # the same young people in all three years: weight = most persons in one year / person-years
    w = tab["persons"].max() / persons
    assert (tab["persons"].tolist(), w) == ([42, 49, 44], 49 / 135)
    # prior on lambda = 150 x qf: Gamma(shape k, rate r) with mean 127.5, sd 15
    k, r = (127.5 / 15) ** 2, 127.5 / 15**2
    assert t["prior_form"] == "conjugate"  # a gamma scaled by 150 is a gamma
    assert t["posterior_mean"] == pytest.approx((k + w * units) / (r + w * persons) / 150)
    assert t["posterior_sd"] == pytest.approx(math.sqrt(k + w * units) / (r + w * persons) / 150)
    assert (t["observed"], t["exposure"]) == pytest.approx((w * units, 49.0))


# --- variance split ------------------------------------------------------------------------
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_volume_plus_unit_cost_is_the_total_variance(
    norrkoping: socinv.Model, data: st.DataObject
) -> None:
    rows = []
    for group, size in (("participants", 60), ("comparison", 50)):
        for year in (2016, 2017):
            for ep, cap in (("hvb", 366), ("sis", 366), ("investigation", None)):
                persons = data.draw(st.integers(0, size))
                units = 0 if persons == 0 else data.draw(st.integers(1, (cap or 5) * persons))
                rows.append(
                    {
                        "year": year,
                        "group": group,
                        "group_size": size,
                        "episode": ep,
                        "persons": persons,
                        "units": units,
                    }
                )
    obs = outcomes_from_frame(pd.DataFrame(rows), norrkoping)
    v = bokslut(norrkoping, obs).variance()
    assert np.allclose(
        v["volume_sek"] + v["unit_cost_sek"], v["variance_sek"], rtol=1e-12, atol=1e-6
    )
    assert np.allclose(v["observed_sek"] - v["forecast_sek"], v["variance_sek"], atol=1e-6)
    # the parts are what their definitions say
    seen = v[v["observed_persons"] > 0]
    expected = (seen["observed_cost_per_person_sek"] - seen["forecast_cost_per_person_sek"]) * seen[
        "observed_persons"
    ]
    assert np.allclose(seen["unit_cost_sek"], expected, rtol=1e-9, atol=1e-3)
    # observed cost is catalogue price x observed units (hvb: one payer, full cost)
    hvb_price = norrkoping.base_theta[
        norrkoping.index_of("unit_cost.hvb_barn_dygn_helsingborg_2016")
    ]
    h = v[v["episode"] == "hvb"].sort_values(["group", "year"])
    u = obs.table[obs.table["episode"] == "hvb"].sort_values(["group", "year"])
    assert np.allclose(h["observed_sek"].to_numpy(), hvb_price * u["units"].to_numpy())


# --- repayment on measured results ------------------------------------------------------------
@pytest.mark.parametrize(
    ("project", "years"), [("skolfam", range(2025, 2031)), ("hvb_support", range(2027, 2034))]
)
def test_fund_repayment_on_observed_equals_forecast_when_outcomes_equal_it(
    project: str, years: range
) -> None:
    fund = load_fund(ROOT / "data" / "contracts" / "example_fund.yaml")
    base = ROOT / "data" / "contracts"
    from socinv.followup.repayment import fund_project

    model = fund_project(fund, project, base_dir=base).comparison.model
    exp = expected_outcomes(model, list(years), 20.0, comparison=False)
    b = bokslut(model, outcomes_from_frame(exp, model))
    rep = fund_repayment_on_observed(fund, project, b, base_dir=base)
    t = rep.table()
    assert len(t) > 0
    assert np.allclose(t["observed_sek"], t["forecast_sek"], rtol=1e-9, atol=1e-6)
    assert (t["status"] == "due").all()


def test_fund_repayment_pending_after_the_last_observed_year() -> None:
    fund = load_fund(ROOT / "data" / "contracts" / "example_fund.yaml")
    base = ROOT / "data" / "contracts"
    from socinv.followup.repayment import fund_project

    model = fund_project(fund, "hvb_support", base_dir=base).comparison.model
    exp = expected_outcomes(model, [2027, 2028, 2029], 20.0, comparison=False)
    b = bokslut(model, outcomes_from_frame(exp, model))
    rep = fund_repayment_on_observed(fund, "hvb_support", b, base_dir=base)
    assert rep.table()["status"].str.startswith("pending").all()


def test_contract_on_observed_equals_the_forecast_when_outcomes_equal_it(
    norrkoping: socinv.Model,
) -> None:
    c = load_contract(ROOT / "data" / "contracts" / "norrkoping_sib.yaml")
    exp = expected_outcomes(norrkoping, list(range(2016, 2031)), 60.0, comparison=False)
    b = bokslut(norrkoping, outcomes_from_frame(exp, norrkoping))
    r = contract_on_observed(c, b, as_of=2021)
    base = evaluate_contract(ROOT / "data" / "contracts" / "norrkoping_sib.yaml")
    assert np.allclose(r.terms["amount_sek"], base.term_payments[0], rtol=1e-9)
    for k, v in r.outcomes.items():
        assert v == pytest.approx(float(base.outcomes[k][0]), rel=1e-9), k
    assert (r.terms["status"] == "paid").all()
    assert r.irr_to_date == pytest.approx(float(base.irr[0]), abs=1e-9)


def test_contract_paid_on_measured_direct_outcomes() -> None:
    c = load_contract(ROOT / "data" / "contracts" / "sick_leave_botkyrka_ornskoldsvik.yaml")
    hit = contract_on_observed(
        c, measured={"programme_effect": 0.13, "national_trend": 0.0}, as_of=2022
    )
    assert hit.summary()["paid_to_date_sek"] == pytest.approx(40_000_000)
    assert hit.irr_to_date == pytest.approx(0.0, abs=1e-9)  # 40 MSEK back for 40 MSEK in
    # a 14 % local fall with a 3 % national trend is 11 % adjusted: below the 12 % target
    miss = contract_on_observed(
        c, measured={"local_fall": 0.14, "national_trend": 0.03}, as_of=2022
    )
    assert miss.terms.set_index("type").loc["target_payment", "amount_sek"] == 0.0
    early = contract_on_observed(
        c, measured={"local_fall": 0.14, "national_trend": 0.0}, as_of=2020
    )
    assert list(early.terms["status"]) == ["paid", "paid", "pending", "pending"]


# --- convergence on synthetic data -------------------------------------------------------------
def _long_scenario() -> socinv.Model:
    sc = base_scenario(
        horizon_years=40,
        status_quo={
            "episodes": [
                {
                    "id": "ep",
                    "item": "hvb_barn_dygn_helsingborg_2016",
                    "quantity": 30,
                    "probability": 0.4,
                    "from_age": 10,
                    "to_age": 49,
                }
            ]
        },
        intervention={
            "costs": [
                {
                    "id": "c",
                    "amount_sek": 1000,
                    "price_year": 2024,
                    "payer": "municipality",
                    "from_age": 10,
                    "to_age": 10,
                }
            ],
            "effects": [{"id": "eff", "episode": "ep", "relative_risk": 0.8}],
        },
        uncertainty={"effect.eff.relative_risk": {"dist": "beta", "mean": 0.8, "sd": 0.1}},
    )
    return socinv.compile_scenario(socinv.scenario_from_dict(sc))


LONG = _long_scenario()


@settings(max_examples=25, deadline=None)
@given(true_rr=st.floats(0.3, 0.95), seed=st.integers(0, 2**31))
def test_updated_effect_converges_to_the_true_effect(true_rr: float, seed: int) -> None:
    """Information grows with the persons followed (not with the years the
    same persons are counted again)."""
    name = "effect.eff.relative_risk"
    errors, sds = [], []
    for size in (50, 1_000, 20_000):
        df = synthetic_outcomes(LONG, list(range(2025, 2030)), size, {name: true_rr}, seed)
        u = update_effects(LONG, outcomes_from_frame(df, LONG)).table().set_index("parameter")
        errors.append(abs(u.loc[name, "posterior_mean"] - true_rr))
        sds.append(u.loc[name, "posterior_sd"])
    assert sds[0] > sds[1] > sds[2]  # every added person adds information
    assert sds[2] < 0.02
    assert errors[2] < 4.5 * sds[2] + 1e-3  # the estimate sits at the true effect
    assert errors[2] < max(errors[0], 0.05)


# --- bad data ----------------------------------------------------------------------------------
GOOD = "year,group,group_size,episode,persons,units\n"


def _write(tmp_path: Path, body: str, name: str = "f.csv") -> Path:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


def _rows(extra: str = "", *, hvb: str = "2016,participants,60,hvb,40,5000") -> str:
    return (
        "# a comment line\n"
        + GOOD
        + hvb
        + "\n2016,participants,60,sis,5,200\n2016,participants,60,investigation,20,20\n"
        + extra
    )


@pytest.mark.parametrize(
    ("body", "line", "column", "words"),
    [
        (_rows(hvb="2016,participants,60,hvb,-1,0"), 3, "persons", "greater than or equal to 0"),
        (_rows(hvb="2016,participants,60,hvb,61,5000"), 3, "persons", "group has 60"),
        (_rows(hvb="2016,participants,60,hvb,40,20000"), 3, "units", "366 per person"),
        (_rows(hvb="2016,participants,60,hvb,0,10"), 3, "units", "no person"),
        (_rows(hvb="2016,participants,60,hvbb,40,5000"), 3, "episode", "not an episode"),
        (_rows(hvb="2031,participants,60,hvb,40,5000"), 3, "year", "outside the scenario's years"),
        (_rows(hvb="2016,participants,61,hvb,40,5000"), 4, "group_size", "differs"),
        (_rows(hvb="2016,participantz,60,hvb,40,5000"), 3, "group", "participants, comparison"),
        (_rows(hvb="2016,participants,60,hvb,850101-1234,5000"), 3, "persons", "personnummer"),
        (_rows("2016,participants,60,hvb,1,1\n"), 6, "episode", "given twice"),
        (_rows("2019,participants,60,extra_upper_secondary_year,3,3\n"), 6, "persons", "must be 0"),
        (_rows(hvb="2016,participants,60,hvb,40,,"), 3, None, "7 fields, header has 6"),
        (GOOD + "2016,participants,60,hvb,40,5000\n", 2, "episode", "no row for episode 'sis'"),
    ],
)
def test_bad_followup_data_names_file_line_and_column(
    tmp_path: Path, norrkoping: socinv.Model, body: str, line: int, column: str | None, words: str
) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(FollowupError) as err:
        load_outcomes(path, norrkoping)
    e = err.value
    assert e.path == str(path) and e.line == line and e.column == column, str(e)
    assert words in str(e) and str(path) in str(e)


@pytest.mark.parametrize("column", ["personnummer", "pnr", "namn", "Name", "birth_date"])
def test_personal_columns_are_refused(
    tmp_path: Path, norrkoping: socinv.Model, column: str
) -> None:
    path = _write(
        tmp_path, _rows().replace("units\n", f"units,{column}\n", 1).replace("5000\n", "5000,x\n")
    )
    with pytest.raises(FollowupError, match="personal data") as err:
        load_outcomes(path, norrkoping)
    assert err.value.column == column.lower()


def test_persons_without_counts_the_complement(tmp_path: Path, norrkoping: socinv.Model) -> None:
    body = "year,group,group_size,episode,persons,persons_without,units\n2016,participants,60,hvb,,20,5000\n2016,participants,60,sis,5,,200\n2016,participants,60,investigation,20,,20\n"
    obs = load_outcomes(_write(tmp_path, body), norrkoping)
    assert obs.table.set_index("episode").loc["hvb", "persons"] == 40


def test_xlsx_reads_like_csv(tmp_path: Path, norrkoping: socinv.Model) -> None:
    from openpyxl import Workbook

    csv_obs = load_outcomes(EXAMPLE, norrkoping)
    wb = Workbook()
    ws = wb.active
    ws.append(["# made-up data"])
    df = pd.read_csv(EXAMPLE, comment="#")
    ws.append(list(df.columns))
    for r in df.itertuples(index=False):
        ws.append(list(r))
    wb.save(tmp_path / "f.xlsx")
    x = load_outcomes(tmp_path / "f.xlsx", norrkoping)
    pd.testing.assert_frame_equal(
        x.table.drop(columns="line"), csv_obs.table.drop(columns="line"), check_dtype=False
    )
    ws2 = Workbook()
    sh = ws2.active
    sh.append(list(df.columns))
    for r in df.itertuples(index=False):
        sh.append([float(x) if isinstance(x, int) else x for x in r])  # numbers stored as floats
    ws2.save(tmp_path / "floats.xlsx")
    pd.testing.assert_frame_equal(
        load_outcomes(tmp_path / "floats.xlsx", norrkoping).table.drop(columns="line"),
        csv_obs.table.drop(columns="line").assign(line=0).drop(columns="line"),
        check_dtype=False,
    )
    sh.append([2016, "participants", 60, "hvb", 3, 300, "extra"])
    ws2.save(tmp_path / "extra.xlsx")
    with pytest.raises(FollowupError, match="without a name in the header") as err:
        load_outcomes(tmp_path / "extra.xlsx", norrkoping)
    assert err.value.line == len(df) + 2
    ws.append([2016, "participants", 60, "hvb", -3, 0])
    wb.save(tmp_path / "g.xlsx")
    with pytest.raises(FollowupError) as err:
        load_outcomes(tmp_path / "g.xlsx", norrkoping)
    assert err.value.line == len(df) + 3 and err.value.column == "persons"


# --- the command and the example -----------------------------------------------------------------
def test_cli_followup_prints_bokslut_and_writes_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "followup",
            str(NORRKOPING),
            str(EXAMPLE),
            "--contract",
            str(ROOT / "data" / "contracts" / "norrkoping_sib.yaml"),
            "--out",
            str(tmp_path),
            "--mc",
            "300",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "realised savings" in out and "comparison group" in out and "P(NPV > 0)" in out
    v = pd.read_csv(tmp_path / "followup_variance.csv")
    assert np.allclose(v["volume_sek"] + v["unit_cost_sek"], v["variance_sek"])
    assert (tmp_path / "followup_contract_terms.csv").is_file()
    assert main(["followup", str(NORRKOPING), str(EXAMPLE), "--lang", "sv"]) == 0
    assert "besparing utfall" in capsys.readouterr().out


def test_cli_bad_followup_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, _rows(hvb="2016,participants,60,hvb,61,5000"))
    assert main(["followup", str(NORRKOPING), str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "line 3" in err and "'persons'" in err


def test_example_files_are_what_the_script_generates(tmp_path: Path) -> None:
    import runpy

    mod = runpy.run_path(str(ROOT / "scripts" / "make_followup_example.py"))
    assert mod["main"]([str(tmp_path)]) == 0
    for name in ("norrkoping_followup_example.csv", "foster_care_followup_example.csv"):
        shipped = (ROOT / "data" / "followup" / name).read_text(encoding="utf-8")
        assert (tmp_path / name).read_text(encoding="utf-8") == shipped
        assert shipped.startswith("# MADE-UP DATA")


def test_doctests_of_followup_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    monkeypatch.chdir(ROOT)
    for name in ("outcomes", "bokslut", "update", "repayment", "synthetic", "report"):
        mod = importlib.import_module(f"socinv.followup.{name}")
        res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
        assert res.failed == 0, mod.__name__
        assert res.attempted > 0, mod.__name__


def test_cli_fund_repayment_on_observed(capsys: pytest.CaptureFixture[str]) -> None:
    fund = str(ROOT / "data" / "contracts" / "example_fund.yaml")
    foster = str(ROOT / "data" / "followup" / "foster_care_followup_example.csv")
    args = ["followup", str(MAIN_SCENARIO), foster, "--fund", fund, "--project", "skolfam"]
    assert main([*args, "--end-year", "2027"]) == 0
    out = capsys.readouterr().out
    assert "due 2029 (project ended 2027; first repayment by 2029, all by 2031)" in out
    assert (
        main(["followup", str(NORRKOPING), str(EXAMPLE), "--fund", fund, "--project", "skolfam"])
        == 2
    )
    assert "runs scenario 'foster_care_school_support'" in capsys.readouterr().err
    assert main(["followup", str(MAIN_SCENARIO), foster, "--fund", fund]) == 2


def test_personnummer_in_a_note_or_unnamed_column_is_refused(
    tmp_path: Path, norrkoping: socinv.Model
) -> None:
    body = (
        _rows().replace("units\n", "units,note\n", 1).replace("5000\n", "5000,case 19850101-1234\n")
    )
    body = (
        "\n".join(
            ln + ("," if ln and not ln.startswith("#") and ln.count(",") == 5 else "")
            for ln in body.splitlines()
        )
        + "\n"
    )
    with pytest.raises(FollowupError, match="personnummer") as err:
        load_outcomes(_write(tmp_path, body), norrkoping)
    assert err.value.line == 3 and err.value.column == "note"
    body2 = _rows().replace("units\n", "units,\n", 1).replace("5000\n", "5000,850101-1234\n")
    body2 = (
        "\n".join(
            ln + ("," if ln and not ln.startswith("#") and ln.count(",") == 5 else "")
            for ln in body2.splitlines()
        )
        + "\n"
    )
    with pytest.raises(FollowupError, match="personnummer") as err:
        load_outcomes(_write(tmp_path, body2, "g.csv"), norrkoping)
    assert err.value.line == 3


def test_a_semicolon_file_from_swedish_excel_reads_the_same(
    tmp_path: Path, norrkoping: socinv.Model
) -> None:
    """Excel with Swedish settings saves CSV with ';' between fields: the
    reading layer tells it from the header line."""
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = [ln if ln.startswith("#") else ln.replace(",", ";") for ln in text.splitlines()]
    semi = _write(tmp_path, "\n".join(lines) + "\n", "semi.csv")
    assert load_outcomes(semi, norrkoping).table.equals(load_outcomes(EXAMPLE, norrkoping).table)


def test_unreadable_files_are_errors(tmp_path: Path, norrkoping: socinv.Model) -> None:
    bad_xlsx = tmp_path / "f.xlsx"
    bad_xlsx.write_bytes(b"not a zip")
    with pytest.raises(FollowupError, match=r"not a readable \.xlsx"):
        load_outcomes(bad_xlsx, norrkoping)
    latin = tmp_path / "f.csv"
    latin.write_bytes(GOOD.encode() + "2016,participants,60,hvb,40,5000,bjö\n".encode("latin-1"))
    # read as Windows-1252 (what Excel writes on Swedish Windows), said in a warning;
    # the extra field is then refused, naming the line
    with (
        pytest.warns(InputWarning, match="Windows-1252"),
        pytest.raises(FollowupError, match="line 2: row has 7 fields"),
    ):
        load_outcomes(latin, norrkoping)
    utf16 = tmp_path / "g.csv"
    utf16.write_bytes(GOOD.encode("utf-16"))
    with pytest.raises(FollowupError, match="UTF-8"):
        load_outcomes(utf16, norrkoping)
    with pytest.raises(FollowupError, match="not found"):
        load_outcomes(tmp_path / "missing.csv", norrkoping)


def test_html_escapes_text(norrkoping: socinv.Model) -> None:
    from socinv.followup import reforecast
    from socinv.followup.report import render_followup_section

    b = bokslut(norrkoping, load_outcomes(EXAMPLE, norrkoping))
    eff = pd.DataFrame(
        {
            "parameter": ["<script>x</script>"],
            "method": ["m"],
            "prior_form": ["p"],
            "prior_mean": [1.0],
            "posterior_mean": [1.0],
            "posterior_sd": [0.1],
        }
    )
    html = render_followup_section(b, eff, reforecast(b))
    assert "<script>" not in html and "&lt;script&gt;" in html
