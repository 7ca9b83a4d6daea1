"""Titles of the report's sheets and sections for the engine's named tables
(:func:`socinv.fund.summary.fund_tables`,
:func:`socinv.contracts.summary.contract_tables`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from socinv.contracts.evaluate import ContractResult
    from socinv.fund.ledger import FundLedger

#: Sheet/section title of each fund table, in reading order.
FUND_TITLES: dict[str, str] = {
    "ledger": "Fund ledger",
    "repayments_by_agency": "Repayments by agency",
    "repayments": "Repayments",
    "agency_positions": "Agency positions",
    "projects": "Fund projects",
}
#: Sheet/section title of each contract table, in reading order.
CONTRACT_TITLES: dict[str, str] = {
    "payments": "Contract payments",
    "summary": "Contract summary",
    "yearly": "Contract yearly",
}


def fund_report_tables(ledger: FundLedger) -> dict[str, pd.DataFrame]:
    """Every fund table under its sheet/section title, in reading order."""
    from socinv.fund.summary import fund_tables

    return {FUND_TITLES[k]: df for k, df in fund_tables(ledger).items()}


def contract_report_tables(result: ContractResult) -> dict[str, pd.DataFrame]:
    """Every contract table under its sheet/section title, in reading order."""
    from socinv.contracts.summary import contract_tables

    return {CONTRACT_TITLES[k]: df for k, df in contract_tables(result).items()}
