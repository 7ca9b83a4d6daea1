"""Shared pieces of the results objects' ``summary(formatted=True)``,
``__repr__`` and ``_repr_html_``: money through :func:`socinv.formatting.sek`,
ratios through :func:`socinv.formatting.ratio`. Presentation only."""

from __future__ import annotations

import math
from collections.abc import Iterable
from html import escape
from typing import Any

import pandas as pd

from socinv.formatting import ratio, sek


def _missing(x: Any) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def cell(x: Any, kind: str) -> str:
    """One value as text: ``money`` (SEK, thousands separated), ``ratio`` (two
    decimals), ``share`` (three decimals), ``int`` or anything else as is."""
    if _missing(x):
        return "—"
    if kind == "money":
        return sek(float(x))
    if kind == "ratio":
        return ratio(float(x))
    if kind == "share":
        return ratio(float(x), 3)
    if kind == "int":
        return str(int(x))
    return str(x)


def format_frame(
    df: pd.DataFrame,
    *,
    money: Iterable[str] = (),
    ratios: Iterable[str] = (),
    shares: Iterable[str] = (),
    ints: Iterable[str] = (),
) -> pd.DataFrame:
    """A copy of ``df`` with the named columns as text (other columns as is);
    columns ending in ``_sek`` count as money."""
    kinds: dict[str, str] = {}
    for kind, cols in (("money", money), ("ratio", ratios), ("share", shares), ("int", ints)):
        for c in cols:
            kinds[c] = kind
    out = df.copy().astype(object)
    for c in df.columns:
        kind = kinds.get(str(c), "money" if str(c).endswith("_sek") else "")
        if kind:
            out[c] = [cell(x, kind) for x in df[c]]
    return out


def html(caption: str, df: pd.DataFrame) -> str:
    """A notebook view: a caption line and the (formatted) table."""
    return f"<p><strong>{escape(caption)}</strong></p>{df.to_html(escape=True)}"
