"""Reading CSV input files (unit costs, CPI, parameters, series, follow-up
counts): delimiter, field size, decimal commas, comment lines and line numbers."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from socinv.errors import DataFileError
from socinv.readers.text import read_text

#: longest CSV field, in characters (1 MiB; Python's own default is 128 KiB)
CSV_FIELD_LIMIT = 1024 * 1024

_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d[\d \u00a0]*,\d+\s*$")


@dataclass(frozen=True)
class CsvTable:
    """A CSV file read by :func:`read_csv`: ``header`` and ``rows`` as
    ``(line, {column: text})`` pairs, ``line`` counted from 1."""

    path: Path
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    delimiter: str

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return iter(self.rows)

    def __enter__(self) -> CsvTable:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def sniff_delimiter(first_line: str) -> str:
    """``;`` when the header line has more semicolons than commas (Excel with
    Swedish settings), else ``,``."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


def read_csv(
    path: str | Path,
    *,
    what: str,
    numeric: Sequence[str] = (),
    comment: str | None = None,
    exact: bool = False,
    error: type[DataFileError] = DataFileError,
    on_header: Callable[[list[str]], object] | None = None,
) -> CsvTable:
    """Read a CSV input file through :func:`read_text`; ``error`` (a
    :class:`DataFileError`) names the file and line. Columns in ``numeric``
    may not use a decimal comma. Lines starting with ``comment`` are skipped;
    with ``exact`` every row must have as many fields as the header;
    ``on_header`` checks the header before any row is read.

    Example:
        >>> from socinv._data import data_path
        >>> t = read_csv(data_path("kpi_se.csv"), what="CPI", numeric=["kpi_1980_100"])
        >>> t.header[:2], t.rows[0][0]
        (['year', 'kpi_1980_100'], 2)
    """
    p = Path(path)
    text = read_text(p, what=what, error=error)
    if comment is not None:  # blank the comment lines: line numbers stay as in the file
        text = "\n".join("" if ln.startswith(comment) else ln for ln in text.split("\n"))
    if comment is None:
        first = text.split("\n", 1)[0]
    else:
        first = next((ln for ln in text.split("\n") if ln.strip()), "")
    delimiter = sniff_delimiter(first)
    old = csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        while True:
            start = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                msg = str(exc)
                if "field larger than field limit" in msg:
                    msg = (
                        f"a field is longer than {CSV_FIELD_LIMIT:,} characters "
                        "(a missing closing quote?)"
                    )
                raise error(p, f"not a valid CSV row: {msg}", line=start) from None
            if header is None:
                if not record and comment is not None:
                    continue  # a comment (or blank) line before the header
                header = [h.strip() for h in record]
                if on_header is not None:
                    on_header(header)
                continue
            if not record:
                continue  # a blank line
            if exact and len(record) < len(header):
                raise error(
                    p, f"row has {len(record)} fields, header has {len(header)}", line=start
                )
            if len(record) > len(header):
                hint = (
                    "; a number with a decimal comma, or a text with a comma that is not "
                    'in "quotes"?'
                    if delimiter == ","
                    else ""
                )
                raise error(
                    p,
                    f"row has {len(record)} fields, header has {len(header)}{hint}",
                    line=start,
                )
            row = dict(zip(header, record, strict=False))
            for col in numeric:
                value = row.get(col, "")
                if _DECIMAL_COMMA.match(value):
                    fixed = value.strip().replace(",", ".").replace(" ", "").replace("\u00a0", "")
                    raise error(
                        p,
                        f"{value.strip()!r} has a decimal comma; write {fixed} "
                        "(a decimal point, no thousands separator)",
                        line=start,
                        column=col,
                    )
            rows.append((start, row))
    finally:
        csv.field_size_limit(old)
    if header is None:
        raise error(p, f"the {what} file is empty (no header line)")
    return CsvTable(p, header, rows, delimiter)
