"""``--lang sv|en`` for the commands that print tables or write documents,
and the CSV convention that goes with the language."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from socinv.formatting import DEFAULT_LANG, LANGS
from socinv.i18n import translator


def add_lang_option(p: argparse.ArgumentParser) -> None:
    """``--lang sv|en``: the language of tables, reports and CSV files."""
    p.add_argument(
        "--lang",
        choices=LANGS,
        default=DEFAULT_LANG,
        help="language of printed tables, reports and CSV files: sv (Swedish: decimal comma, "
        "';' between CSV columns) or en (default)",
    )


def csv_options(lang: str) -> dict[str, Any]:
    """``DataFrame.to_csv`` options of a language: Swedish Excel opens ``;``-separated
    files with a decimal comma and a byte-order mark; English uses ``,`` and ``.``."""
    if lang == "sv":
        return {"sep": ";", "decimal": ",", "encoding": "utf-8-sig"}
    return {"sep": ",", "decimal": ".", "encoding": "utf-8"}


def wrote(path: Path | str, lang: str) -> str:
    """The line printed for a file written."""
    _ = translator(lang)
    return _("wrote {path}").format(path=path)
