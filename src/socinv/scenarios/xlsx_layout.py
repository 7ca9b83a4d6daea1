"""The layout of a scenario workbook, shared by the writer
(:mod:`socinv.scenarios.xlsx`) and the reader (:mod:`socinv.scenarios.xlsx_read`):
sheets, their fields and the names they carry in each language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from socinv.errors import ScenarioError
from socinv.i18n import translator

#: Settings written as JSON text in their cell (lists and mappings).
JSON_SETTINGS: Final = (
    "discounting.schedule",
    "tax_wedge",
    "catalogue.extra",
    "metadata",
)
#: Settings that older workbooks held as JSON text; read, never written (the
#: population, the interventions and the offences now have sheets of their own).
LEGACY_JSON_SETTINGS: Final = ("population", "interventions", "status_quo.offences")
#: The population block's own values (its subgroups are a sheet).
POPULATION_SETTINGS: Final = (
    "population.count",
    "population.birth_year",
    "population.share",
    "population.sex",
    "population.inflow_years",
    "population.mortality.enabled",
    "population.mortality.hazard_ratio",
)
#: Settings holding yes or no.
YES_NO_SETTINGS: Final = ("intervention.own_episodes", "population.mortality.enabled")
SCALAR_SETTINGS: Final = (
    "name",
    "title",
    "description",
    "start_age",
    "horizon_years",
    "start_year",
    "price_year",
    "cohort_size",
    "discounting.rate",
    "discounting.convention",
    "discounting.base_year",
    "status_quo.label",
    "intervention.label",
    "intervention.note",
    "intervention.own_episodes",
)
_EPISODE_FIELDS: Final = ("id", "item", "quantity", "probability", "from_age", "to_age", "note")


@dataclass(frozen=True)
class Table:
    """A sheet of rows: its key (English, also the sheet's name in English),
    the scenario path its rows go to and the fields of a row."""

    key: str
    path: tuple[str, ...]
    fields: tuple[str, ...]


#: The row sheets of a scenario workbook, in order.
TABLES: Final = (
    Table("Status quo episodes", ("status_quo", "episodes"), _EPISODE_FIELDS),
    Table(
        "Intervention costs",
        ("intervention", "costs"),
        (
            "intervention",
            "id",
            "amount_sek",
            "price_year",
            "payer",
            "item",
            "quantity",
            "from_age",
            "to_age",
            "timing",
            "note",
        ),
    ),
    Table(
        "Effects",
        ("intervention", "effects"),
        (
            "intervention",
            "id",
            "episode",
            "relative_risk",
            "quantity_factor",
            "from_age",
            "to_age",
            "dropoff",
            "note",
        ),
    ),
    Table(
        "Intervention episodes", ("intervention", "episodes"), ("intervention", *_EPISODE_FIELDS)
    ),
    Table(
        "Status quo events",
        ("status_quo", "events"),
        ("id", "item", "rate", "from_age", "to_age", "at_age", "probability", "note"),
    ),
    Table(
        "Production losses",
        ("status_quo", "production"),
        (
            "id",
            "probability",
            "from_age",
            "to_age",
            "employment",
            "earnings",
            "real_wage_growth",
            "note",
        ),
    ),
    Table("Uncertainty", ("uncertainty",), ("parameter", "field", "value")),
)
#: One row per subgroup of the population block.
SUBGROUPS: Final = Table(
    "Population subgroups",
    ("population", "subgroups"),
    ("id", "count", "share", "start_age", "sex", "hazard_ratio"),
)
#: One row per intervention of ``interventions:``; its costs, effects and own
#: episodes are rows of the intervention sheets naming it in (intervention).
ALTERNATIVES: Final = Table(
    "Interventions", ("interventions",), ("id", "label", "own_episodes", "note")
)
#: One row per entry of ``status_quo.offences`` (an offence priced along the
#: justice chain); the step inputs are columns, ``steps`` a comma-separated list.
OFFENCES: Final = Table(
    "Offences",
    ("status_quo", "offences"),
    (
        "id",
        "offence",
        "rate",
        "from_age",
        "to_age",
        "at_age",
        "steps",
        "chain",
        "p_reported",
        "p_cleared",
        "p_prosecuted",
        "p_court",
        "p_remand",
        "remand_days",
        "p_prison",
        "prison_days",
        "p_probation",
        "probation_days",
        "note",
    ),
)
#: The sheets whose rows belong to an intervention.
TAGGED: Final = ("Intervention costs", "Effects", "Intervention episodes")
SEXES: Final = ("men", "women", "all")
SETTINGS: Final = "Settings"
INSTRUCTIONS: Final = "Instructions"
LISTS: Final = "Lists"
HEADER_ROW: Final = 1
FIELD_IN_HEADER = re.compile(r"\(([a-z_.]+)\)\s*$")
PAYERS: Final = ("municipality", "region", "state", "individual", "other")
TIMINGS: Final = ("start", "mid", "end")


class WorkbookError(ScenarioError):
    """A scenario workbook is invalid: names the file, sheet, row and column."""

    def __init__(
        self, message: str, *, sheet: str = "", row: int | None = None, column: str = ""
    ) -> None:
        super().__init__(message)
        self.sheet, self.row, self.column = sheet, row, column


def sheet_names(lang: str) -> dict[str, str]:
    _ = translator(lang)
    return {
        INSTRUCTIONS: _("Instructions"),
        SETTINGS: _("Settings"),
        "Population subgroups": _("Population subgroups"),
        "Interventions": _("Interventions"),
        "Status quo episodes": _("Status quo episodes"),
        "Intervention costs": _("Intervention costs"),
        "Effects": _("Effects"),
        "Intervention episodes": _("Intervention episodes"),
        "Status quo events": _("Status quo events"),
        "Offences": _("Offences"),
        "Production losses": _("Production losses"),
        "Uncertainty": _("Uncertainty"),
        LISTS: _("Lists"),
    }


def field_words(lang: str, table: str = "") -> dict[str, str]:
    """Header words by field; ``table`` (a sheet's key) picks its own words
    where a field means something else there (the rate of the *Offences* sheet)."""
    _ = translator(lang)
    if table == OFFENCES.key:
        return {**field_words(lang), **offence_words(lang)}
    return {
        "id": _("Id"),
        "item": _("Catalogue item"),
        "quantity": _("Quantity a year"),
        "probability": _("Probability"),
        "from_age": _("From age"),
        "to_age": _("To age"),
        "note": _("Note"),
        "amount_sek": _("Amount a year (SEK)"),
        "price_year": _("Price year"),
        "payer": _("Payer"),
        "timing": _("Paid in the year (start, mid or end)"),
        "episode": _("Status-quo episode"),
        "relative_risk": _("Relative risk"),
        "quantity_factor": _("Quantity factor"),
        "dropoff": _("Fading a year"),
        "rate": _("Events a year"),
        "at_age": _("At age"),
        "employment": _("Employment (peers or full)"),
        "earnings": _("Earnings (average or profile)"),
        "real_wage_growth": _("Real wage growth a year"),
        "parameter": _("Parameter"),
        "field": _("Field"),
        "value": _("Value"),
        "setting": _("Setting"),
        "explanation": _("Explanation"),
        "intervention": _("Intervention (id; empty with one intervention)"),
        "label": _("Label"),
        "own_episodes": _("Own episodes (yes/no)"),
        "count": _("Persons"),
        "share": _("Share"),
        "start_age": _("Start age"),
        "sex": _("Sex (men, women or all)"),
        "hazard_ratio": _("Mortality hazard ratio"),
    }


def offence_words(lang: str) -> dict[str, str]:
    """Header words of the columns of the *Offences* sheet."""
    _ = translator(lang)
    return {
        "offence": _("Offence type"),
        "rate": _("Offences a year"),
        "steps": _("Steps of the justice chain, empty for all"),
        "chain": _("Shared chain name"),
        "p_reported": _("Probability reported"),
        "p_cleared": _("Probability cleared to a person"),
        "p_prosecuted": _("Probability of a lagföring"),
        "p_court": _("Probability decided in court"),
        "p_remand": _("Probability remanded"),
        "remand_days": _("Days in remand"),
        "p_prison": _("Probability of prison"),
        "prison_days": _("Days in prison"),
        "p_probation": _("Probability of supervision"),
        "probation_days": _("Days of supervision"),
    }


def get_path(data: dict[str, Any], dotted: str) -> Any:
    cur: Any = data
    for part in dotted.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def set_path(data: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    cur = data
    for part in parts[:-1]:
        cur = cur.setdefault(part, {})
    cur[parts[-1]] = value
