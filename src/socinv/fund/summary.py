"""What a fund ledger says, as headline numbers and named tables: reductions
of :class:`~socinv.fund.ledger.FundLedger` that the report, workbook and CLI
format (SEK in the fund's price year)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from socinv.fund.ledger import FundLedger


def fund_headline(ledger: FundLedger) -> dict[str, Any]:
    """The fund's headline numbers (SEK, price year, undiscounted unless
    ``_disc``): initial capital, allocations, outlays, repayments, the closing
    balance, the payer's lowest cumulative position and its year, its final
    cumulative position (plain and discounted) and the cumulative share of
    public-sector gains outside the payer."""
    t = ledger.table()
    cum = t["payer_cumulative_sek"].to_numpy(dtype=float)
    k = int(np.argmin(cum))
    return {
        "initial_capital_sek": float(ledger.fund.initial_capital_sek),
        "allocations_sek": float(t["allocations_sek"].sum()),
        "outlays_sek": float(t["outlays_sek"].sum()),
        "repayments_sek": float(t["repayments_sek"].sum()),
        "closing_balance_sek": float(t["closing_balance_sek"].iloc[-1]),
        "lowest_position_sek": float(cum[k]),
        "lowest_position_year": int(t["year"].iloc[k]),
        "final_position_sek": float(cum[-1]),
        "final_position_disc_sek": float(t["payer_cumulative_disc_sek"].iloc[-1]),
        "outside_share": float(t["outside_share_cumulative"].iloc[-1]),
        "overdrawn_years": [int(y) for y in t.loc[t["overdrawn"], "year"]],
    }


def fund_tables(ledger: FundLedger) -> dict[str, pd.DataFrame]:
    """Every fund table by name, in reading order (SEK in the fund's price
    year): ``ledger``, ``repayments_by_agency`` (wide), ``repayments`` (long),
    ``agency_positions`` and ``projects``. Titles belong to the report."""
    return {
        "ledger": ledger.table(),
        "repayments_by_agency": ledger.repayments_by_agency().reset_index(),
        "repayments": ledger.repayment_table(),
        "agency_positions": ledger.agency_positions(),
        "projects": ledger.project_summary(),
    }
