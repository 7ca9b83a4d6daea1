"""Support for the fuzz tests (tests/test_fuzz_*.py): the two profiles, input
mutations, the counts and the checks on accepted results.

Profiles: the fast one runs by default; ``SOCINV_FUZZ=full`` (or
``pytest --fuzz``) runs :data:`FULL_EXAMPLES` inputs per file type. With
``SOCINV_FUZZ_REPORT=path.json`` the counts (inputs, rejected cleanly,
accepted, crashes, silent NaN, invariant violations) are written there.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FULL = os.environ.get("SOCINV_FUZZ", "") == "full"
FULL_EXAMPLES = 10_000

COUNTS: dict[str, Counter[str]] = {}


def profile(fast: int) -> settings:
    """Hypothesis settings: ``fast`` inputs normally, 10 000 in the full profile."""
    return settings(
        max_examples=FULL_EXAMPLES if FULL else fast,
        deadline=None,
        database=None,
        derandomize=not FULL,
        suppress_health_check=list(HealthCheck),
    )


def count(kind: str, outcome: str) -> None:
    COUNTS.setdefault(kind, Counter())[outcome] += 1


@pytest.fixture(scope="module", autouse=False)
def fuzz_report() -> Iterator[None]:
    yield
    path = os.environ.get("SOCINV_FUZZ_REPORT")
    if not path:
        return
    p = Path(path)
    old = json.loads(p.read_text(encoding="utf-8")) if p.is_file() else {}
    for kind, c in COUNTS.items():
        old[kind] = {k: old.get(kind, {}).get(k, 0) + v for k, v in c.items()} | {
            k: v for k, v in old.get(kind, {}).items() if k not in c
        }
    p.write_text(json.dumps(old, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    COUNTS.clear()


# --- values and mutations --------------------------------------------------------------
NASTY_NUMBERS: list[Any] = [
    0,
    -1,
    1,
    -0.0,
    0.5,
    1.0000001,
    2**31,
    2**63,
    -(2**63),
    10**20,
    1e302,
    1e308,
    -1e308,
    5e-324,
    1e-310,
    float("nan"),
    float("inf"),
    float("-inf"),
    1900,
    2200,
    32025,
    1e12,
]
NASTY_TEXT = [
    "",
    " ",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e400",
    "1,5",
    "1 234,5",
    "0x10",
    "=1+1",
    "=cmd|' /C calc'!A0",
    "@SUM(A1)",
    "+1",
    "-1",
    "\t",
    "\r",
    "\x00",
    "é",
    "Å",
    "😀",
    "'",
    '"',
    "\\",
    "$\\foo$",
    "*a",
    "&a",
    "!!python/object:os.system",
    "<<",
    "~",
    "null",
    "yes",
    "no",
    "[",
    "{",
    "}",
    "]",
    ":",
    "- ",
    "#",
    "%",
    "a" * 300,
]

nasty_number = st.one_of(
    st.sampled_from(NASTY_NUMBERS),
    st.integers(-(10**25), 10**25),
    st.floats(allow_nan=True, allow_infinity=True),
)
nasty_value = st.one_of(
    nasty_number,
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=20),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@st.composite
def mutated(draw: st.DrawFn, template: Any, rate: float = 0.15) -> Any:
    """``template`` (nested dicts/lists) with some values, keys and items
    replaced, deleted or added."""
    if isinstance(template, dict):
        out: dict[Any, Any] = {}
        for k, v in template.items():
            r = draw(st.floats(0, 1))
            if r < rate / 3:
                continue  # drop the key
            if r < rate / 2:
                out[draw(st.sampled_from([k + "x", k.upper(), "extra", k]))] = v
                continue
            out[k] = draw(mutated(v, rate))
        if draw(st.floats(0, 1)) < rate / 4:
            out[draw(st.text(max_size=8))] = draw(nasty_value)
        return out
    if isinstance(template, list):
        items = [draw(mutated(v, rate)) for v in template]
        r = draw(st.floats(0, 1))
        if items and r < rate / 3:
            items.pop(draw(st.integers(0, len(items) - 1)))
        elif items and r < rate / 2:
            items.append(items[draw(st.integers(0, len(items) - 1))])  # a duplicate id
        return items
    if draw(st.floats(0, 1)) < rate:
        return draw(nasty_value)
    return template


@st.composite
def text_mutation(draw: st.DrawFn, text: str) -> bytes:
    """``text`` with a few spans deleted, duplicated or replaced, then encoded
    as UTF-8, UTF-8 with BOM, Windows-1252 or UTF-16."""
    chars = list(text)
    for _ in range(draw(st.integers(0, 4))):
        if not chars:
            break
        i = draw(st.integers(0, len(chars) - 1))
        j = min(len(chars), i + draw(st.integers(0, 12)))
        op = draw(st.sampled_from(["delete", "insert", "duplicate"]))
        if op == "delete":
            del chars[i:j]
        elif op == "insert":
            chars[i:i] = list(draw(st.sampled_from(NASTY_TEXT)) or draw(st.text(max_size=5)))
        else:
            chars[i:i] = chars[i:j]
    out = "".join(chars)
    enc = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16", "raw"]))
    if enc == "raw":
        return out.encode("utf-8", "surrogatepass") + draw(st.binary(max_size=4))
    return out.encode(enc, errors="replace")


# --- checks on accepted results ------------------------------------------------------------
PAYERS = ("municipality", "region", "state", "individual", "other")


def comparison_problems(cmp: Any) -> tuple[list[str], list[str]]:
    """``(silent NaN/inf, invariant violations)`` of an evaluated comparison."""
    nan: list[str] = []
    bad: list[str] = []
    s = cmp.streams()
    for col in ("cost_sek", "cost_disc_sek"):
        if not np.isfinite(s[col].to_numpy(dtype=float)).all():
            nan.append(f"streams.{col}")
    y = cmp.yearly()
    money = ["status_quo", "intervention_episodes", "intervention_cost", "net_savings"]
    if not np.isfinite(y[money].to_numpy(dtype=float)).all():
        nan.append("yearly")
    summ = cmp.summary()
    cols = ["cost_status_quo", "cost_status_quo_disc", "intervention_cost", "savings", "npv"]
    if not np.isfinite(summ[cols].to_numpy(dtype=float)).all():
        nan.append("summary")
    if nan:
        return nan, bad
    scale = 1.0 + float(np.abs(cmp.group_costs).sum())
    for col in cols:
        payers = sum(float(summ.loc[p, col]) for p in PAYERS)
        if not math.isclose(float(summ.loc["society", col]), payers, abs_tol=1e-9 * scale):
            bad.append(f"payers do not add up to society in {col}")
        public = sum(float(summ.loc[p, col]) for p in ("municipality", "region", "state"))
        if not math.isclose(float(summ.loc["public", col]), public, abs_tol=1e-9 * scale):
            bad.append(f"public is not municipality + region + state in {col}")
    # transfers net out for society: its cost is the resources and production alone
    real = s[(s["arm"] == "status_quo") & (s["kind"] != "transfer")]["cost_sek"].sum()
    society = float(summ.loc["society", "cost_status_quo"])
    if not math.isclose(society, float(real), abs_tol=1e-9 * scale):
        bad.append("transfers do not net out for society")
    return nan, bad
