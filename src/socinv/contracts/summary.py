"""What a contract result says, as tables and headline numbers: the payments
by term, the summary over draws with the probabilities, and the headline
figures the report and the CLI show. Money is SEK in the contract's price
year; they are reductions of :class:`~socinv.contracts.evaluate.ContractResult`
and compute nothing of their own."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from socinv.contracts.evaluate import ContractResult


def contract_payments_summary(result: ContractResult) -> pd.DataFrame:
    """Per payment term and in total: year, mean / p5 / p50 / p95 payment (SEK),
    the most it can pay, and the probabilities that it pays and that its cap
    binds (base case: one draw, so probabilities are 0 or 1)."""
    df = result.payments_table()
    x = result.total_payment
    q = np.percentile(x, [5, 50, 95])
    total = pd.DataFrame(
        [
            {
                "term": -1,
                "type": "total",
                "label": "all terms",
                "year": np.nan,
                "mean_sek": float(x.mean()),
                "p5_sek": float(q[0]),
                "p50_sek": float(q[1]),
                "p95_sek": float(q[2]),
                "max_sek": np.nan,
                "prob_pays": float((x > 0).mean()),
                "prob_at_cap": np.nan,
            }
        ]
    )
    return pd.concat([df, total], ignore_index=True)


def contract_summary_table(result: ContractResult) -> pd.DataFrame:
    """:meth:`ContractResult.summary` with the probabilities (investor loss,
    payer net PV below zero, each term paying) as extra rows (column ``mean``)."""
    s = result.summary().reset_index()
    probs = pd.DataFrame([{"quantity": k, "mean": v} for k, v in result.probabilities().items()])
    return pd.concat([s, probs], ignore_index=True)


def contract_headline(base: ContractResult, mc: ContractResult | None = None) -> dict[str, Any]:
    """The contract's headline numbers: base-case total payment (SEK), its
    multiple of the capital, the investor's IRR and the payer's net PV (SEK);
    with ``mc`` also the mean and 5th/95th percentiles of the payment, the
    median IRR, P(investor loss), the mean net PV and P(net PV < 0)."""
    cap = base.contract.investor.capital_sek
    out: dict[str, Any] = {
        "base_payment_sek": float(base.total_payment[0]),
        "base_multiple": float(base.total_payment[0]) / cap,
        "base_irr": float(base.irr[0]),
        "base_payer_net_pv_sek": float(base.payer_net_pv[0]),
        "base_payer_savings_pv_sek": float(base.payer_savings_pv[0]),
        "base_payments_pv_sek": float(base.payments_pv[0]),
    }
    if mc is not None:
        pay = mc.total_payment
        ok = mc.irr[np.isfinite(mc.irr)]
        out.update(
            {
                "draws": mc.n,
                "seed": mc.seed,
                "mc_payment_mean_sek": float(pay.mean()),
                "mc_payment_p5_sek": float(np.percentile(pay, 5)),
                "mc_payment_p95_sek": float(np.percentile(pay, 95)),
                "mc_irr_median": float(np.median(ok)) if ok.size else math.nan,
                "mc_irr_undefined": int(mc.irr.size - ok.size),
                "prob_investor_loss": float(mc.loss.mean()),
                "mc_payer_net_pv_mean_sek": float(mc.payer_net_pv.mean()),
                "prob_payer_net_negative": float((mc.payer_net_pv < 0).mean()),
            }
        )
    return out


def contract_tables(result: ContractResult) -> dict[str, pd.DataFrame]:
    """Every contract table by name, in reading order: ``payments`` (by term
    and in total), ``summary`` (over draws, with the probabilities) and
    ``yearly``. Titles for sheets and sections belong to the report."""
    return {
        "payments": contract_payments_summary(result),
        "summary": contract_summary_table(result),
        "yearly": result.yearly_table(),
    }


def contract_report_tables(result: ContractResult) -> dict[str, pd.DataFrame]:
    """The tables of :func:`contract_tables` under the report's titles (kept
    for existing callers; see :mod:`socinv.report.sheets`)."""
    from socinv.report.sheets import contract_report_tables as titled

    return titled(result)
