"""Fuzzing the YAML/JSON inputs: scenarios, funds and contracts.

Every generated file is either refused with socinv's own error naming the
file, or accepted and evaluated without a silent NaN/inf and with the payer
and netting invariants intact. See tests/fuzzing.py for the profiles.
"""

from __future__ import annotations

import json
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import comparison_problems, count, fuzz_report, mutated, profile, text_mutation
from socinv import Catalogue, compare, load_catalogue, load_scenario
from socinv.contracts import evaluate_contract
from socinv.errors import InputWarning, SocinvError
from socinv.fund import run_fund
from support import SMALL_CSV

pytestmark = pytest.mark.fuzz
__all__ = ["fuzz_report"]

SCENARIO: dict[str, Any] = {
    "name": "fz",
    "title": "Fuzz",
    "start_age": 10,
    "horizon_years": 12,
    "start_year": 2025,
    "price_year": 2024,
    "cohort_size": 20,
    "discounting": {"rate": 0.035, "convention": "mid", "base_year": 2025},
    "status_quo": {
        "episodes": [
            {
                "id": "hvb",
                "item": "hvb",
                "quantity": 60,
                "probability": 0.3,
                "from_age": 10,
                "to_age": 14,
            },
            {
                "id": "aid",
                "item": "bistand",
                "quantity": 1,
                "probability": 0.2,
                "from_age": 18,
                "to_age": 21,
            },
            {
                "id": "work",
                "item": "prod",
                "quantity": 1,
                "probability": 0.4,
                "from_age": 18,
                "to_age": 21,
            },
        ]
    },
    "intervention": {
        "costs": [
            {
                "id": "team",
                "amount_sek": 40000,
                "payer": "municipality",
                "price_year": 2024,
                "from_age": 10,
                "to_age": 11,
            }
        ],
        "effects": [
            {"id": "less_hvb", "episode": "hvb", "relative_risk": 0.7, "dropoff": 0.1},
            {"id": "less_aid", "episode": "aid", "relative_risk": 0.8, "quantity_factor": 0.9},
        ],
    },
}

FUND: dict[str, Any] = {
    "name": "fzfund",
    "payer": "municipality",
    "start_year": 2025,
    "end_year": 2040,
    "price_year": 2024,
    "initial_capital_sek": 5_000_000,
    "allocations": [{"year": 2026, "amount_sek": 1_000_000}],
    "projects": [
        {
            "id": "p",
            "scenario": "scenario.yaml",
            "start_year": 2025,
            "cohort_size": 10,
            "repayment": [
                {
                    "type": "measured_savings",
                    "share": 1.0,
                    "installments": [
                        {"years_after_end": 2, "share": 0.5},
                        {"years_after_end": 4, "share": 0.5},
                    ],
                }
            ],
        }
    ],
}

CONTRACT: dict[str, Any] = {
    "name": "fzc",
    "payer": "municipality",
    "start_year": 2025,
    "end_year": 2030,
    "price_year": 2024,
    "scenario": "scenario.yaml",
    "investor": {
        "capital_sek": 1_000_000,
        "disbursements": [{"year": 2025, "amount_sek": 1_000_000}],
    },
    "outcomes": [
        {
            "id": "sav",
            "type": "savings",
            "payer": "municipality",
            "from_year": 2025,
            "to_year": 2030,
        },
        {"id": "d", "type": "direct", "value": 0.3},
    ],
    "terms": [
        {"type": "fixed_share_on_delivery", "share": 0.4, "year": 2027},
        {"type": "pay_for_savings", "outcome": "sav", "cap_sek": 2_000_000, "year": 2030},
    ],
}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "small.csv"
        p.write_text(SMALL_CSV, encoding="utf-8")
        return load_catalogue(p)


