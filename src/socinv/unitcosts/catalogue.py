"""The unit-cost catalogue: sourced Swedish unit costs, who pays them, rebasing.

Each row of ``data/unit_costs_se.csv`` is a :class:`UnitCost`: a value in SEK
per unit (a care day, a visit, a year) in a stated price year, with the payer
(or payer split) that bears it, its kind (resource, transfer, production), a
source and an evidence label. A municipality can load its own CSV of local
unit costs and merge it over the shipped catalogue; every item keeps the file
it came from.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from socinv._data import data_path
from socinv.errors import DataFileError, PriceYearError, UnknownItemError
from socinv.payers import PAYERS, CostKind, Payer, parse_payer
from socinv.readers import read_csv
from socinv.unitcosts.cpi import CPI, load_cpi
from socinv.unitcosts.grading import Grade
from socinv.unitcosts.series import load_wage_index
from socinv.unitcosts.splits import SOCIETY, parse_payer_split

if TYPE_CHECKING:
    import pandas as pd

Evidence = Literal[
    "verified_primary",
    "verified_mirror",
    "verified_primary_year_unknown",
    "quoted_secondary",
    "derived",
    "assumption",
    "local",
    "unspecified",
]

#: Sectors a catalogue row may belong to.
SECTORS: tuple[str, ...] = (
    "social_services",
    "school",
    "health",
    "justice",
    "labour_market",
    "social_insurance",
    "production",
    "crime_victims",
    "rescue_services",
    "intervention",
)

REQUIRED_COLUMNS: tuple[str, ...] = (
    "id",
    "name_sv",
    "value_sek",
    "unit",
    "price_year",
    "payer",
    "kind",
    "source",
)
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "name_en",
    "sector",
    "agency",
    "url",
    "evidence",
    "low_sek",
    "high_sek",
    "note",
    "grade",
    "published_estimate",
    "offence",
    "recipient",
    "index",
)
ALL_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class RowFieldError(ValueError):
    """A check across columns of one row, naming the column to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class UnitCost(BaseModel):
    """One catalogue item: SEK per ``unit`` in ``price_year`` prices.

    ``payer`` maps payers to their shares of the cost (summing to 1); it is
    ``None`` for ``production`` items, whose split to payers is the tax wedge.
    ``origin`` names the file the row came from; ``original_value_sek`` and
    ``original_price_year`` keep the published figure after rebasing.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name_sv: Annotated[str, Field(min_length=1)]
    name_en: str = ""
    value_sek: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    unit: Annotated[str, Field(min_length=1)]
    price_year: Annotated[int, Field(ge=1900, le=2100)]
    payer: dict[Payer, float] | None
    kind: CostKind
    sector: str = ""
    agency: str = ""
    source: Annotated[str, Field(min_length=1)]
    url: str = ""
    evidence: Evidence = "unspecified"
    low_sek: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    high_sek: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    note: str = ""
    grade: Grade | None = None
    published_estimate: str = ""
    offence: str = ""
    recipient: Payer | None = None
    #: ``wage``: rebased with the wage index (wages, production values); blank: the CPI
    index: Literal["cpi", "wage"] | None = None
    origin: str = ""
    original_value_sek: float | None = None
    original_price_year: int | None = None

    @field_validator("id")
    @classmethod
    def _check_id(cls, v: str) -> str:
        if not _ID_RE.match(v):
            raise ValueError(
                f"id {v!r} must be lowercase ascii letters, digits and underscores, "
                "starting with a letter (e.g. 'hvb_barn_dygn')"
            )
        return v

    @field_validator("payer", mode="before")
    @classmethod
    def _parse_payer(cls, v: object) -> object:
        if isinstance(v, str):
            return None if v.strip().lower() == SOCIETY else parse_payer_split(v)
        return v

    @field_validator("published_estimate", "offence")
    @classmethod
    def _check_key(cls, v: str) -> str:
        if v and not _ID_RE.match(v):
            raise ValueError(f"{v!r} must be a snake_case key (e.g. 'gatuvaldets_ekonomi_2012')")
        return v

    @field_validator("recipient", mode="before")
    @classmethod
    def _parse_recipient(cls, v: object) -> object:
        return parse_payer(v) if isinstance(v, str) else v

    @field_validator("sector")
    @classmethod
    def _check_sector(cls, v: str) -> str:
        if v and v not in SECTORS:
            raise ValueError(f"unknown sector {v!r}; expected one of {', '.join(SECTORS)}")
        return v

    @field_validator("source")
    @classmethod
    def _check_source(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("every unit cost needs a source (write 'assumption: ...' if none)")
        return v

    @model_validator(mode="after")
    def _check_consistency(self) -> UnitCost:
        if self.kind is CostKind.PRODUCTION:
            if self.payer is not None:
                raise RowFieldError(
                    "payer", "production items take payer 'society' (the tax wedge splits them)"
                )
        elif self.payer is None:
            raise RowFieldError(
                "payer", f"payer 'society' is only for production items, not {self.kind.value}"
            )
        elif self.kind is CostKind.TRANSFER and self.receiver in self.payer:
            raise RowFieldError(
                "payer",
                f"a transfer is paid to {self.receiver.value!r} (column recipient); "
                "its payer must be someone else",
            )
        if self.recipient is not None and self.kind is not CostKind.TRANSFER:
            raise RowFieldError(
                "recipient", f"recipient is only for transfers, not {self.kind.value} items"
            )
        if (self.low_sek is None) != (self.high_sek is None):
            missing = "high_sek" if self.high_sek is None else "low_sek"
            raise RowFieldError(missing, "give both low_sek and high_sek, or neither")
        if (
            self.low_sek is not None
            and self.high_sek is not None
            and not (self.low_sek <= self.value_sek <= self.high_sek)
        ):
            bad = "low_sek" if self.low_sek > self.value_sek else "high_sek"
            raise RowFieldError(
                bad,
                f"expected low_sek <= value_sek <= high_sek, got "
                f"{self.low_sek} <= {self.value_sek} <= {self.high_sek}",
            )
        return self

    @property
    def receiver(self) -> Payer:
        """Who receives a transfer: ``recipient``, or the individual if not given."""
        return self.recipient if self.recipient is not None else Payer.INDIVIDUAL

    @property
    def label(self) -> str:
        """Swedish name with the id, as analysts see it."""
        return f"{self.name_sv} [{self.id}]"

    def rebased(self, cpi: CPI, price_year: int) -> UnitCost:
        """This item in ``price_year`` prices (keeps the published figure)."""
        f = (load_wage_index() if self.index == "wage" else cpi).factor(self.price_year, price_year)
        return self.model_copy(
            update={
                "value_sek": self.value_sek * f,
                "low_sek": None if self.low_sek is None else self.low_sek * f,
                "high_sek": None if self.high_sek is None else self.high_sek * f,
                "price_year": price_year,
                "original_value_sek": self.original_value_sek
                if self.original_value_sek is not None
                else self.value_sek,
                "original_price_year": self.original_price_year
                if self.original_price_year is not None
                else self.price_year,
            }
        )


def _blank_to_none(row: dict[str, str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for k, v in row.items():
        v = (v or "").strip()
        if k in ("low_sek", "high_sek", "grade", "recipient"):
            out[k] = v or None
        elif v or k in REQUIRED_COLUMNS:
            out[k] = v
    return out


def read_unit_costs_csv(path: str | Path) -> list[UnitCost]:
    """Read and validate a unit-cost CSV; raise :class:`DataFileError` naming the
    file, line and column of the first problem."""
    path = Path(path)
    numeric = ("value_sek", "low_sek", "high_sek")
    with read_csv(path, what="unit-cost", numeric=numeric) as table:
        header = table.header
        twice = sorted({c for c in header if header.count(c) > 1})
        if twice:
            raise DataFileError(
                path, f"column(s) {twice} appear more than once in the header", line=1
            )
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise DataFileError(
                path,
                f"missing column(s) {missing}; required: {list(REQUIRED_COLUMNS)}",
                line=1,
            )
        unknown = [c for c in header if c not in ALL_COLUMNS]
        if unknown:
            raise DataFileError(
                path, f"unknown column(s) {unknown}; allowed: {list(ALL_COLUMNS)}", line=1
            )
        items: list[UnitCost] = []
        seen: dict[str, int] = {}
        for line, row in table:
            if all(not (v or "").strip() for v in row.values()):
                raise DataFileError(path, "empty row; remove it", line=line)
            data = _blank_to_none(row)
            data["origin"] = str(path)
            try:
                item = UnitCost.model_validate(data)
            except ValidationError as exc:
                err = exc.errors()[0]
                col = str(err["loc"][0]) if err["loc"] else None
                cause = err.get("ctx", {}).get("error")
                if isinstance(cause, RowFieldError):
                    col = cause.field
                got = row.get(col, "") if col else ""
                msg = err["msg"].removeprefix("Value error, ")
                raise DataFileError(path, f"{msg} (got {got!r})", line=line, column=col) from None
            if item.id in seen:
                raise DataFileError(
                    path,
                    f"id {item.id!r} already defined on line {seen[item.id]}",
                    line=line,
                    column="id",
                )
            seen[item.id] = line
            items.append(item)
    if not items:
        raise DataFileError(path, "no unit-cost rows")
    return items


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c)
    )


class Catalogue:
    """An immutable set of unit costs keyed by id.

    ``price_year`` is ``None`` while values are as published (each in its own
    price year) and the analysis year after :meth:`rebased`.
    """

    def __init__(
        self,
        items: Iterable[UnitCost],
        *,
        cpi: CPI | None = None,
        price_year: int | None = None,
        overridden: Mapping[str, str] | None = None,
    ) -> None:
        self._items: dict[str, UnitCost] = {}
        for it in items:
            if it.id in self._items:
                raise ValueError(f"duplicate unit-cost id {it.id!r}")
            self._items[it.id] = it
        self.cpi = cpi if cpi is not None else load_cpi()
        self.price_year = price_year
        #: id -> origin of the row that a merge replaced
        self.overridden: dict[str, str] = dict(overridden or {})

    # --- access -----------------------------------------------------------
    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[UnitCost]:
        return iter(self._items.values())

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._items

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._items)

    def get(self, item_id: str, *, where: str = "") -> UnitCost:
        """The item with this id; :class:`UnknownItemError` with close matches otherwise."""
        try:
            return self._items[item_id]
        except KeyError:
            close = difflib.get_close_matches(item_id, self._items, n=3, cutoff=0.6)
            raise UnknownItemError(item_id, where=where, suggestions=close) from None

    __getitem__ = get

    def search(self, text: str) -> pd.DataFrame:
        """The items whose id, names, unit, sector, agency or note contain every
        word of ``text`` (case and accent insensitive: 'lakare' finds
        'läkare'), one row each as in :meth:`to_frame` (SEK in each row's
        price year). :meth:`find` gives the items themselves."""
        ids = [it.id for it in self.find(text)]
        df = self.to_frame()
        return df[df["id"].isin(ids)].reset_index(drop=True)

    def find(self, text: str) -> list[UnitCost]:
        """The items :meth:`search` lists, as :class:`UnitCost` objects."""
        words = _fold(text).split()
        hits = []
        for it in self._items.values():
            hay = _fold(
                " ".join([it.id, it.name_sv, it.name_en, it.unit, it.sector, it.agency, it.note])
            )
            if all(w in hay for w in words):
                hits.append(it)
        return hits

    # --- transformations ---------------------------------------------------
    def rebased(self, price_year: int) -> Catalogue:
        """A copy with every value in ``price_year`` prices (CPI/KPI)."""
        self.cpi.value(price_year)  # clear error before touching items
        rebased = []
        for it in self._items.values():
            try:
                rebased.append(it.rebased(self.cpi, price_year))
            except PriceYearError as exc:
                raise PriceYearError(
                    f"item {it.id!r} ({it.price_year} prices, from {it.origin}): {exc}"
                ) from None
        return Catalogue(
            rebased,
            cpi=self.cpi,
            price_year=price_year,
            overridden=self.overridden,
        )

    def merge(
        self, other: Catalogue | Sequence[UnitCost], *, prefer: Literal["other", "self"] = "other"
    ) -> Catalogue:
        """Combine with ``other`` (e.g. a municipality's local unit costs).

        Items only in one side are kept; for an id in both, ``prefer`` decides
        which row wins (default: ``other``, the local file). The replaced
        row's origin is recorded in :attr:`overridden`.
        """
        others = list(other)
        merged = dict(self._items)
        overridden = dict(self.overridden)
        for it in others:
            if it.id in merged:
                if prefer == "other":
                    overridden[it.id] = merged[it.id].origin
                    merged[it.id] = it
                else:
                    overridden[it.id] = it.origin
            else:
                merged[it.id] = it
        cat = Catalogue(merged.values(), cpi=self.cpi, overridden=overridden)
        return cat if self.price_year is None else cat.rebased(self.price_year)

    def with_items(self, items: Iterable[UnitCost]) -> Catalogue:
        """A copy with extra items added (ids must be new)."""
        return Catalogue(
            [*self._items.values(), *items],
            cpi=self.cpi,
            price_year=self.price_year,
            overridden=self.overridden,
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per item: id, names, value (SEK), unit, price year, payer split,
        kind, sector, agency, source, url, evidence, bounds, note, grade, origin
        (:func:`socinv.unitcosts.frame.items_frame`)."""
        from socinv.unitcosts.frame import items_frame

        return items_frame(self._items.values())


def payer_shares_vector(item: UnitCost) -> list[float]:
    """The item's payer shares in :data:`socinv.payers.PAYERS` order (zeros for
    production items, whose split comes from the tax wedge)."""
    shares = item.payer or {}
    return [shares.get(p, 0.0) for p in PAYERS]


def load_catalogue(
    path: str | Path | None = None,
    *,
    extra: Sequence[str | Path] = (),
    price_year: int | None = None,
    cpi: CPI | None = None,
) -> Catalogue:
    """Load the shipped catalogue (or ``path``), merge each ``extra`` CSV over it
    in order (later files win), and rebase to ``price_year`` if given."""
    cpi = cpi if cpi is not None else load_cpi()
    base_items = _shipped_items() if path is None else tuple(read_unit_costs_csv(path))
    cat = Catalogue(base_items, cpi=cpi)
    for p in extra:
        cat = cat.merge(read_unit_costs_csv(p))
    return cat if price_year is None else cat.rebased(price_year)


@lru_cache(maxsize=1)
def _shipped_items() -> tuple[UnitCost, ...]:
    return tuple(read_unit_costs_csv(data_path("unit_costs_se.csv")))
