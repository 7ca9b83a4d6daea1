"""The population and the interventions of a scenario workbook: rows of the
sheets *Population subgroups* and *Interventions* and the intervention column
of the cost, effect and episode sheets, turned into the scenario's
``population:`` and ``interventions:`` blocks (reading) and back (writing).

Older workbooks held both blocks as JSON text in a settings cell; that still
reads, as long as the same block is not also given on the new sheets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from socinv.scenarios.xlsx_layout import (
    ALTERNATIVES,
    POPULATION_SETTINGS,
    SUBGROUPS,
    TABLES,
    TAGGED,
    WorkbookError,
    get_path,
)

_SEX_WORDS = {"män": "men", "kvinnor": "women", "alla": "all"}
_YES = ("yes", "ja", "true", "1", "y", "j")
_NO = ("no", "nej", "false", "0", "n")


@dataclass
class Rows:
    """The filled rows of one sheet: each row's values by field, its row
    number in the sheet and the column number of each field."""

    sheet: str
    recs: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    cols: dict[str, int] = field(default_factory=dict)


@dataclass
class Origin:
    """Where each scenario field path came from (for error messages)."""

    places: dict[tuple[str | int, ...], tuple[str, int, str]] = field(default_factory=dict)

    def find(self, loc: tuple[str | int, ...]) -> tuple[str, int, str] | None:
        for n in range(len(loc), 0, -1):
            hit = self.places.get(tuple(loc[:n]))
            if hit is not None:
                return hit
        return None

    def put(self, path: tuple[str | int, ...], rows: Rows, k: int) -> None:
        """Record that ``path`` is row ``k`` of ``rows`` (and each field its cell)."""
        line = rows.lines[k]
        self.places[path] = (rows.sheet, line, "")
        for name, j in rows.cols.items():
            self.places[(*path, name)] = (rows.sheet, line, letter(j))


def letter(column: int) -> str:
    """Excel's column letter of a 1-based column number."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def cell_error(source: str, rows: Rows, k: int, name: str, message: str) -> WorkbookError:
    """An error naming the file, sheet, row and column of field ``name`` of row ``k``."""
    line = rows.lines[k]
    col = letter(rows.cols[name]) if name in rows.cols else ""
    place = f"sheet {rows.sheet!r}, row {line}" + (f", column {col}" if col else "")
    return WorkbookError(
        f"{source}: {place} ({name}): {message}", sheet=rows.sheet, row=line, column=col
    )


def yes_no(value: Any) -> bool | None:
    """``True``/``False`` for yes/no (ja/nej, true/false, 1/0); ``None`` otherwise."""
    word = str(value).strip().lower()
    return True if word in _YES else False if word in _NO else None


def sex_word(value: Any) -> Any:
    """The life table's sex (men, women, all) for a Swedish or English word."""
    return _SEX_WORDS.get(str(value).strip().lower(), value)


# --- reading ---------------------------------------------------------------------------


def assemble_population(
    data: dict[str, Any],
    legacy: dict[str, tuple[Any, tuple[str, int, str]]],
    subgroups: Rows | None,
    source: str,
    origin: Origin,
) -> None:
    """Put the population block together from the ``population.*`` settings
    (already in ``data``), the subgroup rows, or an older workbook's JSON cell."""
    given = get_path(data, "population")
    if subgroups is not None and subgroups.recs:
        for k, rec in enumerate(subgroups.recs):
            if "sex" in rec:
                rec["sex"] = sex_word(rec["sex"])
            origin.put(("population", "subgroups", k), subgroups, k)
        given = given if isinstance(given, dict) else {}
        given["subgroups"] = subgroups.recs
        data["population"] = given
    if "population" in legacy:
        value, (sheet, row, column) = legacy["population"]
        if given is not None:
            raise WorkbookError(
                f"{source}: sheet {sheet!r}, row {row}, column {column} (population): the "
                "population is given twice, as JSON text here and in the population settings "
                f"or on the sheet {SUBGROUPS.key!r}; keep one (empty this cell to use the sheets)",
                sheet=sheet,
                row=row,
                column=column,
            )
        data["population"] = value
        origin.places[("population",)] = (sheet, row, column)
    elif isinstance(data.get("population"), dict):
        pop = data["population"]
        if "sex" in pop:
            pop["sex"] = sex_word(pop["sex"])
        first = origin.places.get(("population", "count"))
        if first is not None:
            origin.places[("population",)] = first