def _dump(data: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, allow_nan=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@st.composite
def file_bytes(draw: st.DrawFn, template: dict[str, Any]) -> tuple[str, bytes]:
    """A mutated definition as ``(suffix, bytes)``: mutated values, or a
    mutated text, or both."""
    fmt = draw(st.sampled_from(["yaml", "yaml", "json"]))
    data = draw(mutated(template, rate=draw(st.sampled_from([0.0, 0.01, 0.03, 0.1]))))
    text = _dump(data, fmt)
    raw = draw(text_mutation(text)) if draw(st.integers(0, 3)) == 0 else text.encode("utf-8")
    return fmt, raw


def _refused(kind: str, exc: SocinvError, name: str) -> None:
    """A clean refusal: socinv's error, naming the file (or the definition)."""
    msg = str(exc)
    assert msg.strip(), f"{kind}: empty message"
    assert name in msg or "fz" in msg, f"{kind}: message does not name the file: {msg}"
    count(kind, "rejected cleanly")


@profile(fast=250)
@given(case=file_bytes(SCENARIO))
def test_fuzz_scenarios(cat: Catalogue, case: tuple[str, bytes], fuzz_report: None) -> None:
    fmt, raw = case
    count("scenario", "inputs")
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"scenario.{fmt}"
        p.write_bytes(raw)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InputWarning)
            try:
                sc = load_scenario(p)
                cmp = compare(sc, catalogue=cat)
            except SocinvError as exc:
                _refused("scenario", exc, p.name)
                return
    count("scenario", "accepted")
    nan, bad = comparison_problems(cmp)
    count("scenario", "silent NaN") if nan else None
    count("scenario", "invariant violations") if bad else None
    assert not nan, nan
    assert not bad, bad


def _write_scenario(folder: Path) -> None:
    (folder / "scenario.yaml").write_text(_dump(SCENARIO, "yaml"), encoding="utf-8")


@profile(fast=120)
@given(case=file_bytes(FUND))
def test_fuzz_funds(cat: Catalogue, case: tuple[str, bytes], fuzz_report: None) -> None:
    _fmt, raw = case
    count("fund", "inputs")
    with tempfile.TemporaryDirectory() as d:
        _write_scenario(Path(d))
        p = Path(d) / "fund.yaml"
        p.write_bytes(raw)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InputWarning)
            try:
                ledger = run_fund(p, catalogue=cat)
            except SocinvError as exc:
                assert "identity fails" not in str(exc), str(exc)
                _refused("fund", exc, p.name)
                return
    count("fund", "accepted")
    table = ledger.table()
    money = [c for c in table.columns if str(c).endswith("_sek")]  # shares are NaN for 0/0
    t = table[money].to_numpy(dtype=float)
    finite = bool(np.isfinite(t).all())
    count("fund", "silent NaN") if not finite else None
    assert finite, "NaN/inf in the fund ledger"
    ledger.check_identity()


@profile(fast=120)
@given(case=file_bytes(CONTRACT))
def test_fuzz_contracts(cat: Catalogue, case: tuple[str, bytes], fuzz_report: None) -> None:
    _fmt, raw = case
    count("contract", "inputs")
    with tempfile.TemporaryDirectory() as d:
        _write_scenario(Path(d))
        p = Path(d) / "contract.yaml"
        p.write_bytes(raw)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InputWarning)
            try:
                res = evaluate_contract(p, catalogue=cat)
            except SocinvError as exc:
                _refused("contract", exc, p.name)
                return
    count("contract", "accepted")
    arrays = [
        res.payments,
        res.term_payments,
        res.investor_flows,
        res.payments_pv,
        res.payer_savings_pv,
    ]
    finite = all(bool(np.isfinite(a).all()) for a in arrays)
    count("contract", "silent NaN") if not finite else None
    assert finite, "NaN/inf in the contract's payments"
    # the payer pays exactly the sum of the terms
    assert np.allclose(
        res.payments.sum(axis=1), res.term_payments.sum(axis=1), rtol=1e-9, atol=1e-6
    )
