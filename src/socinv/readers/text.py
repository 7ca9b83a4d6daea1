"""Reading a text input file: the size limit and the encoding (UTF-8 with or
without a byte-order mark; Windows-1252 when unambiguous, with a warning)."""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from socinv.errors import DataFileError, InputWarning, SocinvError

#: largest input file read, in bytes (20 MiB)
MAX_FILE_BYTES = 20 * 1024 * 1024
#: deepest nesting of mappings and lists in a YAML or JSON file
MAX_NESTING = 50

ErrorType = Callable[[str], SocinvError]
#: how a reader reports a problem: a function of the message (``file, line N:
#: message``), a :class:`DataFileError` class (file, message, line), or
#: ``None`` for :class:`DataFileError` itself
ErrorSpec = ErrorType | type[DataFileError] | None
Loc = tuple[str | int, ...]


def _where(path: str | Path, line: int | None) -> str:
    return f"{path}, line {line}" if line is not None else str(path)


def _fail(error: ErrorSpec, path: str | Path, msg: str, line: int | None = None) -> SocinvError:
    """The error to raise: :class:`DataFileError` (or the given subclass) for
    CSV files, else ``error`` with the same ``file, line N: message`` shape."""
    if error is None:
        return DataFileError(path, msg, line=line)
    if isinstance(error, type) and issubclass(error, DataFileError):
        return error(path, msg, line=line)
    make = cast("ErrorType", error)
    return make(f"{_where(path, line)}: {msg}")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Control characters no report, table or workbook can show (tab, line feed
#: and carriage return are fine; the set Excel refuses): refused in any input
#: text, with its line, and in any text of a scenario, with its field.
UNSHOWABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def unshowable_at(value: Any) -> tuple[str, str] | None:
    """The path (``""``, ``[2]``, ``.key``) of the first text in ``value``
    (nested dicts, lists, tuples) that holds a control character of
    :data:`UNSHOWABLE`, and that character; ``None`` if there is none.

    Example:
        >>> unshowable_at({"a": ["ok", "b\\x08"]})
        ('.a[1]', '\\x08')
    """
    if isinstance(value, str):
        m = UNSHOWABLE.search(value)
        return ("", m.group()) if m else None
    if isinstance(value, dict):
        for k, v in value.items():
            for part, x in ((f".{k}", v), ("", k)):
                found = unshowable_at(x)
                if found is not None:
                    return part + found[0], found[1]
        return None
    if isinstance(value, list | tuple):
        for i, v in enumerate(value):
            found = unshowable_at(v)
            if found is not None:
                return f"[{i}]{found[0]}", found[1]
    return None


def decode(data: bytes, path: str | Path, error: ErrorSpec = None) -> str:
    """Bytes of a text file as ``str``: UTF-8 (a byte-order mark is dropped), or
    Windows-1252 with an :class:`InputWarning` when the bytes are not UTF-8 but
    are plain Windows-1252 text; otherwise an error naming the encoding to use."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        raise _fail(
            error,
            path,
            "the file is not text in UTF-8 (it looks like UTF-16 or a binary file); "
            "save it as UTF-8 (in Excel: 'CSV UTF-8')",
        )
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = ""
        if not text or _CONTROL.search(text):
            raise _fail(
                error,
                path,
                f"byte 0x{data[exc.start]:02x} is neither UTF-8 nor Windows-1252 text; "
                "save the file as UTF-8 (in Excel: 'CSV UTF-8')",
                line,
            ) from None
        warnings.warn(
            f"{path}: not UTF-8 (first at line {line}); read as Windows-1252, the encoding "
            "Excel uses on Swedish Windows. Save it as UTF-8 to be sure of å, ä and ö.",
            InputWarning,
            stacklevel=3,
        )
        return text
    if "\x00" in text:
        raise _fail(error, path, "the file contains NUL bytes; save it as UTF-8 text")
    bad = UNSHOWABLE.search(text)
    if bad:
        raise _fail(
            error,
            path,
            f"the text holds a control character ({bad.group()!r}) that no report or "
            "workbook can show; remove it",
            text.count("\n", 0, bad.start()) + 1,
        )
    return text


def read_text(path: str | Path, *, what: str, error: ErrorSpec = None) -> str:
    """Read a text input file through the size and encoding checks.

    ``what`` names the file in messages ("scenario", "unit-cost"); ``error``
    builds the exception from ``file, line N: message``, or is a
    :class:`DataFileError` subclass (default: :class:`DataFileError`).

    Example:
        >>> from socinv._data import data_path
        >>> read_text(data_path("kpi_se.csv"), what="CPI").startswith("year")
        True
    """
    p = check_file(path, what=what, error=error)
    return decode(p.read_bytes(), p, error)


def check_file(path: str | Path, *, what: str, error: ErrorSpec = None) -> Path:
    """``path`` as a :class:`Path` if it is a file within :data:`MAX_FILE_BYTES`
    (text or a workbook); else the error naming the file."""
    p = Path(path)
    if not p.is_file():
        raise _fail(error, p, f"{what} file not found")
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _fail(
            error,
            p,
            f"the {what} file is {size / 2**20:.1f} MiB; the limit is "
            f"{MAX_FILE_BYTES // 2**20} MiB",
        )
    return p
