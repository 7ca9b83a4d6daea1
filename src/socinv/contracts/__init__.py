"""Outcome contracts (sociala utfallskontrakt): investor capital, outcome
measures from a scenario comparison or modelled directly, composable payment
terms, and their evaluation — base case or Monte Carlo — with the
distribution of payments, the investor's IRR and probability of loss, and
the payer's net position."""

from socinv.contracts.evaluate import ContractResult, evaluate_contract, term_payments
from socinv.contracts.irr import irr
from socinv.contracts.models import (
    Condition,
    ConditionalBonus,
    Contract,
    ContractError,
    DirectOutcome,
    EpisodeReductionOutcome,
    FixedShareOnDelivery,
    Investor,
    LinearOutcome,
    MonteCarloSettings,
    PayerSavings,
    PayForSavings,
    SavingsOutcome,
    TargetPayment,
    contract_from_dict,
    load_contract,
)
from socinv.contracts.summary import (
    contract_headline,
    contract_payments_summary,
    contract_report_tables,
    contract_summary_table,
    contract_tables,
)

__all__ = [
    "Condition",
    "ConditionalBonus",
    "Contract",
    "ContractError",
    "ContractResult",
    "DirectOutcome",
    "EpisodeReductionOutcome",
    "FixedShareOnDelivery",
    "Investor",
    "LinearOutcome",
    "MonteCarloSettings",
    "PayForSavings",
    "PayerSavings",
    "SavingsOutcome",
    "TargetPayment",
    "contract_from_dict",
    "contract_headline",
    "contract_payments_summary",
    "contract_report_tables",
    "contract_summary_table",
    "contract_tables",
    "evaluate_contract",
    "irr",
    "load_contract",
    "term_payments",
]
