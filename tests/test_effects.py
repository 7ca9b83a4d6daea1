"""Effects catalogue: validation, distributions from the CI, scenarios citing an effect."""

from __future__ import annotations

import doctest
import math
from pathlib import Path

import numpy as np
import pytest

from socinv import DataFileError
from socinv.errors import ScenarioError
from socinv.scenarios.compile import compile_scenario
from socinv.scenarios.io import scenario_from_dict
from socinv.sensitivity.parameters import SOURCE_EFFECTS, uncertainty
from socinv.unitcosts import effects as effects_module
from socinv.unitcosts.catalogue import Catalogue
from socinv.unitcosts.effects import GRADES, MEASURES, load_effects
from support import ROOT, base_scenario

CAT = load_effects()
HEADER = (
    "id,intervention,outcome,population,measure,estimate,ci_low,ci_high,design,country,"
    "source,url,year,grade,scenario_mapping\n"
)
GOOD = "x,Prog,crime,youth,RR,0.7,0.5,0.9,RCT,SE,A study,,2020,B,relative_risk\n"


def test_doctests() -> None:
    assert doctest.testmod(effects_module, raise_on_error=True).failed == 0


def test_shipped_catalogue_counts_and_fields() -> None:
    assert len(CAT) >= 25
    for e in CAT:
        assert e.source and e.url and e.design and e.population
        assert e.measure in MEASURES and e.grade in GRADES
        assert e.ci_low <= e.estimate <= e.ci_high


def test_lichtenstein_row_as_published() -> None:
    e = CAT.get("adhd_med_crime_men")
    assert (e.measure, e.estimate, e.ci_low, e.ci_high) == ("HR", 0.68, 0.63, 0.73)


@pytest.mark.parametrize("eid", [e.id for e in CAT])
def test_distribution_quantiles_are_the_ci(eid: str) -> None:
    e = CAT.get(eid)
    lo, hi = e.distribution().ppf([0.025, 0.975])
    assert lo == pytest.approx(e.ci_low, rel=1e-9, abs=1e-12)
    assert hi == pytest.approx(e.ci_high, rel=1e-9, abs=1e-12)


def test_lognormal_by_hand() -> None:
    # CI 0.5..0.8: log-scale centre (ln .5 + ln .8)/2, sigma = (ln .8 - ln .5)/(2 x 1.96)
    e = effects_module._example()
    d = e.distribution()
    mu = (math.log(0.5) + math.log(0.8)) / 2
    sigma = (math.log(0.8) - math.log(0.5)) / (2 * effects_module.Z95)
    assert d.ppf([0.5])[0] == pytest.approx(math.exp(mu))
    assert d.mean == pytest.approx(math.exp(mu + sigma**2 / 2))


@pytest.mark.parametrize(
    ("row", "match"),
    [
        (
            GOOD.replace("0.7,0.5,0.9", "0.95,0.5,0.9"),
            r"line 2, column 'estimate'.*does not contain",
        ),
        (GOOD.replace(",RR,", ",RRR,"), r"line 2, column 'measure': unknown effect measure"),
        (GOOD.replace(",B,", ",E,"), r"line 2, column 'grade': unknown grade"),
        (GOOD.replace("0.7,0.5,0.9", "0.7,0,0.9"), r"column 'ci_low': a RR must be positive"),
        (GOOD.replace(",RR,0.7,0.5,0.9", ",SMD,-0.3,-0.5,-0.1"), r"'scenario_mapping': a SMD"),
        (GOOD.replace("A study", ""), r"line 2, column 'source': must not be blank"),
        (GOOD.replace("0.7,0.5,0.9", "0.7,0.5,abc"), r"column 'ci_high': expected a number"),
        (GOOD + GOOD, r"line 3, column 'id': id is used twice"),
    ],
)
def test_bad_rows_name_file_line_field(tmp_path: Path, row: str, match: str) -> None:
    p = tmp_path / "eff.csv"
    p.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(DataFileError, match=match) as err:
        load_effects(p)
    assert str(p) in str(err.value)


def test_unknown_id_and_non_ratio_mapping() -> None:
    with pytest.raises(KeyError, match="adhd_med_crime_men"):
        CAT.get("adhd_med_crime_man")
    with pytest.raises(ValueError, match="cannot be used as a relative risk"):
        CAT.relative_risk("ips_job_tenure")


# --------------------------------------------------------------------------- scenarios


def _scenario(effect: dict[str, object]) -> dict[str, object]:
    return base_scenario(
        status_quo={
            "episodes": [
                {"id": "crime", "item": "prison", "quantity": 30, "from_age": 15, "to_age": 19}
            ]
        },
        intervention={"effects": [{"id": "med", "episode": "crime", **effect}]},
    )


def test_cited_effect_gives_base_value_and_distribution(small_catalogue: Catalogue) -> None:
    model = compile_scenario(
        scenario_from_dict(_scenario({"cites": "adhd_med_crime_men"})), small_catalogue
    )
    name = "effect.med.relative_risk"
    assert model.params[model.index_of(name)].base == 0.68
    unc = uncertainty(model)
    dist = unc.get(name)
    assert dist is not None
    assert unc.sources[unc.names.index(name)] == SOURCE_EFFECTS
    assert np.allclose(dist.ppf([0.025, 0.975]), [0.63, 0.73])


def test_cited_effect_same_as_typing_the_estimate(small_catalogue: Catalogue) -> None:
    cited = compile_scenario(
        scenario_from_dict(_scenario({"cites": "adhd_med_crime_men"})), small_catalogue
    )
    typed = compile_scenario(
        scenario_from_dict(_scenario({"relative_risk": 0.68})), small_catalogue
    )
    assert np.array_equal(cited.theta(), typed.theta())


def test_cite_errors() -> None:
    with pytest.raises(ScenarioError, match="unknown effect 'nope'"):
        scenario_from_dict(_scenario({"cites": "nope"}))
    with pytest.raises(ScenarioError, match="cannot be used as a relative risk"):
        scenario_from_dict(_scenario({"cites": "ips_job_tenure"}))
    with pytest.raises(ScenarioError, match="give one of them"):
        scenario_from_dict(_scenario({"cites": "adhd_med_crime_men", "relative_risk": 0.5}))


def test_effects_doc_lists_every_grade() -> None:
    text = (ROOT / "data" / "EFFECTS.md").read_text(encoding="utf-8")
    for g in GRADES:
        assert f"| {g} |" in text
    for e in CAT:
        assert e.id in text


def test_sampled_draws_match_the_ci() -> None:
    d = CAT.get("adhd_med_crime_women").distribution()
    draws = d.sample(np.random.default_rng(7), 400_000)
    lo, hi = np.quantile(draws, [0.025, 0.975])
    assert lo == pytest.approx(0.50, rel=0.01) and hi == pytest.approx(0.70, rel=0.01)
