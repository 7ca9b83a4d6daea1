"""The JSON API: each endpoint, its figures against the library's, and each
class of error (400 bad parameter, 413 too large, 422 invalid scenario,
503 too slow)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")

from fastapi.testclient import TestClient

from socinv import compare, load_catalogue, load_scenario
from socinv.scenarios.io import scenario_from_dict, scenario_json_schema
from socinv.sensitivity import monte_carlo
from socinv.web import create_app
from socinv.web.limits import Limits
from support import MAIN_SCENARIO


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as c:
        yield c


@pytest.fixture(scope="module")
def body() -> dict[str, Any]:
    return load_scenario(MAIN_SCENARIO).model_dump(mode="json")


def _close(a: Any, b: Any) -> bool:
    if a is None or (isinstance(b, float) and math.isnan(b)):
        return a is None and (b is None or (isinstance(b, float) and math.isnan(b)))
    if isinstance(b, float):
        return bool(a == pytest.approx(b, rel=1e-12, abs=1e-9))
    return bool(a == b)


def test_health(client: TestClient) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


def test_schema_is_the_scenario_schema(client: TestClient) -> None:
    r = client.get("/api/schema")
    assert r.status_code == 200
    assert r.json() == json.loads(json.dumps(scenario_json_schema()))


def test_openapi_lists_endpoints_and_the_scenario_body(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    for path in ("/api/compare", "/api/montecarlo", "/api/catalogue", "/api/schema", "/api/health"):
        assert path in doc["paths"]
    body = doc["paths"]["/api/compare"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/Scenario"}
    schemas = doc["components"]["schemas"]
    assert "Episode" in schemas
    assert schemas["Scenario"]["properties"]["status_quo"]["$ref"] == "#/components/schemas/Arm"


@pytest.mark.parametrize(
    ("query", "kwargs"),
    [("", {}), ("?price_year=2020&rate=0.03", {"price_year": 2020, "rate": 0.03})],
)
def test_compare_figures_equal_the_library(
    client: TestClient, body: dict[str, Any], query: str, kwargs: dict[str, Any]
) -> None:
    r = client.post(f"/api/compare{query}", json=body)
    assert r.status_code == 200, r.text
    got = r.json()
    cmp = compare(MAIN_SCENARIO, **kwargs)
    assert got["price_year"] == cmp.price_year
    summary = cmp.summary()
    assert [row["perspective"] for row in got["summary"]] == list(summary.index)
    for row in got["summary"]:
        lib = summary.loc[row["perspective"]]
        for col in summary.columns:
            assert _close(row[col], lib[col]), (row["perspective"], col, row[col], lib[col])
    who = cmp.who_invests_who_gains()
    for row in got["who_invests_who_gains"]:
        for col in who.columns:
            assert _close(row[col], who.loc[row["payer"], col])


def test_montecarlo_equals_the_library_for_the_same_seed(
    client: TestClient, body: dict[str, Any]
) -> None:
    r = client.post("/api/montecarlo", json={"scenario": body, "seed": 7, "draws": 300})
    assert r.status_code == 200, r.text
    got = r.json()
    assert (got["draws"], got["seed"]) == (300, 7)
    lib = monte_carlo(compare(MAIN_SCENARIO).model, 300, 7).summary()
    for row in got["summary"]:
        for col in ("mean", "sd", "p2_5", "p97_5", "prob_positive", "npv_base"):
            assert _close(row[col], float(lib.loc[row["perspective"], col]))


def test_catalogue_search_matches_the_catalogue(client: TestClient) -> None:
    r = client.get("/api/catalogue", params={"search": "fängelse"})
    assert r.status_code == 200
    got = r.json()
    ids = [it.id for it in load_catalogue().find("fängelse")]
    assert ids
    assert [it["id"] for it in got["items"]] == ids
    assert got["count"] == len(ids)
    rebased = client.get("/api/catalogue", params={"search": "fangelse_dygn", "price_year": 2020})
    item = next(i for i in rebased.json()["items"] if i["id"] == "fangelse_dygn")
    cat = load_catalogue()
    lib = cat.get("fangelse_dygn").rebased(cat.cpi, 2020)
    assert item["value_sek"] == pytest.approx(lib.value_sek)
    assert item["price_year"] == 2020


def test_catalogue_without_search_lists_every_item(client: TestClient) -> None:
    assert client.get("/api/catalogue").json()["count"] == len(load_catalogue())


# --- errors -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?rate=abc", "rate"),
        ("?rate=1.5", "rate"),
        ("?price_year=1700", "price_year"),
        ("?price_year=2030", "price_year"),  # inside the bounds, but after the CPI's last year
    ],
)
def test_bad_query_parameter_is_400_naming_it(
    client: TestClient, body: dict[str, Any], query: str, field: str
) -> None:
    r = client.post(f"/api/compare{query}", json=body)
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "bad_parameter"
    assert r.json()["field"] == field
    assert field in r.json()["detail"]


def test_body_that_is_not_json_is_400(client: TestClient) -> None:
    r = client.post("/api/compare", content=b"{not json")
    assert r.status_code == 400
    assert r.json()["field"] == "body"
    assert "not valid JSON" in r.json()["detail"]
    assert client.post("/api/compare", content=b"").status_code == 400


def test_invalid_scenario_is_422_with_socinvs_message(
    client: TestClient, body: dict[str, Any]
) -> None:
    bad = json.loads(json.dumps(body))
    bad["status_quo"]["episodes"][2]["probability"] = 1.4
    r = client.post("/api/compare", json=bad)
    assert r.status_code == 422
    got = r.json()
    assert got["error"] == "invalid_scenario"
    assert got["field"] == "status_quo.episodes[2].probability"
    assert "less than or equal to 1" in got["detail"]
    unknown = json.loads(json.dumps(body))
    unknown["status_quo"]["episodes"][0]["item"] = "familjehem_manadd"
    r = client.post("/api/compare", json=unknown)
    assert r.status_code == 422
    assert "familjehem_manad" in r.json()["detail"]  # the suggestion
    assert client.post("/api/compare", json=[1, 2]).status_code == 422


def test_montecarlo_parameters(client: TestClient, body: dict[str, Any]) -> None:
    too_many = client.post("/api/montecarlo", json={"scenario": body, "draws": 10**7})
    assert too_many.status_code == 400
    assert too_many.json()["field"] == "draws"
    assert "at most 20000" in too_many.json()["detail"]
    for payload, field in [
        ({"scenario": body, "seed": -1}, "seed"),
        ({"scenario": body, "draws": 2.5}, "draws"),
        ({"scenario": body, "draws": True}, "draws"),
        ({"draws": 10}, "scenario"),
        ({"scenario": body, "drawz": 10}, "drawz"),
    ]:
        r = client.post("/api/montecarlo", json=payload)
        assert r.status_code == 400, payload
        assert r.json()["field"] == field
    bad = {"scenario": {**body, "horizon_years": 0}, "draws": 10}
    r = client.post("/api/montecarlo", json=bad)
    assert r.status_code == 422
    assert r.json()["field"] == "horizon_years"


def test_body_over_the_limit_is_413() -> None:
    with TestClient(create_app(limits=Limits(max_body=2_000))) as c:
        r = c.post(
            "/api/compare", content=b" " * 5_000, headers={"content-type": "application/json"}
        )
        assert r.status_code == 413
        assert r.json()["error"] == "too_large"
        assert "2000 bytes" in r.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams in
            for _ in range(5):
                yield b" " * 1_000

        r = c.post("/api/compare", content=chunks())
        assert r.status_code == 413


def test_computation_over_the_time_limit_is_503(body: dict[str, Any]) -> None:
    with TestClient(create_app(limits=Limits(seconds=1e-6))) as c:
        r = c.post("/api/montecarlo", json={"scenario": body, "draws": 2000})
        assert r.status_code == 503
        assert r.json()["error"] == "too_slow"
        assert "fewer draws" in r.json()["detail"]


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="lang must be one of sv, en"):
        create_app(lang="de")


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rr=st.floats(0.0, 1.0, allow_nan=False),
    probability=st.floats(0.0, 1.0, allow_nan=False),
    rate=st.floats(0.0, 0.1, allow_nan=False),
    cohort=st.integers(1, 500),
)
def test_api_equals_the_library_for_any_edit(
    client: TestClient,
    body: dict[str, Any],
    rr: float,
    probability: float,
    rate: float,
    cohort: int,
) -> None:
    edited = json.loads(json.dumps(body))
    edited["intervention"]["effects"][3]["relative_risk"] = rr
    edited["status_quo"]["episodes"][5]["probability"] = probability
    edited["cohort_size"] = cohort
    r = client.post("/api/compare", json=edited, params={"rate": rate})
    assert r.status_code == 200, r.text
    cmp = compare(scenario_from_dict(edited), rate=rate)
    got = {row["perspective"]: row["npv"] for row in r.json()["summary"]}
    for p, npv in got.items():
        assert npv == pytest.approx(cmp.npv(p), rel=1e-12, abs=1e-9)
    # payers add up to society, in the API's answer as in the library
    payers = ("municipality", "region", "state", "individual", "other")
    assert sum(got[p] for p in payers) == pytest.approx(got["society"], rel=1e-9, abs=1e-6)


def test_lang_labels_the_answer_and_leaves_the_figures(
    client: TestClient, body: dict[str, Any]
) -> None:
    sv = client.post("/api/compare", json=body, params={"lang": "sv"}).json()
    en = client.post("/api/compare", json=body).json()
    assert (
        sv["labels"]["municipality"] == "Kommun" and en["labels"]["municipality"] == "Municipality"
    )
    assert sv["summary"] == en["summary"]
    hits = client.get("/api/catalogue", params={"search": "fangelse_dygn", "lang": "sv"}).json()
    assert hits["items"][0]["name"] == hits["items"][0]["name_sv"]
    bad = client.post("/api/compare", json=body, params={"lang": "de"})
    assert bad.status_code == 400 and bad.json()["field"] == "lang"


def test_local_catalogue_files_are_refused(client: TestClient, body: dict[str, Any]) -> None:
    r = client.post("/api/compare", json={**body, "catalogue": {"extra": ["/etc/passwd"]}})
    assert r.status_code == 422
    assert r.json()["field"] == "catalogue.extra"
    assert "/etc/passwd" in r.json()["detail"] and "socinv run" in r.json()["detail"]
    sneaky = {**body, "catalogue": {"extra": ["../unit_costs_se.csv"]}}
    assert client.post("/api/compare", json=sneaky).status_code == 422
