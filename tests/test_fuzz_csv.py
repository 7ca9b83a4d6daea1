"""Fuzzing the CSV inputs: unit-cost catalogues, CPI series and parameter
files. Each generated file is refused with a :class:`DataFileError` (or
another socinv error) naming the file, or accepted with finite values that
price a scenario without NaN/inf and with the invariants intact."""

from __future__ import annotations

import csv
import io
import math
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import NASTY_TEXT, comparison_problems, count, fuzz_report, profile, text_mutation
from socinv import compare, load_catalogue, load_cpi, load_parameters, scenario_from_dict
from socinv.errors import InputWarning, SocinvError
from support import ROOT, SMALL_CSV, base_scenario

pytestmark = pytest.mark.fuzz
__all__ = ["fuzz_report"]

CPI_CSV = "year,kpi_1980_100,source\n" + "".join(
    f"{y},{100 * 1.03 ** (y - 2015):.2f},test\n" for y in range(2015, 2026)
)
PARAMS_CSV = (ROOT / "data" / "parameters_se.csv").read_text(encoding="utf-8")

CELL = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**22), 10**22).map(str),
)


@st.composite
def csv_bytes(draw: st.DrawFn, template: str) -> bytes:
    """``template`` with some cells replaced, rows dropped or doubled, the
    delimiter switched to ';', then possibly text-mutated and re-encoded."""
    rows = list(csv.reader(io.StringIO(template)))
    header, body = rows[0], rows[1:]
    rate = draw(st.sampled_from([0.0, 0.01, 0.05, 0.2]))
    out_rows = [header]
    for row in body:
        r = draw(st.floats(0, 1))
        if r < rate / 4:
            continue
        new = [draw(CELL) if draw(st.floats(0, 1)) < rate else c for c in row]
        if draw(st.floats(0, 1)) < rate / 4:
            new = new[:-1] if draw(st.booleans()) else [*new, "x"]
        out_rows.append(new)
        if r > 1 - rate / 4:
            out_rows.append(new)  # an id or year given twice
    buf = io.StringIO()
    csv.writer(buf, delimiter=draw(st.sampled_from([",", ",", ";"]))).writerows(out_rows)
    text = buf.getvalue()
    if draw(st.integers(0, 3)) == 0:
        return draw(text_mutation(text))
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])), errors="replace")


def _refused(kind: str, exc: SocinvError, name: str) -> None:
    assert name in str(exc) or kind == "catalogue-use", f"{kind}: message without the file: {exc}"
    count(kind, "rejected cleanly")


SCENARIO = base_scenario(
    status_quo={
        "episodes": [
            {
                "id": "a",
                "item": "hvb",
                "quantity": 30,
                "probability": 0.5,
                "from_age": 10,
                "to_age": 13,
            },
            {
                "id": "b",
                "item": "bistand",
                "quantity": 1,
                "probability": 0.3,
                "from_age": 15,
                "to_age": 19,
            },
            {
                "id": "c",
                "item": "prod",
                "quantity": 1,
                "probability": 0.3,
                "from_age": 15,
                "to_age": 19,
            },
        ]
    },
    intervention={
        "effects": [{"id": "f", "episode": "a", "relative_risk": 0.5}],
        "costs": [{"id": "k", "item": "visit", "quantity": 10, "from_age": 10, "to_age": 10}],
    },
)


@profile(fast=200)
@given(raw=csv_bytes(SMALL_CSV))
def test_fuzz_catalogues(raw: bytes, fuzz_report: None) -> None:
    count("catalogue", "inputs")
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "costs.csv"
        p.write_bytes(raw)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InputWarning)
            try:
                cat = load_catalogue(p)
            except SocinvError as exc:
                _refused("catalogue", exc, p.name)
                return
    for item in cat:
        assert math.isfinite(item.value_sek) and item.value_sek >= 0
    try:
        cmp = compare(scenario_from_dict(SCENARIO), catalogue=cat)
    except SocinvError:
        count("catalogue", "rejected cleanly")  # e.g. an item the scenario needs is gone
        return
    count("catalogue", "accepted")
    nan, bad = comparison_problems(cmp)
    count("catalogue", "silent NaN") if nan else None
    count("catalogue", "invariant violations") if bad else None
    assert not nan and not bad, (nan, bad)


@profile(fast=200)
@given(raw=csv_bytes(CPI_CSV), years=st.tuples(st.integers(1990, 2030), st.integers(1990, 2030)))
def test_fuzz_cpi(raw: bytes, years: tuple[int, int], fuzz_report: None) -> None:
    count("cpi", "inputs")
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "kpi.csv"
        p.write_bytes(raw)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InputWarning)
            try:
                cpi = load_cpi(p)
            except SocinvError as exc:
                _refused("cpi", exc, p.name)
                return
    count("cpi", "accepted")
    assert all(math.isfinite(v) and v > 0 for v in cpi.index.values())
    try:
        f = cpi.factor(*years)
    except SocinvError:
        return  # a year the series lacks: PriceYearError, by name
    finite = math.isfinite(f) and f > 0
    count("cpi", "silent NaN") if not finite else None
    assert finite


@profile(fast=200)
@given(raw=csv_bytes(PARAMS_CSV))
def test_fuzz_parameters(raw: bytes, fuzz_report: None) -> None:
    count("parameters", "inputs")
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "params.csv"
        p.write_bytes(raw)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InputWarning)
            try:
                params = load_parameters(p)
            except SocinvError as exc:
                _refused("parameters", exc, p.name)
                return
    count("parameters", "accepted")
    finite = all(math.isfinite(v.value) for v in params.values())
    count("parameters", "silent NaN") if not finite else None
    assert finite
