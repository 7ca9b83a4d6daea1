"""Writing outputs safely: all or nothing, and no text that a spreadsheet runs.

* :class:`OutputFolder` stages every file of one command in a temporary folder
  beside the target and moves them into place only when all were written, so
  a failing step (a sheet too large for Excel, a missing extra) leaves no
  half-written set of files behind.
* :func:`neutralise` turns text that Excel or LibreOffice would read as a
  formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return) into plain text by prefixing an apostrophe; the CSV writer and the
  workbook cell writer use it.
* :func:`web_url` keeps only ``http``/``https`` addresses for links in HTML.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import pandas as pd

#: first characters that make a spreadsheet cell a formula (or DDE call)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def neutralise(value: T) -> T | str:
    """``value`` unchanged unless it is text a spreadsheet would run as a
    formula; then the same text behind an apostrophe.

    Example:
        >>> neutralise("=HYPERLINK(\\"http://x\\")")
        '\\'=HYPERLINK("http://x")'
        >>> neutralise("Skolfam"), neutralise(-3.5)
        ('Skolfam', -3.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with :func:`neutralise` applied to every text cell and
    column name (numbers are left as numbers)."""
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(neutralise)
    out.columns = [neutralise(c) for c in out.columns]
    return out


def web_url(url: str) -> str | None:
    """``url`` if it is an ``http``/``https`` address (safe as a link in HTML),
    else ``None`` (``javascript:``, ``data:``, ``file:`` … are shown as text).

    Example:
        >>> web_url("https://www.scb.se/kpi"), web_url("javascript:alert(3)")
        ('https://www.scb.se/kpi', None)
    """
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return text
    return None


def write_csv(df: pd.DataFrame, path: Path, **options: Any) -> Path:
    """Write one table as CSV (no index; UTF-8 with ``,`` unless ``options``
    — :meth:`pandas.DataFrame.to_csv` arguments such as ``sep``, ``decimal``,
    ``encoding`` — say otherwise), text cells neutralised."""
    neutralise_frame(df).to_csv(path, index=False, **options)
    return path


def _existing_ancestor(path: Path) -> Path:
    p = path.absolute()
    while not p.exists():
        p = p.parent
    return p


class OutputFolder:
    """Stage the files of one command and move them into ``target`` only when
    every one was written.

    Use as ``with OutputFolder(out) as stage: write(stage.dir / "x.csv")``;
    afterwards ``stage.written`` lists the final paths. On an error the
    staged files are removed and ``target`` is left as it was.

    Example:
        >>> import tempfile, pathlib
        >>> root = pathlib.Path(tempfile.mkdtemp())
        >>> with OutputFolder(root / "out") as stage:
        ...     _ = (stage.dir / "a.csv").write_text("x\\n")
        >>> [p.name for p in stage.written], (root / "out" / "a.csv").exists()
        (['a.csv'], True)
    """

    def __init__(self, target: str | Path) -> None:
        self.target = Path(target)
        self.dir = Path()
        self.written: list[Path] = []

    def __enter__(self) -> OutputFolder:
        if self.target.exists() and not self.target.is_dir():
            raise NotADirectoryError(f"{self.target}: exists and is not a folder")
        parent = _existing_ancestor(self.target.parent)
        self.dir = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.partial-", dir=parent))
        return self

    def final(self, staged: Path) -> Path:
        """Where a staged file ends up."""
        return self.target / Path(staged).relative_to(self.dir)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                files = sorted(p for p in self.dir.rglob("*") if p.is_file())
                self.target.mkdir(parents=True, exist_ok=True)
                for src in files:
                    dest = self.final(src)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(src, dest)
                    self.written.append(dest)
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def write_tables(out: Path, files: Mapping[str, pd.DataFrame], **options: Any) -> list[Path]:
    """Write each DataFrame as ``out/<name>`` (CSV, ``options`` as in
    :func:`write_csv`), all or nothing."""
    with OutputFolder(out) as stage:
        for name, df in files.items():
            write_csv(df, stage.dir / name, **options)
    return stage.written


def final_paths(stage: OutputFolder, paths: list[Any]) -> list[Path]:
    """The final places of files written into ``stage.dir``."""
    return [stage.final(Path(p)) for p in paths]
