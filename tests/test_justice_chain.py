"""Offences priced along the justice chain: hand-computed step costs, the
refusal of a published total next to the chain, payer sums, errors."""

from __future__ import annotations

import doctest
import shlex
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import socinv
from socinv.cli.main import main
from socinv.errors import OffenceChainError, ScenarioError
from socinv.justice import chain as chain_module
from socinv.justice import expand as expand_module
from socinv.justice import offences as offences_module
from socinv.scenarios.compile import compile_scenario
from socinv.scenarios.io import scenario_from_dict
from socinv.unitcosts import load_catalogue
from socinv.unitcosts.catalogue import Catalogue
from socinv.unitcosts.series import load_life_table
from support import ROOT

HEAD = (
    "id,name_sv,value_sek,unit,price_year,payer,kind,sector,agency,source,evidence,"
    "published_estimate,offence\n"
)
ROWS = {  # id: (SEK, unit, payer, agency, published_estimate, offence)
    "polis_lagforing": (100_000, "ärende", "state", "Polisen", "", "any"),
    "aklagare_lagforingsbeslut": (10_000, "ärende", "state", "Åklagarmyndigheten", "", "any"),
    "tingsratt_brottmal_mal": (20_000, "ärende", "state", "Sveriges Domstolar", "", "any"),
    "hakte_dygn": (3_000, "dygn", "state", "Kriminalvården", "", ""),
    "fangelse_dygn": (4_000, "dygn", "state", "Kriminalvården", "", ""),
    "frivard_dygn": (300, "dygn", "state", "Kriminalvården", "", ""),
    "brottsoffer_krankning_personran": (15_000, "brott", "other", "", "", "robbery"),
    "personran_brott": (200_000, "brott", "other", "", "study_2012", "robbery"),
}
CHAIN = {
    "p_reported": 0.5,
    "p_cleared": 0.4,
    "p_prosecuted": 0.9,
    "p_court": 0.7,
    "p_remand": 0.2,
    "remand_days": 60,
    "p_prison": 0.3,
    "prison_days": 200,
    "p_probation": 0.6,
    "probation_days": 365,
}


@pytest.fixture
def catalogue(tmp_path: Path) -> Catalogue:
    lines = [
        f"{i},{i},{v},{u},2024,{p},resource,"
        f"{'crime_victims' if p == 'other' else 'justice'},{a},test,assumption,{pub},{off}"
        for i, (v, u, p, a, pub, off) in ROWS.items()
    ]
    path = tmp_path / "justice.csv"
    path.write_text(HEAD + "\n".join(lines) + "\n", encoding="utf-8")
    return load_catalogue(path)


def scenario(offence: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    entry = {"id": "robbery", "offence": "robbery", "rate": 2.0, "from_age": 20, "to_age": 22}
    entry |= CHAIN | (offence or {})
    data: dict[str, Any] = {
        "name": "chain",
        "start_age": 20,
        "horizon_years": 3,
        "start_year": 2025,
        "price_year": 2024,
        "discounting": {"rate": 0.0},
        "status_quo": {"offences": [entry]},
    }
    data.update(changes)
    return data


def step_costs(model: socinv.Model) -> Any:
    s = socinv.scenarios.compare_model(model).labelled.streams()
    return s[s["arm"] == "status_quo"].groupby(["episode", "year"])["cost_sek"].sum()


def test_step_costs_by_hand_with_survival(catalogue: Catalogue) -> None:
    """rate x product of the step's probabilities (x days) x unit cost x survival."""
    pop = {"count": 1, "sex": "men", "mortality": {"hazard_ratio": 1.5}}
    model = compile_scenario(scenario_from_dict(scenario(population=pop)), catalogue)
    got = step_costs(model)
    q = load_life_table().q["men"]
    survival = [1.0, (1 - q[20]) ** 1.5, ((1 - q[20]) * (1 - q[21])) ** 1.5]
    lag = 0.5 * 0.4 * 0.9  # reported x cleared x prosecuted
    court = lag * 0.7
    per_year = {
        "robbery: police": 2 * lag * 100_000,
        "robbery: prosecution": 2 * lag * 10_000,
        "robbery: court": 2 * court * 20_000,
        "robbery: remand": 2 * lag * 0.2 * 60 * 3_000,
        "robbery: prison": 2 * court * 0.3 * 200 * 4_000,
        "robbery: probation": 2 * court * 0.6 * 365 * 300,
        "robbery: victim": 2 * 15_000,
    }
    assert set(got.index.get_level_values(0)) == set(per_year)
    for label, amount in per_year.items():
        for t, year in enumerate((2025, 2026, 2027)):
            assert got[(label, year)] == pytest.approx(amount * survival[t], rel=1e-12)


def test_step_inputs_are_named_parameters_shared_by_the_steps(catalogue: Catalogue) -> None:
    model = compile_scenario(scenario_from_dict(scenario()), catalogue)
    base = step_costs(model)
    # halving clearance halves every step after it and leaves the victim step
    half = step_costs(model.with_base({"offence.robbery.p_cleared": 0.2}))
    for label in base.index.get_level_values(0).unique():
        ratio = 1.0 if label == "robbery: victim" else 0.5
        assert half[label].sum() == pytest.approx(ratio * base[label].sum(), rel=1e-12)
    spec = model.params[model.index_of("offence.robbery.prison_days")]
    assert (spec.base, spec.unit) == (200.0, "days")


def test_published_total_with_the_chain_is_refused(catalogue: Catalogue) -> None:
    data = scenario()
    data["status_quo"]["events"] = [
        {"id": "published", "item": "personran_brott", "rate": 1, "from_age": 20, "to_age": 22}
    ]
    with pytest.raises(ScenarioError, match=r"personran_brott.*published total"):
        compile_scenario(scenario_from_dict(data), catalogue)


def test_published_total_alone_with_corrections_is_allowed(catalogue: Catalogue) -> None:
    """The published totals exclude Kriminalvården: prison days may be added."""
    steps = ["remand", "prison", "probation"]
    data = scenario({"steps": steps})
    data["status_quo"]["events"] = [
        {"id": "published", "item": "personran_brott", "rate": 1, "from_age": 20, "to_age": 22}
    ]
    model = compile_scenario(scenario_from_dict(data), catalogue)
    assert {r.item for r in model.rows} >= {"personran_brott", "fangelse_dygn"}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rate=st.floats(0, 20),
    probs=st.lists(st.floats(0, 1), min_size=7, max_size=7),
    days=st.lists(st.floats(0, 400), min_size=3, max_size=3),
)
def test_payer_sums_equal_society(
    catalogue: Catalogue, rate: float, probs: list[float], days: list[float]
) -> None:
    names = [k for k in CHAIN if k.startswith("p_")]
    entry: dict[str, Any] = {"rate": rate} | dict(zip(names, probs, strict=True))
    entry |= dict(zip(("remand_days", "prison_days", "probation_days"), days, strict=True))
    model = compile_scenario(scenario_from_dict(scenario(entry)), catalogue)
    s = socinv.scenarios.compare_model(model).labelled.streams()
    sq = s[s["arm"] == "status_quo"]
    by_payer = sq.groupby("payer")["cost_sek"].sum()
    assert by_payer.sum() == pytest.approx(sq["cost_sek"].sum(), rel=1e-12, abs=1e-6)
    assert set(by_payer.index) <= {"state", "other"}
    assert (sq["cost_sek"] >= 0).all()


