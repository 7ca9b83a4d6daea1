"""The page without a browser: open, edit, run, download; the form's edits;
the messages; ``socinv serve``; the doctests of the web modules."""

from __future__ import annotations

import doctest
import html
import importlib
import re
from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")

from fastapi.testclient import TestClient

from socinv import compare, load_scenario
from socinv.cli import serve_cmd
from socinv.cli.main import main
from socinv.errors import ScenarioError
from socinv.formatting import sek
from socinv.scenarios.alternatives import compare_alternatives
from socinv.scenarios.exclusion import is_status_quo_alone
from socinv.scenarios.io import scenario_from_dict
from socinv.web import create_app
from socinv.web.forms import apply_form, parse_number
from socinv.web.messages import LANGS, message_ids, text
from support import MAIN_SCENARIO


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as c:
        yield c


def _hidden_scenario(page: str) -> str:
    m = re.search(r'name="scenario_json" value="([^"]*)"', page)
    assert m is not None
    return html.unescape(m.group(1))


def _npv(page: str, perspective: str) -> tuple[float, str]:
    m = re.search(rf'data-testid="npv-{perspective}" data-value="([^"]+)">([^<]*)<', page)
    assert m is not None, perspective
    return float(m.group(1)), m.group(2)


def test_open_edit_run_shows_the_librarys_figures(client: TestClient) -> None:
    opened = client.post("/load", data={"shipped": "foster_care_school_support", "lang": "sv"})
    assert opened.status_code == 200
    assert "Räkna" in opened.text
    scenario_json = _hidden_scenario(opened.text)
    form = {
        "scenario_json": scenario_json,
        "lang": "sv",
        "effect.3.relative_risk": "0,7",  # more_work: 0.85 -> 0.7, with a decimal comma
        "rate": "3",
        "draws": "200",
        "seed": "2",
    }
    for headers in ({"HX-Request": "true"}, {}):  # htmx fragment and plain form post
        r = client.post("/run", data=form, headers=headers)
        assert r.status_code == 200, r.text
        edited = load_scenario(MAIN_SCENARIO)
        effects = list(edited.intervention.effects)
        effects[3] = effects[3].model_copy(update={"relative_risk": 0.7})
        edited = edited.model_copy(
            update={
                "intervention": edited.intervention.model_copy(update={"effects": tuple(effects)})
            }
        )
        cmp = compare(edited, rate=0.03)
        for p in ("society", "municipality", "public"):
            value, shown = _npv(r.text, p)
            assert value == pytest.approx(cmp.npv(p), abs=1e-5)
            assert shown == sek(cmp.npv(p), lang="sv")  # the page's language
        assert 'id="hump"' in r.text and 'id="mc"' in r.text
        assert "Vem investerar, vem vinner" in r.text
    assert "<html" not in client.post("/run", data=form, headers={"HX-Request": "true"}).text


def test_english_page(client: TestClient) -> None:
    r = client.get("/", params={"lang": "en", "scenario": "foster_care_school_support"})
    assert r.status_code == 200
    assert '<html lang="en">' in r.text and ">Run<" in r.text


def test_downloads_are_the_report_and_the_workbook(client: TestClient) -> None:
    page = client.get("/", params={"scenario": "foster_care_school_support"}).text
    form = {"scenario_json": _hidden_scenario(page), "lang": "sv", "draws": "0"}
    report = client.post("/report", data=form)
    assert report.status_code == 200
    assert report.headers["content-disposition"].endswith('"foster_care_school_support.html"')
    assert "<!DOCTYPE html>" in report.text
    book = client.post("/workbook", data=form)
    assert book.status_code == 200
    assert book.content[:2] == b"PK"  # a zip container: .xlsx


def test_upload_yaml_and_refusals(client: TestClient) -> None:
    content = MAIN_SCENARIO.read_bytes()
    r = client.post("/load", files={"file": ("mine.yaml", content)}, data={"lang": "en"})
    assert r.status_code == 200
    assert "foster_care_school_support" in _hidden_scenario(r.text)
    wrong = client.post("/load", files={"file": ("mine.txt", b"x")})
    assert wrong.status_code == 400 and "mine.txt: expected a file ending in" in wrong.text
    broken = client.post("/load", files={"file": ("mine.yaml", content.replace(b"0.357", b"-2"))})
    assert broken.status_code == 422
    assert "mine.yaml: intervention.effects[0].relative_risk" in html.unescape(broken.text)
    assert "socinv-upload" not in broken.text  # the temporary path is not shown
    assert client.post("/load", data={}).status_code == 400
    assert client.get("/", params={"scenario": "nope"}).status_code == 400


