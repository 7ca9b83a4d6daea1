"""The offences of a scenario workbook: rows of the sheet *Offences* (*Brott*)
turned into the scenario's ``status_quo.offences`` (reading) and back
(writing), one row per :class:`~socinv.justice.Offence` entry.

A row gives the offence type (a drop-down of :data:`~socinv.justice.OFFENCE_TYPES`;
the Swedish name, e.g. ``rån``, reads too), offences a year from an age to an
age (or one at an age), the steps of the justice chain to price (a
comma-separated list, empty for all of them) and each step's probability and
days as columns. Entries that share a ``chain`` share its step inputs: a
step-input cell left empty on a row naming a chain takes the value of the
chain's first row that gives step inputs (other values are refused). Older
workbooks held the offences as JSON text in the setting
``status_quo.offences``; that still reads, as long as the sheet is empty.

Example:
    >>> offence_steps("polis, court", lambda msg: ValueError(msg))
    ['police', 'court']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from socinv.justice.chain import OFFENCE_TYPES, STEPS
from socinv.justice.offences import FIELD_HELP
from socinv.scenarios.xlsx_blocks import Origin, Rows, cell_error
from socinv.scenarios.xlsx_layout import OFFENCES, WorkbookError, get_path

#: Swedish words for the steps of the justice chain (read as well as the English)
STEP_WORDS_SV: dict[str, str] = {
    "polis": "police",
    "åklagare": "prosecution",
    "domstol": "court",
    "häkte": "remand",
    "fängelse": "prison",
    "frivård": "probation",
    "brottsoffer": "victim",
}
_TYPE_BY_SWEDISH = {sv.lower(): key for key, sv in OFFENCE_TYPES.items()}
_SPLIT = re.compile(r"[,;]+")


def offence_steps(text: Any, error: Callable[[str], Exception]) -> list[str]:
    """The steps of a *steps* cell (comma-separated, English or Swedish words)."""
    words = [w.strip().lower() for w in _SPLIT.split(str(text)) if w.strip()]
    out = []
    for word in words:
        step = STEP_WORDS_SV.get(word, word)
        if step not in STEPS:
            raise error(
                f"unknown step {word!r}; write some of {', '.join(STEPS)} "
                f"({', '.join(STEP_WORDS_SV)}), separated by commas, or leave the cell empty "
                "for all of them"
            )
        out.append(step)
    return out


def assemble_offences(
    data: dict[str, Any],
    legacy: dict[str, tuple[Any, tuple[str, int, str]]],
    rows: Rows | None,
    source: str,
    origin: Origin,
) -> None:
    """Put ``status_quo.offences`` together from the rows of the sheet
    *Offences*, or from an older workbook's JSON cell."""
    recs = rows.recs if rows is not None else []
    if "status_quo.offences" in legacy:
        value, (sheet, row, column) = legacy["status_quo.offences"]
        if recs:
            assert rows is not None
            raise WorkbookError(
                f"{source}: sheet {sheet!r}, row {row}, column {column} (status_quo.offences): "
                f"the offences are given twice, as JSON text here and on the sheet "
                f"{rows.sheet!r}; keep one (empty this cell to use the sheet)",
                sheet=sheet,
                row=row,
                column=column,
            )
        data.setdefault("status_quo", {})["offences"] = value
        origin.places[("status_quo", "offences")] = (sheet, row, column)
        return
    if not recs:
        return
    assert rows is not None
    for k, rec in enumerate(recs):
        _read_row(rows, k, rec, source)
        origin.put(("status_quo", "offences", k), rows, k)
    for (k, key), m in _share_chains(recs).items():
        # an inherited value is named by the cell it came from
        origin.places[("status_quo", "offences", k, key)] = origin.places[
            ("status_quo", "offences", m, key)
        ]
    data.setdefault("status_quo", {})["offences"] = recs


def _read_row(rows: Rows, k: int, rec: dict[str, Any], source: str) -> None:
    """Offence type and steps of row ``k`` as the model takes them."""
    if "offence" in rec:
        word = str(rec["offence"]).strip()
        kind = _TYPE_BY_SWEDISH.get(word.lower(), word)
        if kind not in OFFENCE_TYPES:
            raise cell_error(
                source,
                rows,
                k,
                "offence",
                f"unknown offence type {word!r}; choose one of the list: "
                f"{', '.join(sorted(OFFENCE_TYPES))}",
            )
        rec["offence"] = kind
    if "steps" in rec:
        rec["steps"] = offence_steps(
            rec["steps"], lambda msg: cell_error(source, rows, k, "steps", msg)
        )
    for name in ("id", "chain"):
        if name in rec and not isinstance(rec[name], str):
            rec[name] = str(rec[name])


def _share_chains(recs: list[dict[str, Any]]) -> dict[tuple[int, str], int]:
    """A step-input cell left empty on a row naming a chain takes the value of
    the chain's first row that gives step inputs; returns, for each value so
    taken (row, field), the row it was taken from."""
    first: dict[str, int] = {}
    for m, rec in enumerate(recs):
        if rec.get("chain") is not None and any(k in rec for k in FIELD_HELP):
            first.setdefault(str(rec["chain"]), m)
    taken: dict[tuple[int, str], int] = {}
    for k, rec in enumerate(recs):
        m = first.get(str(rec.get("chain")), -1)
        if rec.get("chain") is None or m < 0:
            continue
        for key in FIELD_HELP:
            if key in recs[m] and key not in rec:
                rec[key] = recs[m][key]
                taken[(k, key)] = m
    return taken


# --- writing ---------------------------------------------------------------------------


def offence_rows(data: dict[str, Any]) -> list[list[Any]]:
    """The rows of the sheet *Offences* for the dumped scenario ``data``: every
    entry's values, its steps as a comma-separated list (empty: all); a shared
    chain's step inputs on its first row only."""
    out = []
    seen: set[str] = set()
    for rec in get_path(data, "status_quo.offences") or []:
        row = dict(rec)
        if "steps" in row:
            row["steps"] = ", ".join(row["steps"])
        chain = row.get("chain")
        if chain is not None:
            if chain in seen:
                row = {k: v for k, v in row.items() if k not in FIELD_HELP}
            seen.add(chain)
        out.append([row.get(f) for f in OFFENCES.fields])
    return out
