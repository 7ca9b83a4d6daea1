"""``socinv report`` on a file with several interventions: an overview page
side by side, one report per intervention, and a comparison workbook."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pandas as pd
import pytest

from socinv.cli.main import main
from socinv.formatting import Formatter
from socinv.payers import PERSPECTIVES
from socinv.report import alternatives_page
from socinv.report.alternatives_build import comparison_frame
from socinv.report.alternatives_page import render_alternatives_html
from socinv.scenarios.alternatives import compare_alternatives
from socinv.sensitivity.alternatives_mc import monte_carlo_alternatives

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "scenarios" / "foster_care_alternatives.yaml"

#: English texts of the overview page (template and renderer)
ENGLISH = (
    "Ranking",
    "Who invests, who gains",
    "Under uncertainty",
    "Each intervention's report",
    "Present values in SEK",
    "The choice",
    "Best on average",
    "NPV, undiscounted",
    "P(no intervention is best)",
    "share of draws",
    "expected value of perfect information",
    "invests, net loser",
    "not within the horizon",
    "never behind",
    "Discounting",
)


@pytest.fixture(scope="module")
def alts():  # type: ignore[no-untyped-def]
    return compare_alternatives(EXAMPLE)


@pytest.fixture(scope="module")
def mc():  # type: ignore[no-untyped-def]
    return monte_carlo_alternatives(EXAMPLE, 300, seed=1)


def _text(page: str) -> str:
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_doctests() -> None:
    assert doctest.testmod(alternatives_page, raise_on_error=True).failed == 0


def test_swedish_page_has_no_english_text(alts, mc) -> None:  # type: ignore[no-untyped-def]
    en = _text(render_alternatives_html(alts, lang="en", mc=mc))
    sv = _text(render_alternatives_html(alts, lang="sv", mc=mc))
    for phrase in ENGLISH:
        assert phrase in en, phrase
        assert phrase not in sv, phrase
    assert "Rangordning" in sv and "Bäst i genomsnitt" in sv


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_page_shows_the_objects_figures(alts, mc, lang: str) -> None:  # type: ignore[no-untyped-def]
    f = Formatter(lang)
    page = render_alternatives_html(alts, lang=lang, mc=mc)
    for persp in ("society", "public", "municipality"):
        r = alts.ranking(persp)
        for col in ("npv", "npv_undiscounted", "invests_disc", "savings_disc"):
            for v in r[col]:
                assert f.amount(v) in page, (persp, col, v)
    d = mc.decision().set_index("perspective")
    assert f.amount(d.loc["society", "evpi"]) in page
    s = mc.summary()
    for v in s.loc[s["perspective"] == "society", "prob_best"]:
        assert f.ratio(v, 3) in page


def test_comparison_frame_is_the_ranking(alts) -> None:  # type: ignore[no-untyped-def]
    df = comparison_frame(alts)
    assert len(df) == len(PERSPECTIVES) * len(alts.comparisons)
    for persp in ("society", "municipality"):
        part = df[df["perspective"] == persp].set_index("alternative")
        r = alts.ranking(persp)
        assert list(part.index) == list(r.index)
        assert part["npv"].tolist() == r["npv"].tolist()
        for aid in r.index:
            be = alts.comparisons[aid].summary().loc[persp, "break_even_year"]
            got = part.loc[aid, "break_even_year"]
            assert (pd.isna(got) and pd.isna(be)) or got == be


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_cli_writes_overview_and_each_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    pytest.importorskip("openpyxl")
    from openpyxl import load_workbook

    code = main(
        ["report", str(EXAMPLE), "--out", str(tmp_path), "--xlsx", "--mc", "200", "--lang", lang]
    )
    assert code == 0
    stem = "foster_care_alternatives"
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {
        f"{stem}{s}{ext}"
        for s in ("", "_school_support", "_half_team")
        for ext in (".html", ".xlsx")
    }
    overview = (tmp_path / f"{stem}.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="([^"#]+)"', overview):
        assert (tmp_path / href).exists(), href
    own = (tmp_path / f"{stem}_half_team.html").read_text(encoding="utf-8")
    assert "Half the team" in own
    wb = load_workbook(tmp_path / f"{stem}.xlsx")
    want = ["About", "Comparison", "Monte Carlo", "Choice"]
    if lang == "sv":
        want = ["Om", "Jämförelse", "Monte Carlo", "Val"]
    assert wb.sheetnames == want
    assert wb[want[1]].max_row == 1 + len(PERSPECTIVES) * 2


def test_cli_followup_with_several_interventions_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["report", str(EXAMPLE), "--out", str(tmp_path), "--followup", "x.csv"])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--followup" in err[0]
    assert not any(tmp_path.iterdir())