def test_bad_form_values_name_the_field(client: TestClient) -> None:
    page = client.get("/", params={"scenario": "foster_care_school_support"}).text
    base = {"scenario_json": _hidden_scenario(page), "lang": "en", "draws": "0"}
    cases = [
        (
            {"episode.2.probability": "abc"},
            422,
            "status_quo.episodes[2].probability: 'abc' is not a number",
        ),
        ({"episode.2.probability": "1,5"}, 422, "status_quo.episodes[2].probability"),
        ({"draws": "999999"}, 400, "draws: must be between 0 and 20000"),
        ({"price_year": "2030"}, 422, "no CPI (KPI) value for 2030"),
    ]
    for edit, status, message in cases:
        r = client.post("/run", data={**base, **edit}, headers={"HX-Request": "true"})
        assert r.status_code == status, edit
        assert message in html.unescape(r.text)
        assert 'data-testid="error"' in r.text


def test_catalogue_fragment(client: TestClient) -> None:
    r = client.get("/catalogue", params={"q": "fängelse", "lang": "sv"})
    assert r.status_code == 200 and "fangelse_dygn" in r.text
    assert "Inga träffar" in client.get("/catalogue", params={"q": "zzzqqq"}).text


# --- the form's edits -----------------------------------------------------------------
def test_apply_form_puts_values_in_place() -> None:
    base = load_scenario(MAIN_SCENARIO).model_dump(mode="json")
    out = apply_form(
        base,
        {
            "price_year": "2023",
            "rate": "2,5",
            "cohort_size": "10",
            "episode.1.item": "bup_besok",
            "episode.1.from_age": "9",
            "cost.0.amount_sek": "100 000",
            "effect.0.relative_risk": "",  # blank: unchanged
        },
    )
    sc = scenario_from_dict(out)
    assert sc.price_year == 2023 and sc.cohort_size == 10
    assert sc.discounting.rate == pytest.approx(0.025)
    assert sc.status_quo.episodes[1].from_age == 9
    assert sc.intervention.costs[0].amount_sek == 100_000
    assert sc.intervention.effects[0].relative_risk == pytest.approx(0.357)
    assert base["price_year"] == 2024  # the input is not changed


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"episode.99.quantity": "1"}, "episode.99.quantity: the scenario has only 7 episodes"),
        ({"episode.0.colour": "1"}, "episode.0.colour: not a field of the form"),
        ({"episode.0.from_age": "8.5"}, "must be a whole number"),
        ({"rate": "inf"}, "rate: 'inf' is not a finite number"),
    ],
)
def test_apply_form_refusals(form: dict[str, str], message: str) -> None:
    base = load_scenario(MAIN_SCENARIO).model_dump(mode="json")
    with pytest.raises(ScenarioError, match=re.escape(message)):
        apply_form(base, form)


def test_parse_number_accepts_swedish_notation() -> None:
    assert parse_number("x", "1\u202f234,5") == 1234.5
    assert parse_number("x", " -0.25 ") == -0.25


def test_every_message_has_both_languages_with_the_same_fields() -> None:
    fields = re.compile(r"\{(\w+)")
    for msgid in message_ids():
        sv, en = (text(msgid, lang) for lang in LANGS)
        assert sv and en, msgid
        assert sorted(fields.findall(sv)) == sorted(fields.findall(en)), msgid
    assert text("money_note", "sv", price_year=2024, rate="3,5 %").startswith("Kronor i 2024")
    with pytest.raises(ValueError, match="lang"):
        text("run", "fi")


