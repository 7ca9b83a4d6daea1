"""The scenario, fund and contract pages in English and Swedish: the html
lang attribute, the Swedish terms, the numbers in the language's convention,
no English left in the Swedish page's own text, and autoescaping."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from socinv import compare
from socinv.contracts import ContractResult, evaluate_contract
from socinv.formatting import Formatter
from socinv.fund import FundLedger, run_fund
from socinv.report import render_contract_html, render_fund_html, render_html, run_sensitivity
from socinv.report.blocks import environment
from socinv.scenarios.comparison import Comparison

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "data" / "scenarios" / "foster_care_school_support.yaml"
CONTRACTS = ROOT / "data" / "contracts"


@pytest.fixture(scope="module")
def cmp() -> Comparison:
    return compare(SCENARIO)


@pytest.fixture(scope="module")
def ledger() -> FundLedger:
    return run_fund(CONTRACTS / "example_fund.yaml")


@pytest.fixture(scope="module")
def sib() -> tuple[ContractResult, ContractResult]:
    path = CONTRACTS / "norrkoping_sib.yaml"
    return evaluate_contract(path), evaluate_contract(path, monte_carlo=True, draws=200, seed=3)


class _Text(HTMLParser):
    """The page's own words: headings, table headers and notes (not data cells)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.lang = ""
        self.own: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] in ("h2", "h3", "h4", "th", "nav", "a") and data.strip():
            self.own.append(data.strip())


def _parse(html: str) -> _Text:
    p = _Text()
    p.feed(html)
    return p


#: English words that must not appear in the Swedish page's headings and headers.
ENGLISH = re.compile(r"\b(the|and|of|per payer|Savings|Cost|Year|Payer|Headline|Assumptions)\b")


def _pages(
    cmp: Comparison, ledger: FundLedger, sib: tuple[ContractResult, ContractResult], lang: str
) -> dict[str, str]:
    base, mc = sib
    sens = run_sensitivity(cmp, mc=200, seed=1, lang=lang)
    return {
        "scenario": render_html(cmp, sens, lang=lang),
        "fund": render_fund_html(ledger, lang=lang),
        "contract": render_contract_html(base, mc, lang=lang),
    }


def test_pages_in_both_languages(
    cmp: Comparison, ledger: FundLedger, sib: tuple[ContractResult, ContractResult]
) -> None:
    en = _pages(cmp, ledger, sib, "en")
    sv = _pages(cmp, ledger, sib, "sv")
    for name in en:
        assert _parse(en[name]).lang == "en", name
        page = _parse(sv[name])
        assert page.lang == "sv", name
        leftover = [t for t in page.own if ENGLISH.search(t)]
        assert not leftover, (name, leftover)
        assert "Diskonteringsränta" in sv[name] or "diskonteringsränta" in sv[name]
    assert "Huvudresultat per betalare" in sv["scenario"]
    assert "Nettonuvärde" in sv["scenario"] and "Nytto-kostnadskvot" in sv["scenario"]
    assert "Avkastning (ROI)" in sv["scenario"] and "Break-even-år" in sv["scenario"]
    assert "samhället" in sv["scenario"] and "kommun" in sv["scenario"]
    assert "Återbetalningsregler" in sv["fund"]
    assert "Investerarens internränta" in sv["contract"]


def test_swedish_numbers_follow_swedish_convention(cmp: Comparison) -> None:
    """The headline NPV for society, formatted by hand: space thousands
    separator, 'kr'; in English a comma and 'SEK'."""
    npv = cmp.npv("society")
    sv = render_html(cmp, lang="sv")
    en = render_html(cmp, lang="en")
    whole = round(npv)
    sv_text = f"{whole:,}".replace(",", "\u00a0") + "\u00a0kr"
    assert sv_text in sv
    assert f"{whole:,} SEK" in en
    assert "3,5\u00a0%" in sv and "3.5 %" in en  # the discount rate


def test_user_text_is_escaped(cmp: Comparison) -> None:
    sc = cmp.scenario.model_copy(update={"title": "<script>alert(1)</script> & co"})
    page = render_html(compare(sc), lang="sv")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_autoescape_is_on() -> None:
    env = environment("sv")
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_formatter_in_pages_is_the_one_formatter() -> None:
    assert Formatter("sv").money(1234567).replace("\u00a0", " ") == "1 234 567 kr"


def test_doctests() -> None:
    import doctest

    import socinv.report.build
    import socinv.report.columns
    import socinv.report.fund_risk
    import socinv.report.html
    import socinv.report.uncertainty_html

    for mod in (
        socinv.report.html,
        socinv.report.columns,
        socinv.report.build,
        socinv.report.uncertainty_html,
        socinv.report.fund_risk,
    ):
        assert doctest.testmod(mod).failed == 0, mod.__name__
