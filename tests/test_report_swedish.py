"""Swedish reports say everything in Swedish: the scenario, fund and contract
pages and their figures carry none of a list of English phrases the library
writes (each phrase is checked to occur in the English pages, so the list is
real), warnings and parameter names worded when the page is rendered, and the
contract page and workbook list the parameters varied and held fixed with the
scenario report's block. The report package stays split into files under 500
lines with its old import paths working."""

from __future__ import annotations

import doctest
import importlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from socinv import compare
from socinv.contracts import ContractResult, evaluate_contract
from socinv.fund import FundLedger, run_fund
from socinv.fund.montecarlo import FundMonteCarlo, fund_monte_carlo
from socinv.report import (
    render_contract_html,
    render_fund_html,
    render_html,
    report_figures,
    run_sensitivity,
    write_contract_workbook,
)
from socinv.report.contract_page import contract_figures
from socinv.report.fund_page import fund_figures
from socinv.scenarios.comparison import Comparison

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = ROOT / "data" / "contracts"
#: the contract's scenario: a fixed entered cost turns the municipality's NPV,
#: so its Monte Carlo account carries a warning
HINGED = CONTRACTS / "norrkoping_hvb_scenario.yaml"
SIB = CONTRACTS / "norrkoping_sib.yaml"
FUND = CONTRACTS / "example_fund.yaml"

#: the Monte Carlo runs of the hinged scenario warn (UserWarning) on purpose
pytestmark = [
    pytest.mark.filterwarnings("ignore:the result for .* hinges on a fixed input"),
    pytest.mark.filterwarnings("ignore:resultatet för .* hänger på en fast indata"),
]

#: Phrases the library writes in English pages and figures; none may be left in Swedish.
ENGLISH = (
    "hinges on a fixed input",
    "give it a distribution",
    "Read with care",
    "What the Monte Carlo varies",
    "Held fixed in every draw",
    "no distribution and no catalogue",
    "catalogue low/high",
    "default policy",
    "Unit cost:",
    "Effect on ",
    "(status quo)",
    "units a year",
    "relative risk",
    "Discount rate (real",
    "Intervention cost",
    "Parameter [low",
    "parameter at its",
    "One-way sensitivity",
    "Number of draws",
    "Year (age)",
    " prices",
    "discount rate",
    "Cumulative",
    "cumulative cash position",
    "Present value",
    "Who invests",
    "status quo",
    "Agency",
    "Repayments to the fund",
    "Flows per year",
    "capital put in",
    "investor loss",
    "Investor's",
    "Net position,",
    "net position of the",
    "P(NPV",
    "draws",
)


