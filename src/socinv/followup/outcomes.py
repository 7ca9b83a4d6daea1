"""Observed outcomes (utfall): the follow-up file and its validation.

A follow-up file holds **aggregated counts only** — never personal data —
for each calendar year and group of a scenario, one row per episode::

    year,group,group_size,episode,persons,units
    2016,participants,60,hvb,41,5310
    2016,comparison,55,hvb,44,6600

Columns (CSV; ``.xlsx`` with the same header on its first sheet):

``year``
    calendar year, inside the scenario's horizon (``start_year`` ..
    ``start_year + horizon_years - 1``).
``group``
    ``participants`` (those who received the intervention) or
    ``comparison`` (a comparison group without it). Without comparison rows
    the realised savings are measured against the forecast's status quo.
``group_size``
    persons followed in the group that year (the same on every row of a year
    and group; may fall with attrition).
``episode``
    a status-quo episode id of the scenario (``socinv params SCENARIO``
    lists them as ``episode.status_quo.<id>.probability``).
``persons`` / ``persons_without``
    persons *with* the episode in the year (e.g. in HVB, outside work), or,
    instead, persons *without* it (e.g. in work, with a diploma); give
    exactly one of the two.
``units``
    the episode's total volume that year in the catalogue item's unit (days,
    visits, months, household-years, events): 0 when ``persons`` is 0.

Lines starting with ``#`` are comments (a note on where the counts come
from). Every year that a group appears in needs a row for each episode the
scenario expects at that age; an episode outside its ages may only be given
as 0. Anything else — an unknown column (especially one that looks like a
personal identifier), an unknown episode, a negative count, more persons in
an episode than in the group, a value that looks like a personnummer — is a
:class:`FollowupError` naming the file, line and column. Nothing is guessed.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from socinv.errors import DataFileError
from socinv.readers import check_file, read_csv
from socinv.scenarios.compile import G_SQ, Model

GROUPS = ("participants", "comparison")
COLUMNS = ("year", "group", "group_size", "episode", "persons", "persons_without", "units")
REQUIRED = ("year", "group", "group_size", "episode", "units")
#: Units where a person cannot have more than this many in a year.
MAX_PER_PERSON = {"dygn": 366.0, "dag": 366.0, "månad": 12.0, "år": 1.0}

#: Column names that suggest personal data (refused whatever else the file holds).
_PERSONAL = re.compile(
    r"person_?nr|personnummer|pnr|ssn|social_?security|samordningsnummer|namn|^name$|"
    r"first_?name|last_?name|f[öo]delse|birth|adress|address|e-?post|email|telefon|phone",
    re.IGNORECASE,
)
#: A Swedish personal identity number (YYMMDD-NNNN, YYYYMMDDNNNN and variants).
_PNR = re.compile(r"^\s*(\d{2})?\d{6}[-+]?\d{4}\s*$")
_PNR_IN_TEXT = re.compile(r"\b(\d{2})?\d{6}[-+]?\d{4}\b")

Count = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]


class FollowupError(DataFileError):
    """A follow-up file or follow-up data is invalid: names the file, line
    (1-based, counting the header and comments) and column."""


class OutcomeRow(BaseModel):
    """One validated row of a follow-up file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    year: Annotated[int, Field(ge=1900, le=2200)]
    group: Literal["participants", "comparison"]
    group_size: Annotated[float, Field(gt=0.0, allow_inf_nan=False)]
    episode: Annotated[str, Field(min_length=1)]
    persons: Count | None = None
    persons_without: Count | None = None
    units: Count

    @model_validator(mode="after")
    def _counts(self) -> OutcomeRow:
        if (self.persons is None) == (self.persons_without is None):
            raise ValueError("give exactly one of persons and persons_without")
        return self

    @property
    def persons_with(self) -> float:
        if self.persons is not None:
            return self.persons
        assert self.persons_without is not None
        return self.group_size - self.persons_without


