"""In a real headless browser (Debian's Chromium driven by Playwright): a
status quo alone shows its cost of exclusion and no NPV; several
interventions are edited, run, ranked side by side and downloaded one at a
time. Skipped without Chromium unless ``SOCINV_REQUIRE_BROWSER=1``."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
pytest.importorskip("playwright", reason="Playwright for Python is not installed")

from alternatives_support import foster_alternatives, foster_alternatives_data
from browser_support import CHROMIUM, chromium, serve
from socinv import compare, save_scenario
from socinv.formatting import sek
from socinv.scenarios.alternatives import compare_alternatives
from socinv.scenarios.models import Scenario
from socinv.sensitivity.alternatives_mc import monte_carlo_alternatives

ROOT = Path(__file__).resolve().parents[1]
UVAS = ROOT / "data" / "scenarios" / "uvas_birth_cohort.yaml"

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


def test_status_quo_alone_in_the_browser(server: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(f"{server}/")
    page.select_option("#shipped", "uvas_birth_cohort")
    page.click("#load")
    page.wait_for_selector("#run-form")
    assert page.locator("#cohort_size").count() == 0
    page.fill("#draws", "0")
    page.click("#run")
    cell = page.locator('[data-testid="exclusion-society"]')
    cell.wait_for(timeout=60_000)
    pv = compare(UVAS).cost_of_exclusion()["cost_disc_sek"].sum()
    assert cell.inner_text().strip() == sek(pv, lang="sv")
    assert float(cell.get_attribute("data-value")) == pytest.approx(pv, rel=1e-9)
    assert page.locator('[data-testid="npv-society"]').count() == 0
    assert page.locator("#by-kind").inner_text().count("\n") >= 3
    page.close()


def test_several_interventions_in_the_browser(server: str, browser: Any, tmp_path: Path) -> None:
    path = save_scenario(foster_alternatives(), tmp_path / "alternativ.yaml")
    page = browser.new_page(accept_downloads=True)
    page.goto(f"{server}/")
    page.set_input_files("#file", str(path))
    page.click("#load")
    page.wait_for_selector("#run-form")
    page.fill("#alt\\.1\\.effect\\.0\\.relative_risk", "0,4")
    page.fill("#draws", "200")
    page.click("#run")
    page.wait_for_selector('[data-testid="rank-1"]', timeout=60_000)

    data = foster_alternatives_data()
    data["interventions"][1]["effects"][0]["relative_risk"] = 0.4
    alts = compare_alternatives(Scenario.model_validate(data))
    ranking = alts.ranking()
    for rank, aid in enumerate(ranking.index, start=1):
        row = page.locator(f'[data-testid="rank-{rank}"]')
        assert row.get_attribute("data-alternative") == aid
        npv = page.locator(f'[data-testid="npv-{aid}"]')
        assert npv.inner_text().strip() == sek(float(ranking.loc[aid, "npv"]), lang="sv")
    for aid, cmp in alts.comparisons.items():
        cell = page.locator(f'[data-testid="side-public-{aid}"]')
        assert float(cell.get_attribute("data-value")) == pytest.approx(cmp.npv("public"), abs=1e-5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        mc = monte_carlo_alternatives(Scenario.model_validate(data), 200, 1)
    summary = mc.summary().set_index(["perspective", "alternative"])
    best_total = 0.0
    for aid in mc.ids:
        for col in ("prob_positive", "prob_best"):
            testid = f"mc-{col.replace('_', '-')}-{aid}"
            shown = page.locator(f'[data-testid="{testid}"]').get_attribute("data-value")
            assert float(shown) == pytest.approx(float(summary.loc[("society", aid), col]))
        best_total += float(summary.loc[("society", aid), "prob_best"])
    decision = mc.decision().set_index("perspective").loc["society"]
    sq = page.locator('[data-testid="mc-prob-status-quo-best"]').get_attribute("data-value")
    assert float(sq) == pytest.approx(float(decision["prob_status_quo_best"]))
    assert float(sq) + best_total == pytest.approx(1.0)
    evpi = page.locator('[data-testid="mc-evpi"]')
    assert float(evpi.get_attribute("data-value")) == pytest.approx(decision["evpi"], abs=1e-5)
    assert evpi.inner_text().strip() == sek(float(decision["evpi"]), lang="sv")

    with page.expect_download() as info:
        page.click("#download-report-half_team")
    download = info.value
    assert download.suggested_filename == "foster_care_alternatives_half_team.html"
    report = Path(download.path()).read_text(encoding="utf-8")
    assert report.startswith("<!DOCTYPE html>") and "Half the team" in report
    page.close()