class _Text(HTMLParser):
    """Every text node and alt/title attribute of a page (no styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.skip = 0
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("style", "script")
        self.out += [v for k, v in attrs if k in ("alt", "title") and v]

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.out.append(data.strip())


def _page_text(html: str) -> str:
    p = _Text()
    p.feed(html)
    return "\n".join(p.out)


def _figure_text(figs: dict[str, object]) -> str:
    from matplotlib.text import Text

    return "\n".join(
        t.get_text()
        for fig in figs.values()
        for t in fig.findobj(Text)  # type: ignore[attr-defined]
    )


@pytest.fixture(scope="module")
def cmp() -> Comparison:
    return compare(HINGED)


@pytest.fixture(scope="module")
def sib() -> tuple[ContractResult, ContractResult]:
    return evaluate_contract(SIB), evaluate_contract(SIB, monte_carlo=True, draws=200, seed=3)


@pytest.fixture(scope="module")
def fund() -> tuple[FundLedger, FundMonteCarlo]:
    return run_fund(FUND), fund_monte_carlo(str(FUND), 40, seed=1)


def _texts(
    cmp: Comparison,
    sib: tuple[ContractResult, ContractResult],
    fund: tuple[FundLedger, FundMonteCarlo],
    lang: str,
) -> dict[str, str]:
    """Page and figure text of the three reports in ``lang``."""
    from socinv.i18n import use_lang
    from socinv.report.risk_plots import plot_fund_risk

    sens = run_sensitivity(cmp, mc=200, seed=1, lang=lang)
    base, mc = sib
    ledger, fmc = fund
    with use_lang(lang):
        risk = {"risk": plot_fund_risk(fmc)}
    return {
        "scenario": _page_text(render_html(cmp, sens, lang=lang))
        + _figure_text(dict(report_figures(cmp, sens, lang=lang))),
        "fund": _page_text(render_fund_html(ledger, mc=fmc, lang=lang))
        + _figure_text(dict(fund_figures(ledger, lang=lang)) | risk),
        "contract": _page_text(render_contract_html(base, mc, lang=lang))
        + _figure_text(dict(contract_figures(base, mc, lang=lang))),
    }


def test_swedish_reports_have_no_english_phrases(
    cmp: Comparison,
    sib: tuple[ContractResult, ContractResult],
    fund: tuple[FundLedger, FundMonteCarlo],
) -> None:
    en = _texts(cmp, sib, fund, "en")
    sv = _texts(cmp, sib, fund, "sv")
    everything_en = "\n".join(en.values())
    unused = [e for e in ENGLISH if e not in everything_en]
    assert not unused, f"phrases the English reports never write: {unused}"
    left = {
        name: [line for line in text.splitlines() if any(e in line for e in ENGLISH)]
        for name, text in sv.items()
    }
    assert not any(left.values()), left
    # the warnings and parameter names are there, in Swedish
    assert "hänger på en fast indata" in sv["scenario"]
    assert "hänger på en fast indata" in sv["contract"]
    assert "Styckkostnad:" in sv["scenario"] and "Styckkostnad:" in sv["contract"]
    # price years and units next to the figures' money
    for name, text in sv.items():
        assert "års priser" in text, name
        assert "kr" in text, name


def test_warnings_and_parameter_names_are_worded_when_rendered(cmp: Comparison) -> None:
    """Analyses run in English (as a library user may run them), the page in
    Swedish: the warnings and parameter names follow the page."""
    sens = run_sensitivity(cmp, mc=100, seed=1, oneway=True, lang="en")
    assert sens.uncertainty is not None and sens.uncertainty.warnings
    assert any("hinges on" in w for w in sens.uncertainty.warnings)
    assert any(str(x).startswith("Unit cost:") for x in sens.uncertainty.varied["label"])
    page = _page_text(render_html(cmp, sens, lang="sv"))
    figs = _figure_text(dict(report_figures(cmp, sens, lang="sv")))
    assert "hänger på en fast indata" in page
    for english in ("hinges on", "Unit cost:", "Effect on ", "(status quo)", "units a year"):
        assert english not in page and english not in figs, english
    # the same run rendered in English keeps its words
    en = _page_text(render_html(cmp, sens, lang="en"))
    assert "hinges on a fixed input" in en and "Unit cost:" in en


def test_contract_page_lists_varied_and_fixed_parameters(
    cmp: Comparison, sib: tuple[ContractResult, ContractResult]
) -> None:
    base, mc = sib
    varied, fixed = mc.varied(), mc.fixed()
    assert len(varied) > 0 and len(fixed) > 0
    sens = run_sensitivity(cmp, mc=200, seed=1, oneway=False)
    for lang, heading, held in (
        ("en", "What the Monte Carlo varies", "Held fixed in every draw ({n}):"),
        ("sv", "Vad Monte Carlo-analysen varierar", "Hålls fasta i varje dragning ({n}):"),
    ):
        page = render_contract_html(base, mc, lang=lang)
        assert heading in page and held.format(n=len(fixed)) in page
        for name in [*varied["name"], *fixed["name"]]:
            assert f"<code>{name}</code>" in page, name
        # the very block of the scenario report (same template, same table classes)
        scenario = render_html(cmp, sens, lang=lang)
        for marker in (heading, '<table class="varied">', '<table class="fixed">'):
            assert marker in scenario and marker in page
    assert "What the Monte Carlo varies" not in render_contract_html(base, None, lang="en")


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_contract_workbook_lists_varied_and_fixed_parameters(
    sib: tuple[ContractResult, ContractResult], tmp_path: Path, lang: str
) -> None:
    from openpyxl import load_workbook

    base, mc = sib
    wb = load_workbook(write_contract_workbook(base, mc, tmp_path / "c.xlsx", lang=lang))
    titles = {"en": ("MC varied", "MC held fixed"), "sv": ("MC varierade", "MC fasta")}[lang]
    for title, frame in zip(titles, (mc.varied(), mc.fixed()), strict=True):
        ws = wb[title]
        names = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
        assert names == list(frame["name"]), title
    warnings = wb[{"en": "MC warnings", "sv": "MC varningar"}[lang]]
    text = str(warnings.cell(row=2, column=1).value)
    assert ("hinges on" in text) == (lang == "en")
    assert ("hänger på" in text) == (lang == "sv")
    assert (
        "MC varied"
        not in load_workbook(
            write_contract_workbook(base, None, tmp_path / "b.xlsx", lang=lang)
        ).sheetnames
    )


def test_report_and_i18n_files_stay_under_500_lines() -> None:
    src = ROOT / "src" / "socinv"
    long = {
        str(p.relative_to(src)): n
        for folder in ("report", "i18n")
        for p in (src / folder).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert not long, long


def test_plots_keep_their_import_path() -> None:
    from socinv.report import plots

    public = [
        "LABEL_SV",
        "MoneyScale",
        "PALETTE",
        "PlotLabel",
        "SLIDE_SIZE",
        "TORNADO_COLUMNS",
        "affected_payers",
        "agency_colours",
        "colour",
        "contract_label",
        "figure_png",
        "fund_label",
        "investing_payer",
        "money_scale",
        "payer_label",
        "payer_word",
        "rate_text",
        "plot_contract_flows",
        "plot_contract_irr",
        "plot_contract_net_position",
        "plot_contract_payments",
        "plot_cumulative_net",
        "plot_fund_balance",
        "plot_fund_hump",
        "plot_investment_hump",
        "plot_mc_distribution",
        "plot_repayments_by_agency",
        "plot_tornado",
        "plot_who_invests",
        "plot_yearly_costs",
    ]
    # helpers other modules import from here (risk plots, the follow-up report)
    helpers = [
        "_figure",
        "_style",
        "_money_axis",
        "_sek_text",
        "_share",
        "_draws_text",
        "_hist",
        "_draw_hump",
    ]
    missing = [n for n in (*public, *helpers) if not hasattr(plots, n)]
    assert not missing, missing
    from socinv.report.contract_page import outcome_text, quantity_format, term_text
    from socinv.report.html import _link, money, number, share

    assert all(callable(f) for f in (outcome_text, quantity_format, term_text, _link, money))
    assert number(1234.5) == "1,234.5" and share(0.42) == "42 %"


def test_payer_names_from_one_table() -> None:
    from socinv.i18n import PAYER_SV, payer_name
    from socinv.report.blocks import payer_name as page_payer_name
    from socinv.report.plots import LABEL_SV, payer_label

    assert LABEL_SV is PAYER_SV and page_payer_name is payer_name
    assert payer_name("municipality", "en") == "municipality (kommun)"
    assert payer_name("municipality", "sv") == "kommun"
    assert payer_label("region") == "region"  # the same word in both languages


@pytest.mark.parametrize(
    "name",
    [
        "socinv.i18n",
        "socinv.report.contract_text",
        "socinv.report.plot_base",
        "socinv.sensitivity.labels",
        "socinv.sensitivity.fixed",
    ],
)
def test_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0


def test_swedish_scenario_workbook_words_roles_rules_and_warnings(
    cmp: Comparison, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from socinv.report import write_workbook

    sens = run_sensitivity(cmp, mc=200, seed=1, lang="en")  # worded when written
    wb = load_workbook(write_workbook(cmp, tmp_path / "s.xlsx", sens, lang="sv"))
    cells = [
        (ws.title, v)
        for ws in wb
        for row in ws.iter_rows(values_only=True)
        for v in row
        if isinstance(v, str)
    ]
    english = (
        "distribution 2.5",
        "catalogue low/high",
        "hinges on",
        "Unit cost:",
        "(status quo)",
    )
    left = [(t, v) for t, v in cells if any(e in v for e in english)]
    assert not left, left
    roles = {v for t, v in cells if t == "Vem investerar"}
    assert not roles & {"invests", "gains", "invests and gains", "not affected", "loses"}
    assert roles & {"investerar", "vinner", "investerar och vinner"}, roles
    assert any("hänger på en fast indata" in v for t, v in cells if t == "MC varningar")
