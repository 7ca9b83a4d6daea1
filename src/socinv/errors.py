"""Exceptions socinv raises. Every message names the file, row, field or item at
fault and what was expected, so an analyst can fix the input."""

from __future__ import annotations

from pathlib import Path


class SocinvError(Exception):
    """Base class of every error socinv raises on bad input."""


class DataFileError(SocinvError, ValueError):
    """A data file (CSV) is malformed: names the file, line, column and problem."""

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        where = self.path
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")


class UnknownItemError(SocinvError, KeyError):
    """A unit-cost item id that the catalogue does not hold."""

    def __init__(self, item: str, *, where: str = "", suggestions: list[str] | None = None) -> None:
        self.item = item
        msg = f"unknown unit-cost item {item!r}"
        if where:
            msg = f"{where}: {msg}"
        if suggestions:
            msg += f"; did you mean: {', '.join(suggestions)}?"
        else:
            msg += "; list the items with `socinv catalogue` or Catalogue.search()"
        super().__init__(msg)

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class PriceYearError(SocinvError, ValueError):
    """Rebasing to or from a year the CPI series does not hold."""


class ScenarioError(SocinvError, ValueError):
    """A scenario file or model is invalid: names the file and the field path."""


class OffenceChainError(ScenarioError):
    """An offence entry's justice chain cannot be priced from the catalogue
    (a step without a row for the offence type): names the file and field."""


class OutsideFolderError(ScenarioError):
    """A file a scenario names (``catalogue.extra``) lies outside the scenario
    file's folder tree and every allowed root: names the file and the field."""


class ParameterError(SocinvError, KeyError):
    """An unknown parameter name or a value outside its allowed range."""

    def __str__(self) -> str:
        return str(self.args[0])


class OutputError(SocinvError, ValueError):
    """An output cannot be written as asked (e.g. more rows than an Excel sheet
    holds); nothing is written."""


class InputWarning(UserWarning):
    """An input was read, but not as written: e.g. a file in Windows-1252 rather
    than UTF-8. The CLI prints it as one ``socinv: warning:`` line."""