def test_entries_sharing_a_chain_share_its_parameters(catalogue: Catalogue) -> None:
    data = scenario({"chain": "usual"})
    second = dict(data["status_quo"]["offences"][0], id="robbery_later")
    second |= {"from_age": 21, "to_age": 22, "rate": 1.0}
    data["status_quo"]["offences"].append(second)
    model = compile_scenario(scenario_from_dict(data), catalogue)
    names = model.param_names
    assert "chain.usual.p_cleared" in names and "offence.robbery.p_cleared" not in names
    assert {"offence.robbery.rate", "offence.robbery_later.rate"} <= set(names)
    base = step_costs(model).sum()
    half = step_costs(model.with_base({"chain.usual.p_cleared": 0.2})).sum()
    victim = 15_000 * (2 * 3 + 1 * 2)  # the victim step does not depend on clearance
    assert half - victim == pytest.approx(0.5 * (base - victim), rel=1e-12)
    second["p_cleared"] = 0.3
    with pytest.raises(ScenarioError, match="shares chain 'usual'"):
        scenario_from_dict(data)


def test_zero_rate_costs_nothing(catalogue: Catalogue) -> None:
    model = compile_scenario(scenario_from_dict(scenario({"rate": 0.0})), catalogue)
    assert step_costs(model).abs().sum() == 0.0


def test_effect_on_the_offence_acts_on_every_step(catalogue: Catalogue) -> None:
    data = scenario(
        intervention={"effects": [{"id": "less", "episode": "robbery", "relative_risk": 0.25}]}
    )
    cmp = socinv.scenarios.compare_model(compile_scenario(scenario_from_dict(data), catalogue))
    s = cmp.labelled.streams()
    by_arm = s.groupby(["arm", "episode"])["cost_sek"].sum()
    for label in by_arm["status_quo"].index:
        assert by_arm["intervention"][label] == pytest.approx(
            0.25 * by_arm["status_quo"][label], rel=1e-12
        )


