"""The page and the API with a status quo alone (the cost of exclusion: no
intervention, so no NPV) and with several interventions (``interventions:``,
ranked and side by side): every figure equals the library's."""

from __future__ import annotations

import html
import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")

from fastapi.testclient import TestClient

from alternatives_support import foster_alternatives, foster_alternatives_data
from socinv import compare, load_scenario, save_scenario
from socinv.payers import PERSPECTIVES
from socinv.scenarios.alternatives import compare_alternatives, split_alternatives
from socinv.scenarios.models import Scenario
from socinv.scenarios.xlsx import write_scenario_xlsx
from socinv.sensitivity.alternatives_mc import monte_carlo_alternatives
from socinv.sensitivity.exclusion import cost_of_exclusion
from socinv.web import create_app

ROOT = Path(__file__).resolve().parents[1]
UVAS = ROOT / "data" / "scenarios" / "uvas_birth_cohort.yaml"
PAYERS = ("municipality", "region", "state", "individual", "other")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as c:
        yield c


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():  # Monte Carlo's notes on fixed inputs
        warnings.simplefilter("ignore", UserWarning)
        yield


def _body(sc: Scenario) -> dict[str, Any]:
    return sc.model_dump(mode="json", exclude_defaults=True)


def _by(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {str(r[key]): r for r in rows}


# --- the API: status quo alone ----------------------------------------------------------


def test_api_status_quo_alone_is_the_cost_of_exclusion(client: TestClient) -> None:
    sc = load_scenario(UVAS)
    r = client.post("/api/compare", json=_body(sc), params={"lang": "sv"})
    assert r.status_code == 200
    out = r.json()
    assert out["kind"] == "status_quo_alone"
    assert "who_invests_who_gains" not in out
    per = _by(out["summary"], "perspective")
    assert set(per) == {p.value for p in PERSPECTIVES}
    assert all("npv" not in row for row in out["summary"])
    cmp = compare(sc)
    table = cmp.cost_of_exclusion()
    assert per["society"]["cost_disc_sek"] == pytest.approx(table["cost_disc_sek"].sum(), rel=1e-12)
    assert per["society"]["cost_sek"] == pytest.approx(table["cost_sek"].sum(), rel=1e-12)
    # payers sum to society; the public sector is municipality + region + state
    for col in ("cost_sek", "cost_disc_sek"):
        assert sum(per[p][col] for p in PAYERS) == pytest.approx(per["society"][col], rel=1e-12)
        public = sum(per[p][col] for p in ("municipality", "region", "state"))
        assert public == pytest.approx(per["public"][col], rel=1e-12)
    rows = out["cost_of_exclusion"]
    assert {(r["payer"], r["kind"]) for r in rows} == set(
        zip(table["payer"], table["kind"], strict=True)
    )
    assert out["labels"]["society"] == "Samhället"


def test_api_status_quo_alone_monte_carlo(client: TestClient) -> None:
    sc = load_scenario(UVAS)
    r = client.post("/api/montecarlo", json={"scenario": _body(sc), "seed": 3, "draws": 200})
    assert r.status_code == 200
    out = r.json()
    assert out["kind"] == "status_quo_alone" and out["draws"] == 200
    expected = cost_of_exclusion(compare(sc).model, 200, 3).set_index("perspective")
    for row in out["summary"]:
        exp = expected.loc[row["perspective"]]
        for col in ("mean", "p2_5", "median", "p97_5", "base"):
            assert row[col] == pytest.approx(float(exp[col]), rel=1e-12), (row["perspective"], col)
        assert row["p2_5"] <= row["median"] <= row["p97_5"]


def test_api_one_intervention_says_its_kind(client: TestClient) -> None:
    sc = foster_alternatives()
    one = split_alternatives(sc)["school_support"]
    out = client.post("/api/compare", json=_body(one)).json()
    assert out["kind"] == "comparison"
    assert _by(out["summary"], "perspective")["society"]["npv"] == compare(one).npv("society")


# --- the API: several interventions ------------------------------------------------------


def test_api_several_interventions_ranked_side_by_side(client: TestClient) -> None:
    sc = foster_alternatives()
    r = client.post("/api/compare", json=_body(sc), params={"rate": 0.03})
    assert r.status_code == 200
    out = r.json()
    assert out["kind"] == "alternatives" and out["rate"] == 0.03
    alts = compare_alternatives(sc, rate=0.03)
    ranking = alts.ranking()
    assert [row["alternative"] for row in out["ranking"]] == list(ranking.index)
    assert [row["rank"] for row in out["ranking"]] == [1, 2, 3]
    npvs = [row["npv"] for row in out["ranking"]]
    assert npvs == sorted(npvs, reverse=True)
    for row in out["ranking"]:
        cmp = alts.comparisons[row["alternative"]]
        assert row["npv"] == cmp.npv("society")
        assert row["label"] == cmp.scenario.intervention.label
    side = _by(out["side_by_side"], "perspective")
    for aid, cmp in alts.comparisons.items():
        for p in PERSPECTIVES:
            assert side[p.value][aid] == pytest.approx(cmp.npv(p.value), rel=1e-12, abs=1e-9)
    each = _by(out["alternatives"], "id")
    assert list(each) == ["school_support", "half_team", "placement_stability"]
    society = _by(each["half_team"]["summary"], "perspective")["society"]
    assert society["npv"] == alts.comparisons["half_team"].npv("society")
    # halving the cost and the effect of the same team halves its NPV (linear in both)
    full = alts.comparisons["school_support"].npv("society")
    assert society["npv"] == pytest.approx(full / 2, rel=1e-9)


def test_api_several_interventions_monte_carlo(client: TestClient) -> None:
    sc = foster_alternatives()
    r = client.post("/api/montecarlo", json={"scenario": _body(sc), "seed": 2, "draws": 100})
    assert r.status_code == 200
    out = r.json()
    assert out["kind"] == "alternatives" and out["draws"] == 100 and out["seed"] == 2
    exp = monte_carlo_alternatives(sc, 100, 2)
    summary = exp.summary().set_index(["perspective", "alternative"])
    assert [a["id"] for a in out["alternatives"]] == exp.ids
    for alt in out["alternatives"]:
        got = _by(alt["summary"], "perspective")
        assert list(got) == [p.value for p in PERSPECTIVES]
        for p, rec in got.items():
            row = summary.loc[(p, alt["id"])]
            for col in ("mean", "p2_5", "median", "p97_5", "prob_positive", "prob_best"):
                assert rec[col] == pytest.approx(float(row[col]), rel=1e-12, abs=1e-12), col
    decision = exp.decision().set_index("perspective")
    choice = _by(out["choice"], "perspective")
    assert list(choice) == [p.value for p in PERSPECTIVES]
    for p, rec in choice.items():
        assert rec["evpi"] == pytest.approx(float(decision.loc[p, "evpi"]), rel=1e-12, abs=1e-12)
        assert rec["best_on_average"] == decision.loc[p, "best_on_average"]
        best = [_by(a["summary"], "perspective")[p]["prob_best"] for a in out["alternatives"]]
        assert rec["prob_status_quo_best"] + sum(best) == pytest.approx(1.0, abs=1e-12)


def test_api_several_interventions_monte_carlo_settings(client: TestClient) -> None:
    sc = foster_alternatives()
    body = {"scenario": _body(sc), "seed": 4, "draws": 60}
    r = client.post("/api/montecarlo?rate=0.02", json=body)
    assert r.status_code == 200
    exp = monte_carlo_alternatives(sc, 60, 4, rate=0.02).decision().set_index("perspective")
    got = _by(r.json()["choice"], "perspective")["society"]
    assert got["evpi"] == pytest.approx(float(exp.loc["society", "evpi"]), rel=1e-12, abs=1e-12)
    for year in (1700, 2030):  # out of bounds; inside them but after the CPI's last year
        bad = client.post(f"/api/montecarlo?price_year={year}", json=body)
        assert bad.status_code == 400 and bad.json()["field"] == "price_year"


def test_api_errors_in_an_alternative_name_it(client: TestClient) -> None:
    data = foster_alternatives_data()
    data["interventions"][1]["effects"][0]["relative_risk"] = -1
    r = client.post("/api/compare", json=data)
    assert r.status_code == 422
    assert r.json()["field"].startswith("interventions[1]")
    data = foster_alternatives_data()
    data["catalogue"] = {"extra": ["../../etc/passwd"]}
    r = client.post("/api/compare", json=data)
    assert r.status_code == 422 and r.json()["field"] == "catalogue.extra"


# --- the page ---------------------------------------------------------------------------


def _hidden_scenario(page: str) -> str:
    m = re.search(r'name="scenario_json" value="([^"]*)"', page)
    assert m is not None
    return html.unescape(m.group(1))


def _value(page: str, testid: str) -> float:
    m = re.search(rf'data-testid="{re.escape(testid)}" data-value="([^"]+)"', page)
    assert m is not None, testid
    return float(m.group(1))


def test_page_status_quo_alone(client: TestClient) -> None:
    opened = client.post("/load", data={"shipped": "uvas_birth_cohort", "lang": "en"})
    assert opened.status_code == 200
    assert 'id="cohort_size"' not in opened.text  # the population block gives the size
    form = {"scenario_json": _hidden_scenario(opened.text), "lang": "en", "draws": "100"}
    r = client.post("/run", data=form, headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert "there is no net present value" in r.text
    assert 'data-testid="npv-society"' not in r.text and 'id="hump"' not in r.text
    cmp = compare(UVAS)
    pv = cmp.cost_of_exclusion()["cost_disc_sek"].sum()
    assert _value(r.text, "exclusion-society") == pytest.approx(pv, rel=1e-9)
    mean = re.search(r'data-testid="mc-exclusion" data-mean="([^"]+)"', r.text)
    expected = cost_of_exclusion(cmp.model, 100, 1).set_index("perspective")
    assert mean is not None
    assert float(mean.group(1)) == pytest.approx(float(expected.loc["society", "mean"]))
    report = client.post("/report", data={**form, "draws": "0"})
    assert report.status_code == 200 and report.text.startswith("<!DOCTYPE html>")


def test_page_several_interventions_edit_run_download(client: TestClient, tmp_path: Path) -> None:
    path = save_scenario(foster_alternatives(), tmp_path / "alternatives.yaml")
    with path.open("rb") as fh:
        opened = client.post(
            "/load", data={"lang": "sv"}, files={"file": ("alternatives.yaml", fh, "text/yaml")}
        )
    assert opened.status_code == 200
    for aid in ("school_support", "half_team", "placement_stability"):
        assert f'data-alternative="{aid}"' in opened.text
    assert 'id="alt.1.effect.0.relative_risk"' in opened.text
    form = {
        "scenario_json": _hidden_scenario(opened.text),
        "lang": "sv",
        "draws": "0",
        "alt.1.effect.0.relative_risk": "0,5",
        "alt.0.cost.0.amount_sek": "80 000",
    }
    r = client.post("/run", data=form, headers={"HX-Request": "true"})
    assert r.status_code == 200, r.text[:500]
    data = foster_alternatives_data()
    data["interventions"][1]["effects"][0]["relative_risk"] = 0.5
    data["interventions"][0]["costs"][0]["amount_sek"] = 80000
    alts = compare_alternatives(Scenario.model_validate(data))
    for aid, cmp in alts.comparisons.items():
        assert _value(r.text, f"npv-{aid}") == pytest.approx(cmp.npv("society"), abs=1e-5)
        for p in ("municipality", "public", "society"):
            assert _value(r.text, f"side-{p}-{aid}") == pytest.approx(cmp.npv(p), abs=1e-5)
    first = alts.ranking().index[0]
    assert re.search(rf'data-testid="rank-1" data-alternative="{first}"', r.text)
    assert "Insatserna rangordnade" in r.text

    report = client.post("/report", data={**form, "alternative": "half_team"})
    assert report.status_code == 200
    assert (
        'filename="foster_care_alternatives_half_team.html"'
        in report.headers["content-disposition"]
    )
    workbook = client.post("/workbook", data={**form, "alternative": "placement_stability"})
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    missing = client.post("/report", data=form)
    assert missing.status_code == 400 and missing.json()["field"] == "alternative"


def test_page_several_interventions_monte_carlo_choice(client: TestClient) -> None:
    sc = foster_alternatives()
    form = {"scenario_json": json.dumps(_body(sc)), "draws": "150", "seed": "5"}
    exp = monte_carlo_alternatives(sc, 150, 5)
    summary = exp.summary().set_index(["perspective", "alternative"])
    decision = exp.decision().set_index("perspective")
    for lang, words in (("sv", ("P(bäst)", "P(ingen insats är bäst)")), ("en", ("P(best)",))):
        r = client.post("/run", data={**form, "lang": lang}, headers={"HX-Request": "true"})
        assert r.status_code == 200, r.text[:500]
        assert all(w in r.text for w in words)
        shown = 0.0
        for aid in exp.ids:
            best = _value(r.text, f"mc-prob-best-{aid}")
            assert best == pytest.approx(float(summary.loc[("society", aid), "prob_best"]))
            positive = _value(r.text, f"mc-prob-positive-{aid}")
            assert positive == pytest.approx(float(summary.loc[("society", aid), "prob_positive"]))
            shown += best
        sq = _value(r.text, "mc-prob-status-quo-best")
        assert sq == pytest.approx(float(decision.loc["society", "prob_status_quo_best"]))
        assert shown + sq == pytest.approx(1.0)
        evpi = float(decision.loc["society", "evpi"])
        assert _value(r.text, "mc-evpi") == pytest.approx(evpi, rel=1e-9, abs=1e-5)


def test_page_reads_a_workbook_with_several_interventions(
    client: TestClient, tmp_path: Path
) -> None:
    book = write_scenario_xlsx(foster_alternatives(), tmp_path / "alternativ.xlsx", lang="sv")
    with book.open("rb") as fh:
        opened = client.post("/load", data={"lang": "sv"}, files={"file": ("alternativ.xlsx", fh)})
    assert opened.status_code == 200
    assert json.loads(_hidden_scenario(opened.text)) == _body(foster_alternatives())


def test_page_refuses_an_edit_of_an_alternative_that_is_not_there(client: TestClient) -> None:
    form = {
        "scenario_json": json.dumps(_body(foster_alternatives())),
        "lang": "en",
        "draws": "0",
        "alt.7.effect.0.relative_risk": "0.5",
    }
    r = client.post("/run", data=form, headers={"HX-Request": "true"})
    assert r.status_code == 422
    assert "alt.7.effect.0.relative_risk: the scenario has only 3 interventions" in r.text