# --- socinv serve ---------------------------------------------------------------------
def test_serve_without_the_extra_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(serve_cmd, "missing_web_modules", lambda: ["fastapi", "uvicorn"])
    assert main(["serve"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "socinv: error: socinv serve needs fastapi, uvicorn; "
        "install them with: pip install 'socinv[web]'"
    )


def test_serve_refuses_a_bad_port(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "70000"]) == 2
    err = capsys.readouterr().err
    assert "--port: must be at least 1 and at most 65 535" in err and err.count("\n") == 1


def test_serve_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--lang {sv,en}" in out and "127.0.0.1" in out


@pytest.mark.parametrize(
    "module",
    ["socinv.web.messages", "socinv.web.forms", "socinv.web.app", "socinv.web.kinds"],
)
def test_doctests(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0
    assert result.failed == 0


def test_break_even_reads_like_the_command_line(client: TestClient) -> None:
    from socinv.cli.run_cmd import report_text

    page = client.get("/", params={"scenario": "foster_care_school_support"}).text
    form = {"scenario_json": _hidden_scenario(page), "lang": "en", "draws": "0"}
    r = client.post("/run", data=form, headers={"HX-Request": "true"})
    cli = report_text(compare(MAIN_SCENARIO))
    for p in ("society", "region", "other"):
        m = re.search(rf'data-testid="break-even-{p}">([^<]*)<', r.text)
        assert m is not None
        row = next(line for line in cli.splitlines() if line.startswith(p + " "))
        assert row.rstrip().endswith(html.unescape(m.group(1))), (p, m.group(1), row)
    sv = client.post("/run", data={**form, "lang": "sv"}, headers={"HX-Request": "true"}).text
    assert 'data-testid="break-even-region">aldrig på minus<' in sv
    assert re.search(r'data-testid="break-even-society">\d{4} \(ålder \d+\)<', sv)


def test_the_docs_python_examples_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from support import ROOT

    monkeypatch.chdir(ROOT)
    text_ = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text_, re.S)
    assert len(blocks) >= 2
    for block in blocks:
        exec(compile(block, "docs/web.md", "exec"), {"__name__": "docs_web"})
    out = capsys.readouterr().out
    assert "NPV for society:" in out and "422 status_quo.episodes[2].probability" in out


def test_every_shipped_scenario_opens_and_runs(client: TestClient) -> None:
    from socinv.web.service import shipped_scenarios

    for key in shipped_scenarios():
        page = client.get("/", params={"scenario": key, "lang": "en"})
        assert page.status_code == 200, key
        assert f'<option value="{key}" selected>' in page.text
        form = {"scenario_json": _hidden_scenario(page.text), "lang": "en", "draws": "0"}
        r = client.post("/run", data=form, headers={"HX-Request": "true"})
        assert r.status_code == 200, (key, r.text[:500])
        path = shipped_scenarios()[key]
        if load_scenario(path).interventions:  # several: each one's NPV for society
            for aid, one in compare_alternatives(path).comparisons.items():
                m = re.search(rf'data-testid="npv-{aid}" data-value="([^"]+)"', r.text)
                assert m is not None, (key, aid)
                assert float(m.group(1)) == pytest.approx(one.npv("society"), abs=1e-6), key
            continue
        cmp = compare(path)
        if is_status_quo_alone(cmp):  # no intervention: the cost of exclusion, no NPV
            m = re.search(r'data-testid="exclusion-society" data-value="([^"]+)"', r.text)
            assert m is not None, key
            pv = cmp.cost_of_exclusion()["cost_disc_sek"].sum()
            assert float(m.group(1)) == pytest.approx(pv, rel=1e-9, abs=1e-6), key
            assert 'data-testid="npv-society"' not in r.text, key
            continue
        assert _npv(r.text, "society")[1] == sek(cmp.npv("society"), lang="en"), key


def test_without_javascript_an_error_keeps_the_form_and_its_values(client: TestClient) -> None:
    page = client.get("/", params={"scenario": "foster_care_school_support"}).text
    form = {"scenario_json": _hidden_scenario(page), "lang": "en", "episode.2.probability": "2"}
    r = client.post("/run", data=form)
    assert r.status_code == 422
    assert 'data-testid="error"' in r.text and 'id="run-form"' in r.text
    assert 'id="episode.2.probability" inputmode="decimal" size="5" value="2"' in r.text