def assemble_interventions(
    data: dict[str, Any],
    legacy: dict[str, tuple[Any, tuple[str, int, str]]],
    alternatives: Rows | None,
    tagged: dict[str, Rows],
    own: bool,
    source: str,
    origin: Origin,
) -> None:
    """Put the intervention(s) together: the rows of the cost, effect and
    episode sheets go to the intervention their (intervention) column names
    (a row of the sheet *Interventions*), or, with that sheet empty, to the
    one intervention of the settings."""
    alts = alternatives.recs if alternatives is not None else []
    if "interventions" in legacy:
        value, (sheet, row, column) = legacy["interventions"]
        if alts:
            raise WorkbookError(
                f"{source}: sheet {sheet!r}, row {row}, column {column} (interventions): the "
                f"interventions are given twice, as JSON text here and on the sheet "
                f"{ALTERNATIVES.key!r}; keep one (empty this cell to use the sheets)",
                sheet=sheet,
                row=row,
                column=column,
            )
        data["interventions"] = value
        origin.places[("interventions",)] = (sheet, row, column)
    if not alts:
        _single(data, tagged, own, source, origin)
        return
    assert alternatives is not None
    _no_single_settings(data, own, alternatives.sheet, source, origin)
    order: dict[str, int] = {}
    built: list[dict[str, Any]] = []
    for k, rec in enumerate(alts):
        if "id" not in rec:
            raise cell_error(source, alternatives, k, "id", "an intervention needs an id")
        aid = str(rec["id"])
        if aid in order:
            raise cell_error(source, alternatives, k, "id", f"the id {aid!r} is used twice")
        order[aid] = k
        alt: dict[str, Any] = {"id": aid}
        for name in ("label", "note"):
            if name in rec:
                alt[name] = rec[name]
        own_alt = yes_no(rec.get("own_episodes", "no"))
        if own_alt is None:
            raise cell_error(
                source,
                alternatives,
                k,
                "own_episodes",
                f"write yes or no (got {rec['own_episodes']!r})",
            )
        if own_alt:
            alt["episodes"] = []
        origin.put(("interventions", k), alternatives, k)
        built.append(alt)
    for key in TAGGED:
        rows = tagged.get(key)
        if rows is None:
            continue
        name = _table_path(key)[-1]
        for m, rec in enumerate(rows.recs):
            aid = rec.pop("intervention", None)
            if aid is None:
                raise cell_error(
                    source,
                    rows,
                    m,
                    "intervention",
                    f"name the intervention of this row (one of {', '.join(order)}, the ids "
                    f"on the sheet {alternatives.sheet!r})",
                )
            if str(aid) not in order:
                raise cell_error(
                    source,
                    rows,
                    m,
                    "intervention",
                    f"no intervention {aid!r} on the sheet {alternatives.sheet!r} "
                    f"(it has {', '.join(order)})",
                )
            a = order[str(aid)]
            if name == "episodes" and "episodes" not in built[a]:
                raise cell_error(
                    source,
                    rows,
                    m,
                    "intervention",
                    f"intervention {aid!r} has own episodes only with own_episodes = yes "
                    f"on the sheet {alternatives.sheet!r}",
                )
            target = built[a].setdefault(name, [])
            origin.put(("interventions", a, name, len(target)), rows, m)
            target.append(rec)
    data["interventions"] = built


def _no_single_settings(
    data: dict[str, Any], own: bool, sheet: str, source: str, origin: Origin
) -> None:
    """With several interventions, the one intervention's settings stay empty."""
    given = [*(data.get("intervention") or {}), *(["own_episodes"] if own else [])]
    if not given:
        return
    key = f"intervention.{given[0]}"
    where, row, column = origin.places.get(tuple(key.split(".")), ("", 0, ""))
    raise WorkbookError(
        f"{source}: sheet {where!r}, row {row}, column {column} ({key}): the sheet {sheet!r} "
        "lists several interventions; leave the settings intervention.label, "
        "intervention.note and intervention.own_episodes empty (give each intervention's "
        f"label and note on the sheet {sheet!r})",
        sheet=where,
        row=row,
        column=column,
    )


def _table_path(key: str) -> tuple[str, ...]:
    return next(t.path for t in TABLES if t.key == key)


def _single(
    data: dict[str, Any], tagged: dict[str, Rows], own: bool, source: str, origin: Origin
) -> None:
    for key in TAGGED:
        rows = tagged.get(key)
        if rows is None or not rows.recs:
            continue
        path = _table_path(key)
        for m, rec in enumerate(rows.recs):
            if rec.pop("intervention", None) is not None:
                raise cell_error(
                    source,
                    rows,
                    m,
                    "intervention",
                    f"the sheet {ALTERNATIVES.key!r} lists no interventions; leave this column "
                    "empty for the one intervention of the settings, or list the interventions "
                    "there",
                )
            origin.put((*path, m), rows, m)
        if path[-1] == "episodes" and not own:
            raise cell_error(
                source,
                rows,
                0,
                "id",
                "the intervention's own episodes are read only with the setting "
                "intervention.own_episodes = yes",
            )
        data.setdefault("intervention", {})[path[-1]] = rows.recs
    if own:
        data.setdefault("intervention", {}).setdefault("episodes", [])


# --- writing ---------------------------------------------------------------------------


def population_rows(data: dict[str, Any]) -> list[list[Any]]:
    """The subgroup rows of the dumped scenario ``data``."""
    groups = get_path(data, "population.subgroups") or []
    return [[g.get(f) for f in SUBGROUPS.fields] for g in groups]


def alternative_rows(data: dict[str, Any]) -> list[list[Any]]:
    """One row per intervention of ``interventions:`` (id, label, own episodes, note)."""
    out = []
    for alt in data.get("interventions") or []:
        own = "yes" if alt.get("episodes") is not None else None
        out.append([alt.get("id"), alt.get("label"), own, alt.get("note")])
    return out


def tagged_rows(data: dict[str, Any], key: str, fields: tuple[str, ...]) -> list[list[Any]]:
    """Rows of an intervention sheet: the one intervention's, or every
    alternative's with its id in the (intervention) column."""
    name = _table_path(key)[-1]
    recs: list[dict[str, Any]] = []
    if data.get("interventions"):
        for alt in data["interventions"]:
            recs += [{**r, "intervention": alt["id"]} for r in alt.get(name) or []]
    else:
        recs = list(get_path(data, f"intervention.{name}") or [])
    return [[r.get(f) for f in fields] for r in recs]


def population_setting(data: dict[str, Any], key: str) -> Any:
    """The value of a ``population.*`` setting, yes/no for a flag."""
    assert key in POPULATION_SETTINGS
    value = get_path(data, key)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value
