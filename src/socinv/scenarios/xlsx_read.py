"""Reading a scenario workbook (see :mod:`socinv.scenarios.xlsx`) into a
:class:`~socinv.scenarios.models.Scenario`, with errors naming the sheet, row
and column. Values are read as values (``data_only``), never as formulas."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from socinv.errors import ScenarioError
from socinv.readers import check_file
from socinv.scenarios.models import Scenario
from socinv.scenarios.xlsx_blocks import (
    Origin,
    Rows,
    assemble_interventions,
    assemble_population,
    letter,
    yes_no,
)
from socinv.scenarios.xlsx_layout import (
    ALTERNATIVES,
    FIELD_IN_HEADER,
    HEADER_ROW,
    JSON_SETTINGS,
    LEGACY_JSON_SETTINGS,
    OFFENCES,
    POPULATION_SETTINGS,
    SCALAR_SETTINGS,
    SETTINGS,
    SUBGROUPS,
    TABLES,
    TAGGED,
    YES_NO_SETTINGS,
    Table,
    WorkbookError,
    set_path,
    sheet_names,
)
from socinv.scenarios.xlsx_offences import assemble_offences

Legacy = dict[str, tuple[Any, tuple[str, int, str]]]


def _sheet_keys(wb: Any) -> dict[str, Any]:
    """Sheets by their English key, whatever language they are named in."""
    by_title = {ws.title: ws for ws in wb.worksheets}
    out: dict[str, Any] = {}
    for lang in ("en", "sv"):
        for key, title in sheet_names(lang).items():
            if title in by_title and key not in out:
                out[key] = by_title[title]
    return out


def _columns(ws: Any, fields: Sequence[str], source: str) -> dict[str, int]:
    """Field name -> 1-based column, from the header row; unknown headers are errors."""
    cols: dict[str, int] = {}
    for cell in ws[HEADER_ROW]:
        if cell.value is None or str(cell.value).strip() == "":
            continue
        m = FIELD_IN_HEADER.search(str(cell.value))
        name = m.group(1) if m else str(cell.value).strip()
        if name not in fields:
            raise WorkbookError(
                f"{source}: sheet {ws.title!r}, column {cell.column_letter}: unknown column "
                f"{cell.value!r}; expected one of {', '.join(fields)} (in parentheses)",
                sheet=ws.title,
                row=HEADER_ROW,
                column=cell.column_letter,
            )
        cols[name] = cell.column
    return cols


def _value(cell: Any, source: str) -> Any:
    v = cell.value
    if cell.data_type == "e":
        raise WorkbookError(
            f"{source}: sheet {cell.parent.title!r}, row {cell.row}, column "
            f"{cell.column_letter}: the cell holds an Excel error ({v})",
            sheet=cell.parent.title,
            row=cell.row,
            column=cell.column_letter,
        )
    if isinstance(v, str) and not v.strip():
        return None  # an empty-looking cell takes the default
    return v


def _read_settings(
    ws: Any, source: str, data: dict[str, Any], origin: Origin, legacy: Legacy
) -> bool:
    cols = _columns(ws, ("setting", "value"), source)
    if "setting" not in cols or "value" not in cols:
        raise WorkbookError(
            f"{source}: sheet {ws.title!r}: the header row needs the columns (setting) and (value)",
            sheet=ws.title,
            row=HEADER_ROW,
        )
    own = False
    known = (*SCALAR_SETTINGS, *POPULATION_SETTINGS, *JSON_SETTINGS, *LEGACY_JSON_SETTINGS)
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        key = _value(row[cols["setting"] - 1], source)
        if key is None:
            continue
        vcell = row[cols["value"] - 1]
        value = _value(vcell, source)
        where = f"{source}: sheet {ws.title!r}, row {vcell.row}, column {vcell.column_letter}"
        if key not in known:
            raise WorkbookError(
                f"{source}: sheet {ws.title!r}, row {vcell.row}, column "
                f"{letter(cols['setting'])}: unknown setting {key!r}",
                sheet=ws.title,
                row=vcell.row,
                column=letter(cols["setting"]),
            )
        origin.places[tuple(key.split("."))] = (ws.title, vcell.row, vcell.column_letter)
        if value is None:
            continue
        if key in YES_NO_SETTINGS:
            flag = yes_no(value)
            if flag is None:
                raise WorkbookError(
                    f"{where} ({key}): write yes or no (got {value!r})",
                    sheet=ws.title,
                    row=vcell.row,
                    column=vcell.column_letter,
                )
            if key == "intervention.own_episodes":
                own = flag
            else:
                set_path(data, key, flag)
            continue
        if key in JSON_SETTINGS or key in LEGACY_JSON_SETTINGS:
            try:
                value = json.loads(str(value))
            except json.JSONDecodeError as exc:
                raise WorkbookError(
                    f"{where} ({key}): not valid JSON: {exc.msg}",
                    sheet=ws.title,
                    row=vcell.row,
                    column=vcell.column_letter,
                ) from None
        if key in LEGACY_JSON_SETTINGS:
            legacy[key] = (value, (ws.title, vcell.row, vcell.column_letter))
            continue
        set_path(data, key, value)
    return own


def _read_table(ws: Any, table: Table, source: str) -> Rows:
    cols = _columns(ws, table.fields, source)
    rows = Rows(ws.title, cols=cols)
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        rec: dict[str, Any] = {}
        for name, j in cols.items():
            value = _value(row[j - 1], source)
            if value is not None:
                rec[name] = value
        if not rec:
            continue  # an empty row
        rows.recs.append(rec)
        rows.lines.append(row[0].row)
    return rows


def read_scenario_xlsx(path: str | Path) -> Scenario:
    """Read a scenario workbook (see :func:`write_scenario_xlsx`) into a
    :class:`Scenario`; :class:`WorkbookError` names sheet, row and column."""
    from openpyxl import load_workbook

    p = check_file(path, what="scenario", error=ScenarioError)
    source = str(p)
    try:
        wb = load_workbook(p, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile/KeyError/... for a broken file
        raise ScenarioError(f"{p}: not a readable .xlsx workbook ({exc})") from None
    sheets = _sheet_keys(wb)
    if SETTINGS not in sheets:
        raise WorkbookError(
            f"{source}: no sheet named 'Settings' (or 'Inställningar'); "
            f"the workbook has {', '.join(wb.sheetnames)}",
            sheet="",
        )
    data: dict[str, Any] = {}
    origin = Origin()
    legacy: Legacy = {}
    own = _read_settings(sheets[SETTINGS], source, data, origin, legacy)
    tagged: dict[str, Rows] = {}
    for table in TABLES:
        ws = sheets.get(table.key)
        if ws is None:
            continue
        rows = _read_table(ws, table, source)
        if table.key in TAGGED:
            tagged[table.key] = rows
        elif table.key == "Uncertainty":
            _uncertainty(rows, data, source, origin)
        elif rows.recs:
            for k in range(len(rows.recs)):
                origin.put((*table.path, k), rows, k)
            set_path(data, ".".join(table.path), rows.recs)
    groups = sheets.get(SUBGROUPS.key)
    subgroups = _read_table(groups, SUBGROUPS, source) if groups is not None else None
    assemble_population(data, legacy, subgroups, source, origin)
    alt_ws = sheets.get(ALTERNATIVES.key)
    alts = _read_table(alt_ws, ALTERNATIVES, source) if alt_ws is not None else None
    assemble_interventions(data, legacy, alts, tagged, own, source, origin)
    off_ws = sheets.get(OFFENCES.key)
    offences = _read_table(off_ws, OFFENCES, source) if off_ws is not None else None
    assemble_offences(data, legacy, offences, source, origin)
    data.setdefault("status_quo", {})
    data.setdefault("intervention", {})
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise _located(exc, source, origin) from None


def _uncertainty(rows: Rows, data: dict[str, Any], source: str, origin: Origin) -> None:
    unc: dict[str, dict[str, Any]] = {}
    for k, rec in enumerate(rows.recs):
        where = (rows.sheet, rows.lines[k], "")
        if "parameter" not in rec or "field" not in rec:
            raise WorkbookError(
                f"{source}: sheet {where[0]!r}, row {where[1]}: an uncertainty row "
                "needs a parameter and a field",
                sheet=where[0],
                row=where[1],
            )
        value = rec.get("value")
        if isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(json.JSONDecodeError):
                value = json.loads(value)
        unc.setdefault(str(rec["parameter"]), {})[str(rec["field"])] = value
        origin.places[("uncertainty", str(rec["parameter"]))] = where
    if unc:
        data["uncertainty"] = unc


def _located(exc: ValidationError, source: str, origin: Origin) -> WorkbookError:
    lines = []
    first: tuple[str, int, str] | None = None
    seen: set[tuple[tuple[str, int, str], str, str]] = set()
    for err in exc.errors():
        loc = tuple(err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        got = err.get("input")
        shown = "" if isinstance(got, dict | list) or got is None else f" (got {got!r})"
        field = ".".join(str(x) for x in loc) or "(top level)"
        hit = origin.find(loc)
        if hit is None:
            lines.append(f"{source}: {field}: {msg}{shown}")
            continue
        said = (hit, f"{loc[-1] if loc else ''}: {msg}", shown)
        if said in seen:
            continue  # one cell shared by several entries (a chain's inputs): said once
        seen.add(said)
        first = first or hit
        sheet, row, column = hit
        place = f"sheet {sheet!r}, row {row}" + (f", column {column}" if column else "")
        lines.append(f"{source}: {place} ({field}): {msg}{shown}")
    if first is None:
        return WorkbookError("\n".join(lines))
    sheet, row, column = first
    return WorkbookError("\n".join(lines), sheet=sheet, row=row, column=column)
