"""Slide-ready plots of a comparison and its sensitivity analyses (matplotlib).

Every plot is titled with the scenario, the price year and the discount rate,
draws each payer/perspective in the same colour (:data:`PALETTE`) and labels
money axes in SEK, kSEK or MSEK (stated in the axis label) with spaces as
thousands separators. Functions return a :class:`matplotlib.figure.Figure`
built without pyplot, so saving works headless (Agg) and nothing global is
touched; in a notebook the figure displays as usual.

The plots live by what they draw — :mod:`~socinv.report.scenario_plots`,
:mod:`~socinv.report.sensitivity_plots`, :mod:`~socinv.report.fund_plots`,
:mod:`~socinv.report.contract_plots`, on the shared conventions of
:mod:`~socinv.report.plot_base` — and are all importable from here.

Needs the ``plot`` extra: ``pip install 'socinv[plot]'``.
"""

from __future__ import annotations

from socinv.report.contract_plots import (
    plot_contract_flows,
    plot_contract_irr,
    plot_contract_net_position,
    plot_contract_payments,
)
from socinv.report.fund_plots import (
    plot_fund_balance,
    plot_fund_hump,
    plot_repayments_by_agency,
)
from socinv.report.plot_base import (
    LABEL_SV,
    PALETTE,
    SLIDE_SIZE,
    MoneyScale,
    PlotLabel,
    _decimal_mark,
    _draw_hump,
    _draws_text,
    _figure,
    _hist,
    _money_axis,
    _mpl,
    _pct,
    _sek_text,
    _share,
    _style,
    _year_ticks,
    agency_colours,
    colour,
    contract_label,
    figure_png,
    fund_label,
    money_scale,
    payer_label,
    payer_word,
    rate_text,
)
from socinv.report.scenario_plots import (
    affected_payers,
    plot_cumulative_net,
    plot_investment_hump,
    plot_who_invests,
    plot_yearly_costs,
)
from socinv.report.sensitivity_plots import (
    TORNADO_COLUMNS,
    plot_mc_distribution,
    plot_tornado,
)
from socinv.scenarios.comparison import investing_payer

__all__ = [
    "LABEL_SV",
    "PALETTE",
    "SLIDE_SIZE",
    "TORNADO_COLUMNS",
    "MoneyScale",
    "PlotLabel",
    "_decimal_mark",
    "_draw_hump",
    "_draws_text",
    "_figure",
    "_hist",
    "_money_axis",
    "_mpl",
    "_pct",
    "_sek_text",
    "_share",
    "_style",
    "_year_ticks",
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
    "rate_text",
]
