"""The page as an analyst uses it, in a real headless browser (Debian's
Chromium driven by Playwright): upload the main scenario, change an input,
run, check the figures against the command line's and the library's, and
download the report."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
pytest.importorskip("playwright", reason="Playwright for Python is not installed")

from browser_support import CHROMIUM, MAIN_SCENARIO, chromium, open_and_run, serve
from socinv import compare, load_scenario, save_scenario
from socinv.cli.main import main
from socinv.formatting import sek
from socinv.scenarios.models import Scenario
from socinv.sensitivity import monte_carlo

if os.environ.get("SOCINV_REQUIRE_BROWSER") == "1" and not CHROMIUM.exists():
    pytest.fail(f"SOCINV_REQUIRE_BROWSER=1 but {CHROMIUM} is absent", pytrace=False)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"no headless browser: {CHROMIUM} is absent (install Debian's chromium package)",
)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(lang="sv") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def _edited() -> Scenario:
    """The main scenario with the effect on work at relative risk 0.7."""
    sc = load_scenario(MAIN_SCENARIO)
    effects = tuple(
        e.model_copy(update={"relative_risk": 0.7}) if e.id == "more_work" else e
        for e in sc.intervention.effects
    )
    return sc.model_copy(
        update={"intervention": sc.intervention.model_copy(update={"effects": effects})}
    )


def _cli_npv(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """NPV per perspective as ``socinv run`` prints it."""
    assert main(["run", str(path)]) == 0
    out = capsys.readouterr().out
    table = out.split("Present values (SEK)", 1)[1].split("\n\n", 1)[0]
    npv: dict[str, str] = {}
    for line in table.splitlines()[3:]:
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) >= 6:
            npv[cells[0]] = cells[5]
    return npv


def test_upload_edit_run_download(
    server: str, browser: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = browser.new_page(accept_downloads=True)
    open_and_run(page, server, relative_risk="0,7", draws="500")

    edited = _edited()
    path = save_scenario(edited, tmp_path / "edited.yaml")
    cli = _cli_npv(path, capsys)
    cmp = compare(edited)
    for p in ("society", "public", "municipality", "region", "state", "individual"):
        cell = page.locator(f'[data-testid="npv-{p}"]')
        shown = cell.inner_text().strip()
        # the Swedish page and the English command line print the same amount,
        # each in its language's convention (the one formatter)
        assert shown == sek(cmp.npv(p), lang="sv"), p
        assert cli[p] == sek(cmp.npv(p), lang="en"), p
        assert shown.replace("\u00a0", "") == cli[p].replace(",", ""), p
        assert float(cell.get_attribute("data-value")) == pytest.approx(cmp.npv(p), abs=1e-5)
    assert cmp.npv("society") != compare(MAIN_SCENARIO).npv("society")  # the edit counted

    mc = monte_carlo(cmp.model, 500, 1).summary()
    shown = float(page.locator('[data-testid="mc-prob-positive"]').get_attribute("data-value"))
    assert shown == pytest.approx(float(mc.loc["society", "prob_positive"]))
    assert page.locator("#hump").is_visible() and page.locator("#mc").is_visible()
    assert page.locator("#who").inner_text().count("\n") >= 5

    with page.expect_download() as info:
        page.click("#download-report")
    download = info.value
    assert download.suggested_filename == "foster_care_school_support.html"
    report = Path(download.path()).read_text(encoding="utf-8")
    assert report.startswith("<!DOCTYPE html>")
    assert edited.title in report
    page.close()


def test_bad_input_shows_the_message_on_the_page(server: str, browser: Any) -> None:
    page = browser.new_page()
    open_and_run(page, server)
    page.fill("#episode\\.2\\.probability", "1,5")
    page.click("#run")
    error = page.locator('[data-testid="error"]')
    error.wait_for()
    assert "status_quo.episodes[2].probability" in error.inner_text()
    page.close()


def test_catalogue_search_as_you_type(server: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(f"{server}/?scenario=foster_care_school_support")
    page.click("details.catalogue summary")
    page.fill("#catalogue-q", "fängelse")
    page.locator("#catalogue-hits").get_by_text("fangelse_dygn", exact=True).wait_for()
    page.close()
