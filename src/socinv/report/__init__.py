"""Analyst outputs: slide-ready plots, a self-contained HTML report and an
Excel workbook of a comparison, with sources and assumptions alongside the
numbers.

Quick use::

    from socinv import compare
    from socinv.report import write_report
    cmp = compare("data/scenarios/foster_care_school_support.yaml")
    write_report(cmp, "out/", mc=1000, seed=1, xlsx=True)

Every renderer takes ``lang="sv"`` for Swedish; :func:`render_report` gives
the page as a string and :func:`workbook_bytes` the workbook as bytes.

Funds and outcome contracts: :func:`write_fund_html`, :func:`write_fund_workbook`,
:func:`write_contract_html`, :func:`write_contract_workbook` (what ``socinv fund``
and ``socinv contract`` write with ``--html`` / ``--xlsx``).

Plots need the ``plot`` extra (matplotlib), the workbook the ``excel`` extra
(openpyxl).
"""

from socinv.contracts.summary import contract_headline
from socinv.fund.summary import fund_headline
from socinv.report.build import render_report, run_sensitivity, write_report
from socinv.report.contract_page import (
    render_contract_html,
    write_contract_html,
)
from socinv.report.excel import (
    mc_summary_frame,
    parameters_frame,
    workbook_bytes,
    write_workbook,
)
from socinv.report.fund_excel import write_contract_workbook, write_fund_workbook
from socinv.report.fund_page import render_fund_html, write_fund_html
from socinv.report.html import render_html, report_figures, write_html
from socinv.report.plots import (
    PALETTE,
    PlotLabel,
    figure_png,
    plot_contract_flows,
    plot_contract_irr,
    plot_contract_net_position,
    plot_contract_payments,
    plot_cumulative_net,
    plot_fund_balance,
    plot_fund_hump,
    plot_investment_hump,
    plot_mc_distribution,
    plot_repayments_by_agency,
    plot_tornado,
    plot_who_invests,
    plot_yearly_costs,
)
from socinv.sensitivity.results import SensitivityResults

__all__ = [
    "PALETTE",
    "PlotLabel",
    "SensitivityResults",
    "contract_headline",
    "figure_png",
    "fund_headline",
    "mc_summary_frame",
    "parameters_frame",
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
    "render_contract_html",
    "render_fund_html",
    "render_html",
    "render_report",
    "report_figures",
    "run_sensitivity",
    "workbook_bytes",
    "write_contract_html",
    "write_contract_workbook",
    "write_fund_html",
    "write_fund_workbook",
    "write_html",
    "write_report",
    "write_workbook",
]
