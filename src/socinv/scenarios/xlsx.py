"""Scenarios as Excel workbooks: a template analysts fill in (instructions,
settings, population subgroups, interventions, status-quo episodes,
intervention costs, effects, events, offences, production losses,
uncertainty; catalogue items and offence types as validated drop-down
lists) and a reader that turns the workbook into the same
:class:`~socinv.scenarios.models.Scenario` as a YAML file, with errors naming
file, sheet, row and column. The population and several interventions have
sheets of their own (:mod:`socinv.scenarios.xlsx_blocks`), and so do the
offences priced along the justice chain (:mod:`socinv.scenarios.xlsx_offences`).

Sheets are found by position of their header row's field names (the words
before them may be in Swedish or English): every column header ends with the
field name in parentheses, e.g. ``Sannolikhet (probability)``. Values are read
as values (``data_only``); text is written as text, never as a formula.

Example:
    >>> import tempfile, pathlib
    >>> from socinv.scenarios.io import load_scenario
    >>> sc = load_scenario("data/scenarios/foster_care_school_support.yaml")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_scenario_xlsx(sc, pathlib.Path(tmp) / "s.xlsx", lang="sv")
    ...     read_scenario_xlsx(path) == sc
    True
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from socinv.errors import OutputError, ScenarioError
from socinv.i18n import translator
from socinv.justice.chain import OFFENCE_TYPES
from socinv.readers.text import UNSHOWABLE
from socinv.scenarios.models import Scenario
from socinv.scenarios.xlsx_blocks import (
    alternative_rows,
    population_rows,
    population_setting,
    tagged_rows,
)
from socinv.scenarios.xlsx_layout import (
    ALTERNATIVES,
    HEADER_ROW,
    INSTRUCTIONS,
    JSON_SETTINGS,
    LISTS,
    OFFENCES,
    PAYERS,
    POPULATION_SETTINGS,
    SCALAR_SETTINGS,
    SETTINGS,
    SEXES,
    SUBGROUPS,
    TABLES,
    TAGGED,
    TIMINGS,
    Table,
    WorkbookError,
    field_words,
    get_path,
    sheet_names,
)
from socinv.scenarios.xlsx_offences import offence_rows
from socinv.scenarios.xlsx_read import read_scenario_xlsx

__all__ = [
    "TABLES",
    "WorkbookError",
    "read_scenario_xlsx",
    "write_scenario_xlsx",
]


def _instructions(lang: str) -> list[str]:
    _ = translator(lang)
    return [
        _("socinv scenario workbook"),
        "",
        _(
            "Fill in the sheets and run: socinv run <this file>.xlsx (or socinv report ... "
            "--lang sv). Every command that takes a scenario file takes this workbook."
        ),
        _(
            "Settings: one value per row (the scenario's name, ages, years, price year, "
            "discount rate). Money is SEK in the price year's prices."
        ),
        _(
            "Status quo episodes: what happens without the intervention — a catalogue item "
            "(choose from the list), the quantity a year, the probability and the ages."
        ),
        _(
            "Intervention costs: the intervention's own cost per person, either an amount "
            "a year (with payer and price year) or a quantity of a catalogue item."
        ),
        _(
            "Timing: an intervention cost is paid at the start of each year unless you write "
            "mid or end in its timing column; every other cost falls as the setting "
            "discounting.convention says (end of year by default)."
        ),
        _(
            "Effects: how the intervention changes a status-quo episode (relative risk, "
            "quantity factor, ages, fading a year). Intervention episodes: instead of effects, "
            "the intervention arm's own trajectory (set intervention.own_episodes to yes)."
        ),
        _(
            "Status quo events: a cost per event, either a yearly rate over an age span or one "
            "event at a given age. Production losses: lost work priced from the wage index "
            "and employment by age."
        ),
        _(
            "Offences: one row per offence type and age band — the offence type (choose from "
            "the list), offences a year from an age to an age (or one at an age), the steps of "
            "the justice chain to price (police, prosecution, court, remand, prison, probation, "
            "victim; separated by commas, empty for all) and each step's probability and days. "
            "Rows with the same shared chain name share its step inputs: give them on the "
            "chain's first row and leave them empty on the others (see "
            "docs/cohort_cost_of_exclusion.md)."
        ),
        _(
            "Population: the settings population.count (persons) or population.birth_year "
            "(births that year times population.share) give the cohort; the sheet Population "
            "subgroups splits it, one row per subgroup with persons or a share, start age, sex "
            "and mortality hazard ratio (see docs/cohort_cost_of_exclusion.md). Leave both "
            "empty to use cohort_size."
        ),
        _(
            "Several interventions: one row per intervention on the sheet Interventions (id, "
            "label); each row of Intervention costs, Effects and Intervention episodes names "
            "its intervention's id in the column Intervention. With one intervention, leave "
            "that sheet and that column empty."
        ),
        _(
            "Uncertainty: one row per parameter and field, e.g. parameter unit_cost.x, "
            "field dist, value pert; see docs/uncertainty.md."
        ),
        _(
            "Keep the header rows: each header ends with the field name in parentheses. "
            "Empty cells take the default. Errors name the sheet, row and column."
        ),
    ]


def _settings_rows(data: dict[str, Any], own_episodes: bool) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key in SCALAR_SETTINGS:
        if key == "intervention.own_episodes":
            rows.append((key, "yes" if own_episodes else "no"))
            continue
        value = get_path(data, key)
        rows.append((key, value))
    rows += [(key, population_setting(data, key)) for key in POPULATION_SETTINGS]
    for key in JSON_SETTINGS:
        value = get_path(data, key)
        rows.append((key, None if value is None else json.dumps(value, ensure_ascii=False)))
    return rows


def _put(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write a value; text stays text even if it starts with '=' (never a formula)."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        if UNSHOWABLE.search(value):
            raise OutputError(
                f"sheet {ws.title!r}, cell {cell.coordinate}: the text {value!r} holds a "
                "control character a workbook cannot store; remove it from the scenario"
            )
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _header(ws: Any, fields: Sequence[str], lang: str, table: str = "") -> None:
    from openpyxl.styles import Font, PatternFill

    words = field_words(lang, table)
    for j, name in enumerate(fields, start=1):
        cell = _put(ws, HEADER_ROW, j, f"{words.get(name, name)} ({name})")
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        ws.column_dimensions[cell.column_letter].width = max(14, len(str(cell.value)) + 2)
    ws.freeze_panes = "A2"


def _uncertainty_rows(unc: dict[str, dict[str, Any]]) -> list[tuple[str, str, Any]]:
    rows = []
    for name, spec in unc.items():
        for key, value in spec.items():
            shown = json.dumps(value) if isinstance(value, list | dict) else value
            rows.append((name, key, shown))
    return rows


def write_scenario_xlsx(
    scenario: Scenario | None,
    path: str | Path,
    *,
    lang: str = "en",
    items: Iterable[str] | None = None,
) -> Path:
    """Write ``scenario`` (or, with ``None``, an empty template) as a scenario
    workbook in ``lang``; ``items`` are the catalogue ids offered in the
    drop-down lists (default: the shipped catalogue's)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from socinv.formatting import check_lang

    names = sheet_names(check_lang(lang))
    _ = translator(lang)
    p = Path(path)
    if p.suffix.lower() != ".xlsx":
        raise ScenarioError(f"{p}: a scenario workbook needs the suffix .xlsx")
    if items is None:
        from socinv.unitcosts import load_catalogue

        items = [it.id for it in load_catalogue()]
    item_ids = sorted(set(items))
    data: dict[str, Any] = (
        scenario.model_dump(mode="json", exclude_defaults=True) if scenario is not None else {}
    )
    own = scenario is not None and scenario.intervention.episodes is not None
    wb = Workbook()
    ws = wb.active
    ws.title = names[INSTRUCTIONS]
    for i, line in enumerate(_instructions(lang), start=1):
        _put(ws, i, 1, line)
    ws.column_dimensions["A"].width = 120
    ws["A1"].font = Font(bold=True, size=14)

    ws = wb.create_sheet(names[SETTINGS])
    _header(ws, ("setting", "value"), lang)
    for i, (key, value) in enumerate(_settings_rows(data, own), start=2):
        _put(ws, i, 1, key)
        if value is not None:
            _put(ws, i, 2, value)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 80

    lists = wb.create_sheet(names[LISTS])
    _put(lists, 1, 1, "item")
    for i, item in enumerate(item_ids, start=2):
        _put(lists, i, 1, item)
    _put(lists, 1, 2, "offence")
    for i, kind in enumerate(OFFENCE_TYPES, start=2):
        _put(lists, i, 2, kind)
    lists.sheet_state = "hidden"
    item_range = f"'{lists.title}'!$A$2:$A${max(2, len(item_ids) + 1)}"
    offence_range = f"'{lists.title}'!$B$2:$B${len(OFFENCE_TYPES) + 1}"

    sheets: list[tuple[Table, Sequence[Sequence[Any]]]] = [
        (SUBGROUPS, population_rows(data)),
        (ALTERNATIVES, alternative_rows(data)),
    ]
    for table in TABLES:
        if table.key == "Uncertainty":
            rows: Sequence[Sequence[Any]] = _uncertainty_rows(data.get("uncertainty", {}))
        elif table.key in TAGGED:
            rows = tagged_rows(data, table.key, table.fields)
        else:
            rows = [
                [rec.get(f) for f in table.fields]
                for rec in (get_path(data, ".".join(table.path)) or [])
            ]
        sheets.append((table, rows))
        if table.key == "Status quo events":
            sheets.append((OFFENCES, offence_rows(data)))
    for table, rows in sheets:
        ws = wb.create_sheet(names[table.key])
        _header(ws, table.fields, lang, table.key)
        for i, row in enumerate(rows, start=2):
            for j, value in enumerate(row, start=1):
                if value is not None:
                    _put(ws, i, j, value)
        last = max(len(rows) + 1, 200)
        lists_of = {
            "item": f"={item_range}",
            "offence": f"={offence_range}",
            "payer": '"' + ",".join(PAYERS) + '"',
            "sex": '"' + ",".join(SEXES) + '"',
            "timing": '"' + ",".join(TIMINGS) + '"',
            "own_episodes": '"yes,no,ja,nej"',
        }
        for name, formula in lists_of.items():
            if name not in table.fields:
                continue
            dv = DataValidation(type="list", formula1=formula, allow_blank=True)
            if name == "item":
                dv.error = _("Choose an item of the catalogue (socinv catalogue).")
                dv.showErrorMessage = True
            elif name == "offence":
                dv.error = _("Choose an offence type of the list.")
                dv.showErrorMessage = True
            letter = ws.cell(row=1, column=table.fields.index(name) + 1).column_letter
            dv.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(dv)
    p.parent.mkdir(parents=True, exist_ok=True)
    wb.save(p)
    return p