@dataclass(frozen=True)
class ObservedOutcomes:
    """Validated observed counts of one scenario.

    ``table``: one row per ``year, group, episode`` with ``group_size``,
    ``persons`` (with the episode) and ``units``; ``source`` names the file.
    """

    scenario: str
    table: pd.DataFrame
    source: str

    @property
    def years(self) -> tuple[int, ...]:
        """Observed calendar years of the participants, ascending."""
        t = self.table
        return tuple(sorted(int(y) for y in t.loc[t["group"] == "participants", "year"].unique()))

    @property
    def has_comparison(self) -> bool:
        return bool((self.table["group"] == "comparison").any())

    def group_sizes(self, group: str) -> dict[int, float]:
        t = self.table[self.table["group"] == group]
        first = t.groupby("year")["group_size"].first()
        return {int(str(y)): float(s) for y, s in first.items()}

    def upto(self, last_year: int) -> ObservedOutcomes:
        """The same follow-up with only the years up to ``last_year``."""
        t = self.table[self.table["year"] <= last_year].reset_index(drop=True)
        return ObservedOutcomes(self.scenario, t, self.source)


def _fail(source: str, line: int | None, column: str | None, message: str) -> FollowupError:
    return FollowupError(source, message, line=line, column=column)


def _check_header(source: str, header: list[str]) -> list[str]:
    cols = [h.strip().lstrip("\ufeff").lower() for h in header]
    for c in cols:
        if _PERSONAL.search(c):
            raise _fail(
                source,
                None,
                c,
                "looks like personal data; a follow-up file takes aggregated counts per "
                "year and group only (remove the column)",
            )
    unknown = [c for c in cols if c and c not in COLUMNS and c != "note"]
    if unknown:
        raise _fail(source, None, unknown[0], f"unknown column; expected {', '.join(COLUMNS)}")
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        raise _fail(source, None, missing[0], "required column is missing")
    if "persons" not in cols and "persons_without" not in cols:
        raise _fail(source, None, "persons", "give a persons or a persons_without column")
    return cols


def _parse_rows(
    source: str, records: Iterable[tuple[int, Mapping[str, object]]]
) -> list[tuple[int, OutcomeRow]]:
    out: list[tuple[int, OutcomeRow]] = []
    for line, rec in records:
        data: dict[str, object] = {}
        for k, v in rec.items():
            text = "" if v is None else str(v).strip()
            if _PNR.match(text) or (k in ("note", "") and _PNR_IN_TEXT.search(text)):
                raise _fail(
                    source,
                    line,
                    k or None,
                    "looks like a personal identity number (personnummer); the file takes "
                    "aggregated counts only",
                )
            if not k and text:
                raise _fail(
                    source, line, None, f"value {text!r} in a column without a name in the header"
                )
            if k == "note" or not k:
                continue
            if text != "":
                data[k] = text.lower() if k == "group" else text
        try:
            row = OutcomeRow.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            col = str(err["loc"][0]) if err["loc"] else None
            raise _fail(source, line, col, _plain(err)) from None
        out.append((line, row))
    return out


def _plain(err: Mapping[str, object]) -> str:
    msg = str(err["msg"]).removeprefix("Value error, ")
    if err.get("type") == "missing":
        return "value is missing"
    if err.get("type") == "literal_error":
        return f"must be one of {', '.join(GROUPS)}, got {err.get('input')!r}"
    return f"{msg} (got {err.get('input')!r})" if "input" in err else msg


def read_rows_csv(path: str | Path) -> list[tuple[int, OutcomeRow]]:
    """Rows of a follow-up CSV with their 1-based line numbers (read through
    :func:`socinv.readers.read_csv`: size and encoding checks, ``,`` or ``;``;
    lines starting with ``#`` are comments)."""
    source = str(path)
    table = read_csv(
        path,
        what="follow-up",
        comment="#",
        exact=True,
        error=FollowupError,
        on_header=lambda header: _check_header(source, header),
    )
    cols = _check_header(source, table.header)
    records: list[tuple[int, Mapping[str, object]]] = [
        (line, {c: row.get(h, "") for c, h in zip(cols, table.header, strict=True)})
        for line, row in table
    ]
    return _parse_rows(source, records)


