"""The fund's risk on Monte Carlo draws as workbook sheets (``socinv fund
--mc N --xlsx``): recovery by year, the investment hump (depth and year of
the lowest point), repayment rules on time and repayments by agency — the
tables of :class:`~socinv.fund.montecarlo.FundMonteCarlo`, headers in words
in the workbook's language. Formatting only.

Example:
    >>> from socinv.fund.montecarlo import fund_monte_carlo
    >>> mc = fund_monte_carlo("data/contracts/example_fund.yaml", 20, seed=1)
    >>> list(fund_risk_tables(mc))
    ['Fund recovery', 'Hump depth', 'Hump year', 'Rules on time', 'Agency repayments']
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from socinv.fund.montecarlo import FundMonteCarlo
from socinv.i18n import translator
from socinv.report.columns import column_labels
from socinv.report.sheets import SEK_FORMAT, SHARE_FORMAT, write_frame

__all__ = ["fund_risk_tables", "write_fund_risk_sheets"]

#: number formats of the risk sheets' columns
FORMATS = {
    "prob_recovered": SHARE_FORMAT,
    "band_low": SHARE_FORMAT,
    "band_high": SHARE_FORMAT,
    "share_of_draws": SHARE_FORMAT,
    "prob_on_time": SHARE_FORMAT,
    "prob_repays": SHARE_FORMAT,
    "target_sek": SEK_FORMAT,
    "mean_sek": SEK_FORMAT,
    "p2_5_sek": SEK_FORMAT,
    "p97_5_sek": SEK_FORMAT,
    "hump_depth_sek": SEK_FORMAT,
}


def fund_risk_tables(mc: FundMonteCarlo, lang: str = "en") -> dict[str, pd.DataFrame]:
    """The risk tables by (English) sheet title; the hump depth as mean,
    2.5th percentile, median and 97.5th percentile over draws (SEK,
    undiscounted), labelled in ``lang``."""
    _ = translator(lang)
    hump = mc.hump()
    d = np.asarray(mc.hump_depth, dtype=float)
    depth = pd.DataFrame(
        {
            "statistic": [_("mean"), _("2.5th percentile"), _("median"), _("97.5th percentile")],
            "hump_depth_sek": [
                float(d.mean()),
                float(np.percentile(d, 2.5)),
                float(np.median(d)),
                float(np.percentile(d, 97.5)),
            ],
        }
    )
    return {
        "Fund recovery": mc.recovery_curve(),
        "Hump depth": depth,
        "Hump year": pd.DataFrame(hump[["year", "share_of_draws"]]),
        "Rules on time": mc.on_time_table(),
        "Agency repayments": mc.agency_table(),
    }


def write_fund_risk_sheets(wb: Any, mc: FundMonteCarlo, lang: str = "en") -> list[Any]:
    """Add the sheets of :func:`fund_risk_tables` to ``wb`` (openpyxl)."""
    _ = translator(lang)
    titles = {
        "Fund recovery": _("Fund recovery"),
        "Hump depth": _("Hump depth"),
        "Hump year": _("Hump year"),
        "Rules on time": _("Rules on time"),
        "Agency repayments": _("Agency repayments"),
    }
    return [
        write_frame(
            wb,
            titles[title][:31],
            df,
            formats={c: f for c, f in FORMATS.items() if c in df.columns},
            headers=column_labels(df.columns, lang),
        )
        for title, df in fund_risk_tables(mc, lang).items()
    ]
