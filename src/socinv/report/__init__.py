"""Analyst outputs: slide-ready plots, a self-contained HTML report and an
Excel workbook of a comparison, with sources and assumptions alongside the
numbers.

Quick use::

    from socinv import compare
    from socinv.report import write_report
    cmp = compare("data/scenarios/foster_care_school_support.yaml")
    write_report(cmp, "out/", mc=1000, seed=1, xlsx=True)

Plots need the ``plot`` extra (matplotlib), the workbook the ``excel`` extra
(openpyxl).
"""

from socinv.report.build import run_sensitivity, write_report
from socinv.report.excel import mc_summary_frame, parameters_frame, write_workbook
from socinv.report.html import SensitivityResults, render_html, report_figures, write_html
from socinv.report.plots import (
    PALETTE,
    PlotLabel,
    figure_png,
    plot_cumulative_net,
    plot_investment_hump,
    plot_mc_distribution,
    plot_tornado,
    plot_who_invests,
    plot_yearly_costs,
)

__all__ = [
    "PALETTE",
    "PlotLabel",
    "SensitivityResults",
    "figure_png",
    "mc_summary_frame",
    "parameters_frame",
    "plot_cumulative_net",
    "plot_investment_hump",
    "plot_mc_distribution",
    "plot_tornado",
    "plot_who_invests",
    "plot_yearly_costs",
    "render_html",
    "report_figures",
    "run_sensitivity",
    "write_html",
    "write_report",
    "write_workbook",
]