def read_rows_xlsx(path: str | Path) -> list[tuple[int, OutcomeRow]]:
    """Rows of the first sheet of a follow-up workbook (needs openpyxl)."""
    p = check_file(path, what="follow-up", error=FollowupError)
    source = str(p)
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - the excel extra
        raise _fail(
            source, None, None, "reading .xlsx needs: pip install 'socinv[excel]'"
        ) from None
    try:
        ws = load_workbook(p, read_only=True, data_only=True).worksheets[0]
    except (zipfile.BadZipFile, KeyError, ValueError, IndexError) as exc:
        raise _fail(source, None, None, f"not a readable .xlsx workbook ({exc})") from None
    rows = [(i + 1, r) for i, r in enumerate(ws.iter_rows(values_only=True))]
    rows = [
        (i, r)
        for i, r in rows
        if any(c not in (None, "") for c in r) and not str(r[0] or "").startswith("#")
    ]
    if not rows:
        raise _fail(source, None, None, "no header row: the sheet is empty")
    cols = _check_header(source, [str(c or "") for c in rows[0][1]])
    records: list[tuple[int, Mapping[str, object]]] = []
    for i, r in rows[1:]:
        if any(c not in (None, "") for c in r[len(cols) :]):
            raise _fail(source, i, None, f"cells beyond the header's {len(cols)} columns")
        cells = [*r, *([None] * (len(cols) - len(r)))]
        records.append((i, {c: _cell(v) for c, v in zip(cols, cells, strict=False)}))
    return _parse_rows(source, records)


