"""Social investment funds: a ledger of capital, allocations, project outlays
and repayments (återföring) by agency, the investing payer's cash position
(the investment hump) and the share of gains that falls outside it."""

from socinv.fund.agencies import (
    AGENCY_LEVEL,
    DEFAULT_AGENCY,
    agency_level,
    attribute,
    attribute_streams,
    row_agency_masks,
    savings_by_agency,
)
from socinv.fund.ledger import (
    FundLedger,
    ProjectFlows,
    fund_report_tables,
    ledger_table,
    project_flows,
    repayment_table,
    repayments_for,
    run_fund,
)
from socinv.fund.models import (
    Allocation,
    CentralFunding,
    FixedShareOnResults,
    Fund,
    FundError,
    Installment,
    MeasuredSavings,
    Project,
    RiskSharing,
    fund_from_dict,
    load_fund,
)
from socinv.fund.summary import fund_headline, fund_tables

__all__ = [
    "AGENCY_LEVEL",
    "DEFAULT_AGENCY",
    "Allocation",
    "CentralFunding",
    "FixedShareOnResults",
    "Fund",
    "FundError",
    "FundLedger",
    "Installment",
    "MeasuredSavings",
    "Project",
    "ProjectFlows",
    "RiskSharing",
    "agency_level",
    "attribute",
    "attribute_streams",
    "fund_from_dict",
    "fund_headline",
    "fund_report_tables",
    "fund_tables",
    "ledger_table",
    "load_fund",
    "project_flows",
    "repayment_table",
    "repayments_for",
    "row_agency_masks",
    "run_fund",
    "savings_by_agency",
]
