"""The result of evaluating an outcome contract: outcomes and money flows per
draw, with summaries, tidy tables and notebook views (SEK in the contract's
price year; IRR as a fraction)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from socinv.contracts.models import Contract, FixedShareOnDelivery, TargetPayment

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

if TYPE_CHECKING:
    from socinv.scenarios.compile import Model
    from socinv.sensitivity import Uncertainty


@dataclass(frozen=True)
class ContractResult:
    """Outcomes and money flows of a contract for ``n`` draws (``n = 1`` for
    the base case). Arrays are per draw; years are ``years``."""

    contract: Contract
    years: npt.NDArray[np.int64]
    outcomes: dict[str, FloatArray]  # id -> (n,)
    term_payments: FloatArray  # (n, K) SEK per term
    payments: FloatArray  # (n, Y) SEK paid by the payer each year
    investor_flows: FloatArray  # (n, Y): -disbursements + payments
    irr: FloatArray  # (n,)
    payer_savings_pv: FloatArray  # (n,) PV of the payer's savings
    payer_savings: FloatArray  # (n,) undiscounted
    payments_pv: FloatArray  # (n,)
    seed: int | None
    disbursements: FloatArray  # (Y,) SEK the investor puts in each year
    uncertainty: Uncertainty | None = None  # scenario parameters drawn (Monte Carlo)
    model: Model | None = None  # the scenario's compiled model (names parameters in words)

    @property
    def n(self) -> int:
        return int(self.payments.shape[0])

    @property
    def total_payment(self) -> FloatArray:
        return np.asarray(self.payments.sum(axis=1), dtype=float)

    def varied(self) -> pd.DataFrame:
        """Scenario parameters drawn: ``name, distribution, mean, source,
        label`` (as :meth:`socinv.sensitivity.MonteCarloResult.varied`; empty
        for the base case)."""
        if self.uncertainty is None:
            return pd.DataFrame(columns=["name", "distribution", "mean", "source", "label"])
        t = self.uncertainty.table()
        return t[t["name"].isin(self.uncertainty.varying)].reset_index(drop=True)

    def fixed(self) -> pd.DataFrame:
        """Scenario parameters the scenario sets that stayed fixed: ``name,
        label, value, reason, invented`` (empty for the base case)."""
        if self.uncertainty is None:
            return pd.DataFrame(columns=["name", "label", "value", "reason", "invented"])
        return self.uncertainty.fixed_table()

    @property
    def loss(self) -> BoolArray:
        """The investor gets back less than it put in (undiscounted; the same
        break-even rule as the IRR, :func:`~socinv.contracts.irr.net_loss`)."""
        from socinv.contracts.irr import net_loss

        return net_loss(self.investor_flows)

    @property
    def payer_net_pv(self) -> FloatArray:
        """The payer's net position: PV of its savings minus PV of payments (SEK)."""
        return np.asarray(self.payer_savings_pv - self.payments_pv, dtype=float)

    @property
    def payer_net(self) -> FloatArray:
        return np.asarray(self.payer_savings - self.total_payment, dtype=float)

    def summary(self, *, formatted: bool = False) -> pd.DataFrame:
        """One row per headline quantity: mean, sd and 5th/50th/95th percentiles
        over draws (SEK, price year; IRR as a fraction), plus probabilities
        (in ``attrs``). ``formatted`` gives the values as text."""
        df = self._summary.copy()
        df.attrs.update(self._summary.attrs)
        if not formatted:
            return df
        from socinv._display import cell

        out = df.astype(object)
        for q in df.index:
            kind = "money" if str(q).endswith("_sek") else "share"
            for c in ("mean", "sd", "p5", "p50", "p95"):
                out.loc[q, c] = cell(df.loc[q, c], kind)
        return out

    def tidy(self) -> pd.DataFrame:
        """Per-draw results in long form: ``draw, perspective, metric, value``
        (perspective ``investor``, ``payer`` or ``outcome``; SEK in the price
        year, IRR as a fraction, loss as 0/1)."""
        d = self.draws_frame().astype({"investor_loss": float})
        long = (
            d.rename_axis("draw")
            .reset_index()
            .melt(id_vars="draw", var_name="metric", value_name="value")
        )
        who = np.where(
            long["metric"].str.startswith("outcome."),
            "outcome",
            np.where(long["metric"].str.startswith("payer"), "payer", "investor"),
        )
        long.insert(1, "perspective", who)
        return long

    def __repr__(self) -> str:
        from socinv.formatting import sek

        mean = float(self.total_payment.mean())
        what = "base case" if self.seed is None else f"{self.n} draws, seed {self.seed}"
        return (
            f"<ContractResult {self.contract.name!r}: {what}, mean payment "
            f"{sek(mean, unit='SEK')} ({self.contract.price_year} prices)>"
        )

    def _repr_html_(self) -> str:
        from socinv._display import html

        return html(repr(self)[1:-1], self.summary(formatted=True))

    @cached_property
    def _summary(self) -> pd.DataFrame:
        cap = self.contract.investor.capital_sek
        series: dict[str, FloatArray] = {
            "total_payment_sek": self.total_payment,
            "payment_multiple": self.total_payment / cap,
            "investor_irr": self.irr,
            "payer_savings_sek": self.payer_savings,
            "payer_savings_pv_sek": self.payer_savings_pv,
            "payments_pv_sek": self.payments_pv,
            "payer_net_pv_sek": self.payer_net_pv,
            **{f"outcome.{k}": v for k, v in self.outcomes.items()},
        }
        rows = []
        for name, x in series.items():
            ok = x[np.isfinite(x)]
            q = np.percentile(ok, [5, 50, 95]) if len(ok) else [np.nan] * 3
            rows.append(
                {
                    "quantity": name,
                    "mean": float(ok.mean()) if len(ok) else np.nan,
                    "sd": float(ok.std(ddof=1)) if len(ok) > 1 else 0.0,
                    "p5": float(q[0]),
                    "p50": float(q[1]),
                    "p95": float(q[2]),
                    "undefined_draws": int(len(x) - len(ok)),
                }
            )
        df = pd.DataFrame(rows).set_index("quantity")
        df.attrs.update(self.probabilities())
        return df

    def probabilities(self) -> dict[str, float]:
        """Probability of investor loss, of the payer being worse off (net PV < 0)
        and of each term paying anything."""
        out = {
            "prob_investor_loss": float(self.loss.mean()),
            "prob_payer_net_negative": float((self.payer_net_pv < 0).mean()),
        }
        for k, _ in enumerate(self.contract.terms):
            out[f"prob_term_{k}_pays"] = float((self.term_payments[:, k] > 0).mean())
        return out

    def payments_table(self) -> pd.DataFrame:
        """Per payment term: type, label, year, mean / p5 / p50 / p95 payment,
        probability that it pays and that its cap binds (SEK)."""
        rows = []
        for k, t in enumerate(self.contract.terms):
            x = self.term_payments[:, k]
            cap = getattr(t, "cap_sek", None)
            if isinstance(t, FixedShareOnDelivery):
                cap = t.share * self.contract.investor.capital_sek
            elif isinstance(t, TargetPayment):
                cap = t.amount_sek
            q = np.percentile(x, [5, 50, 95])
            rows.append(
                {
                    "term": k,
                    "type": t.type,
                    "label": t.label,
                    "year": t.year,
                    "mean_sek": float(x.mean()),
                    "p5_sek": float(q[0]),
                    "p50_sek": float(q[1]),
                    "p95_sek": float(q[2]),
                    "max_sek": np.nan if cap is None else cap,
                    "prob_pays": float((x > 0).mean()),
                    "prob_at_cap": float(np.isclose(x, cap, rtol=1e-9).mean())
                    if cap is not None
                    else np.nan,
                }
            )
        return pd.DataFrame(rows)

    def yearly_table(self) -> pd.DataFrame:
        """Per year: mean disbursement, mean payment and mean investor net flow (SEK)."""
        return pd.DataFrame(
            {
                "year": self.years,
                "disbursements_sek": self.disbursements,
                "payments_mean_sek": self.payments.mean(axis=0),
                "investor_net_mean_sek": self.investor_flows.mean(axis=0),
            }
        )

    def draws_frame(self) -> pd.DataFrame:
        """One row per draw: outcomes, total payment, IRR, loss, payer net PV."""
        df = pd.DataFrame({f"outcome.{k}": v for k, v in self.outcomes.items()})
        for k in range(self.term_payments.shape[1]):
            df[f"term_{k}_sek"] = self.term_payments[:, k]
        df["total_payment_sek"] = self.total_payment
        df["investor_irr"] = self.irr
        df["investor_loss"] = self.loss
        df["payer_net_pv_sek"] = self.payer_net_pv
        return df