def _cell(v: object) -> object:
    """An Excel cell as text: whole numbers stored as floats lose their '.0'."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def load_outcomes(path: str | Path, model: Model) -> ObservedOutcomes:
    """Read and validate a follow-up file (``.csv`` or ``.xlsx``) against a
    compiled scenario.

    Example:
        >>> import socinv
        >>> from socinv.followup import load_outcomes
        >>> model = socinv.compile_scenario(
        ...     socinv.load_scenario("data/contracts/norrkoping_hvb_scenario.yaml"))
        >>> obs = load_outcomes("data/followup/norrkoping_followup_example.csv", model)
        >>> obs.years
        (2016, 2017, 2018)
    """
    p = Path(path)
    rows = read_rows_xlsx(p) if p.suffix.lower() == ".xlsx" else read_rows_csv(p)
    return outcomes_from_rows(rows, model, str(p))


def outcomes_from_frame(df: pd.DataFrame, model: Model, source: str = "<data>") -> ObservedOutcomes:
    """Validate a DataFrame with the file's columns (line numbers count as in
    a CSV file with one header line).

    Example:
        >>> import pandas as pd, socinv
        >>> model = socinv.compile_scenario(
        ...     socinv.load_scenario("data/contracts/norrkoping_hvb_scenario.yaml"))
        >>> df = pd.DataFrame({"year": [2016] * 3, "group": ["participants"] * 3,
        ...     "group_size": [60] * 3, "episode": ["hvb", "sis", "investigation"],
        ...     "persons": [40, 70, 20], "units": [5000, 300, 20]})
        >>> outcomes_from_frame(df, model, "my table")
        Traceback (most recent call last):
        ...
        socinv.followup.outcomes.FollowupError: my table, line 3, column 'persons': 70 ...
    """
    cols = _check_header(source, [str(c) for c in df.columns])
    records = [
        (i + 2, {c: ("" if pd.isna(v) else v) for c, v in zip(cols, r, strict=True)})
        for i, r in enumerate(df.itertuples(index=False))
    ]
    return outcomes_from_rows(_parse_rows(source, records), model, source)


def outcomes_from_rows(
    rows: list[tuple[int, OutcomeRow]], model: Model, source: str
) -> ObservedOutcomes:
    """Check parsed rows against the scenario (years, episodes, ages, sizes,
    completeness) and build :class:`ObservedOutcomes`."""
    sc = model.scenario
    first, last = int(model.years[0]), int(model.years[-1])
    sq = {r.episode: e for e, r in enumerate(model.rows) if r.group == G_SQ}
    unit = {r.episode: model.catalogue.get(r.item).unit for r in model.rows if r.group == G_SQ}
    if not rows:
        raise _fail(source, None, None, "no data rows")
    seen: dict[tuple[int, str, str], int] = {}
    sizes: dict[tuple[int, str], tuple[float, int]] = {}
    records = []
    for line, r in rows:
        if not first <= r.year <= last:
            raise _fail(
                source,
                line,
                "year",
                f"{r.year} is outside the scenario's years {first}..{last} "
                f"({sc.name}, horizon {sc.horizon_years} years)",
            )
        if r.episode not in sq:
            raise _fail(
                source,
                line,
                "episode",
                f"{r.episode!r} is not an episode of scenario {sc.name!r}; known: "
                f"{', '.join(sorted(sq))}",
            )
        key = (r.year, r.group, r.episode)
        if key in seen:
            raise _fail(
                source, line, "episode", f"given twice for {r.year} {r.group} (line {seen[key]})"
            )
        seen[key] = line
        size = sizes.setdefault((r.year, r.group), (r.group_size, line))
        if size[0] != r.group_size:
            raise _fail(
                source,
                line,
                "group_size",
                f"{r.group_size:g} differs from {size[0]:g} on line {size[1]} for the same "
                f"year and group",
            )
        persons = r.persons_with
        col = "persons" if r.persons is not None else "persons_without"
        if persons > r.group_size or persons < 0:
            raise _fail(
                source,
                line,
                col,
                f"{persons:g} persons with episode {r.episode!r} but the group has "
                f"{r.group_size:g} persons",
            )
        if persons == 0 and r.units > 0:
            raise _fail(source, line, "units", f"{r.units:g} units but no person has the episode")
        if persons > 0 and r.units == 0:
            raise _fail(source, line, "units", f"0 units for {persons:g} persons with the episode")
        cap = MAX_PER_PERSON.get(unit[r.episode])
        if cap is not None and r.units > cap * persons + 1e-9:
            raise _fail(
                source,
                line,
                "units",
                f"{r.units:g} {unit[r.episode]} for {persons:g} persons is more than "
                f"{cap:g} per person in a year",
            )
        t = r.year - sc.start_year
        if persons > 0 and model.mask[sq[r.episode], t] == 0:
            row = model.rows[sq[r.episode]]
            raise _fail(
                source,
                line,
                "persons",
                f"the scenario has episode {r.episode!r} at ages {row.from_age}-{row.to_age} only; "
                f"{r.year} is age {sc.start_age + t}, so the count must be 0",
            )
        records.append(
            {
                "year": r.year,
                "group": r.group,
                "group_size": r.group_size,
                "episode": r.episode,
                "persons": persons,
                "units": r.units,
                "line": line,
            }
        )
    for (year, group), (_, line) in sorted(sizes.items()):
        t = year - sc.start_year
        for name, e in sq.items():
            if model.mask[e, t] > 0 and (year, group, name) not in seen:
                raise _fail(
                    source,
                    line,
                    "episode",
                    f"no row for episode {name!r} in {year} ({group}); the scenario expects it at "
                    f"age {sc.start_age + t} — give 0 persons if none had it",
                )
    part = {y for (y, g) in sizes if g == "participants"}
    comp = {y for (y, g) in sizes if g == "comparison"}
    if not part:
        raise _fail(source, None, "group", "no participants rows")
    if comp and comp != part:
        y = min(comp ^ part)
        raise _fail(
            source,
            None,
            "group",
            f"the comparison group must cover the participants' years; {y} is in one only",
        )
    table = pd.DataFrame(records).sort_values(["group", "year", "episode"]).reset_index(drop=True)
    table["persons"] = table["persons"].astype(float)
    table["units"] = table["units"].astype(float)
    return ObservedOutcomes(sc.name, table, source)


def expected_outcomes(
    model: Model,
    years: Iterable[int],
    group_size: float,
    overrides: Mapping[str, float] | None = None,
    *,
    comparison: bool = True,
) -> pd.DataFrame:
    """The counts the forecast expects (a follow-up table with the file's
    columns): participants from the intervention arm, the comparison group
    from the status quo, for ``group_size`` persons each year, at the base
    values with ``overrides`` (e.g. a true effect for synthetic data).

    Persons with an episode are ``group_size x probability x`` the effect on
    the risk (relative risk, drop-off); units are the cost formula's volume
    (``cost / unit cost``), so the quantity factor acts on units per person.

    Example:
        >>> import socinv
        >>> model = socinv.compile_scenario(
        ...     socinv.load_scenario("data/contracts/norrkoping_hvb_scenario.yaml"))
        >>> t = expected_outcomes(model, [2016], 60.0)
        >>> sis = t[(t["group"] == "participants") & (t["episode"] == "sis")]
        >>> round(float(sis["persons"].iloc[0]), 6)  # 60 x 0.2 x relative risk 0.8
        9.6
    """
    from socinv.followup.bokslut import forecast_counts

    counts = forecast_counts(model, list(years), group_size, overrides)
    groups = ["participants", "comparison"] if comparison else ["participants"]
    out = counts[counts["group"].isin(groups)].copy()
    out["group_size"] = float(group_size)
    return out.loc[:, ["year", "group", "group_size", "episode", "persons", "units"]].reset_index(
        drop=True
    )