def test_one_offence_at_an_age(catalogue: Catalogue) -> None:
    entry = {"rate": None, "from_age": None, "to_age": None, "at_age": 21, "steps": ["victim"]}
    model = compile_scenario(scenario_from_dict(scenario(entry)), catalogue)
    got = step_costs(model)
    assert got[("robbery: victim", 2026)] == pytest.approx(15_000)
    assert got.sum() == pytest.approx(15_000)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"offence": "robery"}, "offence", "unknown offence type 'robery'"),
        ({"p_court": 1.2}, "p_court", "less than or equal to 1"),
        ({"p_cleared": -0.1}, "p_cleared", "greater than or equal to 0"),
        ({"p_prison": None}, "offences[0]", "the prison step needs p_prison"),
        ({"steps": ["court", "court"]}, "steps", "listed twice"),
    ],
)
def test_bad_offence_input_names_file_and_field(
    tmp_path: Path, change: dict[str, Any], field: str, words: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(scenario(change)), encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        socinv.load_model(path)
    msg = str(err.value)
    assert str(path) in msg and field in msg and words in msg, msg


def test_chain_without_rows_for_the_offence_names_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "drugs.yaml"
    path.write_text(yaml.safe_dump(scenario({"offence": "drug_offence"})), encoding="utf-8")
    with pytest.raises(OffenceChainError) as err:
        socinv.load_model(path)
    msg = str(err.value)
    assert str(path) in msg and "status_quo.offences[0] (robbery).steps" in msg
    assert "no catalogue row prices the victim step for offence 'drug_offence'" in msg


def test_cli_refuses_bad_offence_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "drugs.yaml"
    path.write_text(yaml.safe_dump(scenario({"offence": "drug_offence"})), encoding="utf-8")
    assert main(shlex.split(f"run {path}")) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "victim step" in err and str(path) in err


def test_shipped_crime_career_by_hand() -> None:
    """First year of the shipped example: each step from its inputs."""
    cmp = socinv.compare(ROOT / "data" / "scenarios" / "crime_career_justice_chain.yaml")
    m = cmp.model
    unit = {it.id: m.base_theta[m.index_of(f"unit_cost.{it.id}")] for it in m.items}
    s = cmp.labelled.streams()
    y0 = s[(s["year"] == 2025) & (s["arm"] == "status_quo")]
    got = y0.groupby("item")["cost_sek"].sum()
    rate = 8.0  # all offence types at 15-20
    lag = 1.0 * 0.45 * 1.0
    assert got["polis_lagforing"] == pytest.approx(rate * lag * unit["polis_lagforing"])
    assert got["tingsratt_brottmal_mal"] == pytest.approx(
        rate * lag * 0.665 * unit["tingsratt_brottmal_mal"]
    )
    assert got["fangelse_dygn"] == pytest.approx(
        rate * lag * 0.665 * 0.162 * 288 * unit["fangelse_dygn"]
    )
    assert got["brottsoffer_krankning_personran"] == pytest.approx(
        0.8 * unit["brottsoffer_krankning_personran"]
    )
    assert got["brottsoffer_akutbesok_misshandel"] == pytest.approx(
        1.2 * unit["brottsoffer_akutbesok_misshandel"]
    )
    assert "personran_brott" not in got.index


def test_guide_quotes_the_crime_career_total() -> None:
    """docs/cohort_cost_of_exclusion.md, section 7: the total and the gap."""
    cmp = socinv.compare(ROOT / "data" / "scenarios" / "crime_career_justice_chain.yaml")
    total = float(cmp.labelled.streams().query("arm == 'status_quo'")["cost_sek"].sum())
    text = (ROOT / "docs" / "cohort_cost_of_exclusion.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| Crime career"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1] == f"{total / 1e6:.0f} MSEK"
    lo, hi = (round(100 * (total / p - 1)) for p in (60e6, 80e6))
    assert cells[3].startswith(f"−{-lo} % to −{-hi} %"), (cells[3], lo, hi)


def test_truncated_horizon_clips_offences() -> None:
    m = socinv.load_model(
        ROOT / "data" / "scenarios" / "crime_career_justice_chain.yaml", to_age=22
    )
    assert {o.id for o in m.scenario.status_quo.offences} == {
        f"{k}_{a}" for k in ("drugs", "theft", "assault", "robbery") for a in ("15_20", "21_24")
    }
    assert max(r.to_age for r in m.rows) == 22


@pytest.mark.parametrize("module", [chain_module, offences_module, expand_module])
def test_doctests(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


def test_shipped_chain_rows_price_each_step() -> None:
    cat = load_catalogue()
    for step, ids in chain_module.STEP_ITEMS.items():
        for i in ids:
            it = cat.get(i)
            assert not it.published_estimate
            assert (it.unit == "dygn") == (step in chain_module.DAY_STEPS), i
    assert np.isfinite(cat.get("aklagare_lagforingsbeslut").value_sek)


def test_report_and_run_with_an_effect_on_an_offence(tmp_path: Path) -> None:
    data = yaml.safe_load(
        (ROOT / "data" / "scenarios" / "crime_career_justice_chain.yaml").read_text("utf-8")
    )
    data["intervention"] = {
        "costs": [
            {
                "id": "mentor",
                "amount_sek": 50_000,
                "payer": "municipality",
                "price_year": 2024,
                "from_age": 15,
                "to_age": 17,
            }
        ],
        "effects": [{"id": "less_robbery", "episode": "robbery_15_20", "relative_risk": 0.7}],
    }
    path = tmp_path / "mentor.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["run", str(path)]) == 0
    assert main(["report", str(path), "--out", str(tmp_path / "out")]) == 0
    s = socinv.compare(path).labelled.streams()
    saved = s[s["episode"].str.startswith("robbery_15_20: ")].groupby("arm")["cost_sek"].sum()
    assert saved["intervention"] == pytest.approx(0.7 * saved["status_quo"], rel=1e-12)
