"""Nothing fixed silently: the default distribution policy, the `fixed:` list,
warnings where the result hinges on a fixed invented input (API, CLI, report,
workbook), the cost of the status quo for a scenario without an intervention,
and one break-even wording in the report."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import beta as beta_dist

from socinv import ParameterError, ScenarioError
from socinv.cli.main import main
from socinv.report.build import run_sensitivity, write_report
from socinv.scenarios.comparison import compare_model
from socinv.sensitivity import monte_carlo, uncertainty
from socinv.sensitivity.defaults import (
    LOG_SD_EFFECT,
    PROBABILITY_N,
    SOURCE_POLICY,
    entered_parameters,
)
from socinv.sensitivity.exclusion import cost_of_exclusion
from test_sensitivity_support import SENS_CSV, build, linear_scenario

RR = "effect.fewer_hvb.relative_risk"


def _file(tmp_path: Path, data: dict[str, Any]) -> Path:
    (tmp_path / "sens.csv").write_text(SENS_CSV, encoding="utf-8")
    data = dict(data, catalogue={"extra": ["sens.csv"]})
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_entered_figures_get_the_policy_distributions(tmp_path: Path) -> None:
    data = linear_scenario()
    data["status_quo"]["episodes"][0]["probability"] = 0.3
    m = build(tmp_path, data)
    u = uncertainty(m)
    src = dict(zip(u.names, u.sources, strict=True))
    assert src[RR] == SOURCE_POLICY
    assert src["episode.status_quo.hvb.probability"] == SOURCE_POLICY
    assert src["episode.status_quo.hvb.quantity"] == SOURCE_POLICY
    # not entered: the quantity factor, fading and the visits' probability stay structural
    assert "effect.fewer_hvb.quantity_factor" not in src
    assert "episode.status_quo.visits.probability" not in src
    p = u.get("episode.status_quo.hvb.probability")
    assert p is not None and p.mean == pytest.approx(0.3)
    lo, hi = (float(v) for v in p.ppf(np.array([0.025, 0.975])))
    a, b = PROBABILITY_N * 0.3, PROBABILITY_N * 0.7
    assert (lo, hi) == pytest.approx(tuple(beta_dist.ppf([0.025, 0.975], a, b)))
    rr = u.get(RR)
    assert rr is not None and float(rr.ppf(np.array([0.5]))[0]) == pytest.approx(0.5)
    # a relative risk keeps probability x relative risk <= 1 for every probability drawn
    assert rr.support()[1] == pytest.approx(1.0)
    assert rr.support()[0] == pytest.approx(0.25)  # symmetric on the log scale
    sigma = math.log(1.0 / 0.5) / LOG_SD_EFFECT
    assert sigma > 0
    res = monte_carlo(m, 3000, seed=2, unc=u)
    assert res.npv["society"].std() > 0
    assert set(res.varied()["name"]) >= {RR, "episode.status_quo.hvb.probability"}
    assert "cost.prog.amount_sek" in set(res.fixed()["name"])
    s = res.summary()
    assert RR in s.attrs["varied"] and "cost.prog.amount_sek" in s.attrs["fixed"]
    assert set(entered_parameters(m)) >= {RR, "cost.prog.amount_sek", "discount.rate"}


def test_a_fixed_invented_effect_is_listed_and_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # society NPV = 200 000 (1 - rr) - 50 000: zero at rr = 0.75, inside the
    # policy's 2.5-97.5 % range for an entered 0.5, so the sign hinges on it
    data = linear_scenario(uncertainty={"fixed": [RR]})
    m = build(tmp_path, data)
    u = uncertainty(m)
    assert RR not in u.names
    row = u.fixed_table().set_index("name").loc[RR]
    assert row["reason"].startswith("declared fixed") and bool(row["invented"])
    assert any("hinges on a fixed input" in w and RR in w and "society" in w for w in u.warnings)
    with pytest.warns(UserWarning, match="hinges on a fixed input"):
        res = monte_carlo(m, 200, seed=1, unc=u)
    assert res.warnings == u.warnings
    assert res.summary().attrs["warnings"] == list(u.warnings)
    # CLI
    path = _file(tmp_path, data)
    assert main(["sensitivity", str(path), "--mc", "300", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "Held fixed" in out and "Effect on hvb (fewer hvb): relative risk" in out
    assert "note: the result for society hinges on a fixed input" in out
    # report and workbook
    cmp = compare_model(m)
    files = write_report(cmp, tmp_path / "rep", run_sensitivity(cmp, mc=300), xlsx=True)
    html = files[0].read_text(encoding="utf-8")
    assert "hinges on a fixed input" in html and "Held fixed in every draw" in html
    sheets = pd.read_excel(files[1], sheet_name=None)
    assert RR in set(sheets["MC held fixed"]["Parameter id"])
    assert sheets["MC warnings"]["Warning"].str.contains("hinges").any()
    # the same account in Swedish: framing and reasons translated, the figures the same
    files_sv = write_report(
        cmp, tmp_path / "rep_sv", run_sensitivity(cmp, mc=300, lang="sv"), xlsx=True, lang="sv"
    )
    html_sv = files_sv[0].read_text(encoding="utf-8")
    assert "Hålls fasta i varje dragning" in html_sv and "angiven som fast" in html_sv
    fixed_sv = pd.read_excel(files_sv[1], sheet_name="MC fasta")
    row = fixed_sv.set_index("Parameter-id").loc[RR]
    assert row["Varför fast"] == "angiven som fast (uncertainty.fixed)"
    assert (
        row["Fast värde"] == sheets["MC held fixed"].set_index("Parameter id").loc[RR, "Value held"]
    )


def test_fixed_list_is_checked(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match=r"uncertainty.fixed\[0\]"):
        uncertainty(build(tmp_path, linear_scenario(uncertainty={"fixed": ["effect.nope.x"]})))
    both = linear_scenario(
        uncertainty={"fixed": [RR], RR: {"dist": "uniform", "low": 0.4, "high": 0.6}}
    )
    with pytest.raises(ScenarioError, match="also given a distribution"):
        uncertainty(build(tmp_path, both))
    with pytest.raises(ScenarioError, match="`fixed` takes a list"):
        build(tmp_path, linear_scenario(uncertainty={"fixed": {"dist": "fixed", "value": 1}}))
    with pytest.raises(ScenarioError, match="`fixed` takes a list"):
        build(tmp_path, linear_scenario(uncertainty={RR: ["x"]}))


def test_cost_of_exclusion_reports_the_cost_not_zeros(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = linear_scenario()
    data["intervention"] = {}
    m = build(tmp_path, data)
    t = cost_of_exclusion(m, 2000, seed=3).set_index("perspective")
    # status quo at base: 10 HVB days x 4000 x 5 years (municipality) + 4 visits x 1000 x 10 (region)
    assert t.loc["municipality", "base"] == pytest.approx(200_000)
    assert t.loc["society", "base"] == pytest.approx(200_000 + 40_000)
    assert t.loc["society", "p2_5"] < t.loc["society", "median"] < t.loc["society", "p97_5"]
    path = _file(tmp_path, data)
    args = ["sensitivity", str(path), "--mc", "500", "--no-progress", "--perspective", "region"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "No intervention: the cost of the status quo for region" in out
    assert "40,000" in out  # the base cost, not zeros


def test_mc_table_honours_the_perspective(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, linear_scenario())
    base = ["sensitivity", str(path), "--mc", "300", "--no-progress"]
    assert main([*base, "--perspective", "municipality"]) == 0
    out = capsys.readouterr().out
    assert "NPV for municipality" in out and "\nsociety " not in out
    assert "Probability that the investment has paid back (municipality)" in out
    assert "EVPI" in out


def test_report_headline_and_table_share_one_break_even_rule(tmp_path: Path) -> None:
    # no intervention cost, only an effect: every perspective is never behind,
    # so neither the headline nor the table may print the first year as break-even
    data = linear_scenario()
    data["intervention"]["costs"] = []
    m = build(tmp_path, data)
    cmp = compare_model(m)
    assert cmp.break_even_year("society") == int(m.years[0])
    html = write_report(cmp, tmp_path / "rep", None)[0].read_text(encoding="utf-8")
    start = html.index('class="cards"')
    headline = html[start : html.index("</table>", start)]
    assert f"break-even {int(m.years[0])}" not in headline
    assert headline.count("break-even never behind") == 2  # society and public cards
    assert "never behind" in headline[headline.index("<table") :]  # the table says the same


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(
        ["relative_risk", "quantity_factor", "quantity", "probability", "dropoff"]
    ),
    base=st.floats(0.01, 0.99),
    p_high=st.floats(0.05, 1.0),
)
def test_policy_keeps_the_entered_value_central_and_in_range(
    kind: str, base: float, p_high: float
) -> None:
    from socinv.sensitivity.defaults import policy_distribution

    cap = 1.0 if kind == "quantity" else None
    d = policy_distribution(kind, base, probability_high=p_high, cap=cap)
    if kind == "relative_risk" and base >= 1.0 / p_high:
        assert d is None  # at the edge: held fixed and listed, not silently varied
        return
    assert d is not None
    lo, hi = d.support()
    q = d.ppf(np.array([0.0, 0.025, 0.5, 0.975, 1.0]))
    assert lo <= q.min() and q.max() <= hi
    if kind in ("relative_risk", "quantity_factor", "quantity"):
        assert q[2] == pytest.approx(base, rel=1e-9)  # the entered value is the median
    if kind == "relative_risk":
        assert hi * p_high <= 1.0 + 1e-12  # probability x relative risk stays <= 1
    if kind == "probability":
        assert d.mean == pytest.approx(base) and hi <= 1.0
    if kind == "dropoff":
        assert lo == 0.0 and hi == pytest.approx(min(1.0, 2 * base))


def test_entered_parameters_survive_a_round_trip_with_every_default_written() -> None:
    # a scenario sent as JSON (the web API, the Excel template) carries every default;
    # the list of entered figures, and so the Monte Carlo, must not change
    from socinv import load_scenario
    from socinv.scenarios.compile import compile_scenario
    from socinv.scenarios.models import Scenario

    sc = load_scenario("data/scenarios/foster_care_school_support.yaml")
    full = Scenario.model_validate(sc.model_dump(mode="json"))
    a, b = compile_scenario(sc), compile_scenario(full)
    assert list(entered_parameters(a)) == list(entered_parameters(b))
    ma, mb = monte_carlo(a, 64, seed=3), monte_carlo(b, 64, seed=3)
    pd.testing.assert_frame_equal(ma.summary(), mb.summary())


def test_events_production_and_mortality_get_the_policy(tmp_path: Path) -> None:
    """Event rates and probabilities, production probabilities and a hazard
    ratio other than 1 are varied by default; neutral values stay structural."""
    from socinv import load_catalogue
    from socinv.scenarios.compile import compile_scenario
    from socinv.scenarios.io import scenario_from_dict
    from socinv.sensitivity.defaults import LOG_SD_HAZARD, LOG_SD_QUANTITY

    (tmp_path / "sens.csv").write_text(SENS_CSV, encoding="utf-8")
    # the shipped catalogue holds the wage that production entries use
    cat = load_catalogue(extra=[tmp_path / "sens.csv"])

    def build(_: Path, data: dict[str, Any]) -> Any:
        return compile_scenario(scenario_from_dict(data), cat)

    data = linear_scenario()
    data["status_quo"]["events"] = [
        {"id": "crime", "item": "visit", "rate": 0.2, "from_age": 12, "to_age": 18},
        {"id": "once", "item": "visit", "at_age": 15, "probability": 0.4},
    ]
    data["status_quo"]["production"] = [
        {"id": "work", "from_age": 18, "to_age": 19, "probability": 0.25}
    ]
    data["population"] = {"count": 10, "mortality": {"hazard_ratio": 2.0}}
    m = build(tmp_path, data)
    u = uncertainty(m)
    src = dict(zip(u.names, u.sources, strict=True))
    for name in (
        "event.status_quo.crime.rate",
        "event.status_quo.once.probability",
        "production.work.probability",
        "mortality.population.hazard_ratio",
    ):
        assert src[name] == SOURCE_POLICY, name
    # a one-off event has no rate, probabilities of 1 are structure
    assert "event.status_quo.once.rate" not in src
    assert "event.status_quo.crime.probability" not in src
    for name, median, log_sd in (
        ("event.status_quo.crime.rate", 0.2, LOG_SD_QUANTITY),
        ("mortality.population.hazard_ratio", 2.0, LOG_SD_HAZARD),
    ):
        d = u.get(name)
        assert d is not None
        q = d.ppf(np.array([0.5, 0.975]))
        assert float(q[0]) == pytest.approx(median, rel=1e-9)
        assert float(q[1]) == pytest.approx(median * math.exp(1.959964 * log_sd), rel=1e-5)
    p = u.get("production.work.probability")
    assert p is not None and p.mean == pytest.approx(0.25)
    data["population"]["mortality"]["hazard_ratio"] = 1.0
    assert "mortality.population.hazard_ratio" not in entered_parameters(build(tmp_path, data))
