"""The one place where numbers become text: money, per cent, rates, ratios,
years and counts, in Swedish or English number conventions, plus the
fixed-width text tables the CLI prints.

Swedish (``sv``): no-break space between thousands, decimal comma, ``kr``;
English (``en``): comma between thousands, decimal point, ``SEK``. Locale data
comes from Babel (CLDR). No formatter here ever writes scientific notation.

Example:
    >>> fmt = Formatter("sv")
    >>> fmt.money(1234567.4).replace("\\xa0", " ")
    '1 234 567 kr'
    >>> Formatter("en").money(1234567.4)
    '1,234,567 SEK'
    >>> fmt.percent(0.035).replace("\\xa0", " ")
    '3,5 %'
    >>> Formatter("en").rate(0.035)
    '3.5 %'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Final, Literal, cast

from babel import Locale
from babel.numbers import format_decimal, format_percent

from socinv.errors import ParameterError

Lang = Literal["sv", "en"]
#: The languages of reports, tables and the workbook.
LANGS: Final[tuple[Lang, ...]] = ("sv", "en")
DEFAULT_LANG: Final[Lang] = "en"
#: How the currency is written after an amount.
CURRENCY: Final[dict[Lang, str]] = {"sv": "kr", "en": "SEK"}
#: A missing value.
DASH: Final = "—"

_LOCALE_ID: Final[dict[Lang, str]] = {"sv": "sv_SE", "en": "en_GB"}


def check_lang(lang: str) -> Lang:
    """``lang`` if it is one of :data:`LANGS`, else :class:`ParameterError`."""
    if lang not in LANGS:
        raise ParameterError(f"language must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang


@lru_cache(maxsize=4)
def locale(lang: str) -> Locale:
    """The Babel locale of a language (``sv`` -> sv_SE, ``en`` -> en_GB)."""
    return Locale.parse(_LOCALE_ID[check_lang(lang)])


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError):
        return True


def _decimal(value: float, digits: int) -> Decimal:
    """``value`` rounded to ``digits`` decimals, with no negative zero."""
    q = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits))
    return q if q != 0 else Decimal(0).quantize(Decimal(1).scaleb(-digits))


def _pattern(digits: int, optional: bool = False) -> str:
    if digits <= 0:
        return "#,##0"
    return "#,##0." + ("#" if optional else "0") * digits


def _percent_pattern(lang: str, number_pattern: str) -> str:
    """The per-cent pattern (``#,##0 %``, no-break space in sv, plain space in en) with
    ``number_pattern`` for the number part."""
    if check_lang(lang) == "en":  # the project's English style keeps a space: '3.5 %'
        return f"{number_pattern} %"
    base = str(locale(lang).percent_formats[None].pattern).split(";")[0]
    return base.replace("#,##0", number_pattern, 1)


def decimal_number(value: Any, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """``value`` with ``digits`` decimals and thousands separators in the
    language's convention; ``'—'`` if missing."""
    if _missing(value):
        return DASH
    d = _decimal(float(value), digits)
    return format_decimal(d, format=_pattern(digits), locale=locale(lang))


def money(value: Any, lang: str = DEFAULT_LANG, *, unit: bool = True, digits: int = 0) -> str:
    """An amount of SEK: ``1234567.4`` -> ``'1 234 567 kr'`` (sv) or
    ``'1,234,567 SEK'`` (en); without the currency when ``unit`` is false."""
    text = decimal_number(value, lang, digits)
    if text == DASH or not unit:
        return text
    checked = check_lang(lang)
    space = "\u00a0" if checked == "sv" else " "
    return f"{text}{space}{CURRENCY[checked]}"


def percent(value: Any, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """A share as per cent with ``digits`` decimals: ``0.035`` -> ``'3,5 %'``
    (sv) or ``'3.5 %'`` (en)."""
    if _missing(value):
        return DASH
    d = _decimal(100 * float(value), digits) / 100
    return format_percent(d, format=_percent_pattern(lang, _pattern(digits)), locale=locale(lang))


def rate(value: Any, lang: str = DEFAULT_LANG) -> str:
    """A rate (e.g. a discount rate) with as many decimals as it needs, up to
    three: ``0.035`` -> ``'3.5 %'``, ``0.03`` -> ``'3 %'``, ``0.0125`` -> ``'1.25 %'``;
    never rounded to the nearest whole per cent."""
    if _missing(value):
        return DASH
    d = _decimal(100 * float(value), 3) / 100
    pattern = _percent_pattern(lang, _pattern(3, optional=True))
    return format_percent(d, format=pattern, locale=locale(lang))


def number(value: Any, lang: str = DEFAULT_LANG, digits: int = 2) -> str:
    """A plain number: whole numbers without decimals, others with at most
    ``digits`` decimals (trailing zeros dropped); never scientific notation."""
    if _missing(value):
        return DASH
    v = float(value)
    if v == int(v):
        return decimal_number(v, lang, 0)
    d = _decimal(v, digits)
    return format_decimal(d, format=_pattern(digits, optional=True), locale=locale(lang))


def significant(value: Any, lang: str = DEFAULT_LANG, digits: int = 4) -> str:
    """A parameter value with ``digits`` significant decimals (a rate of 0.00035
    stays ``'0.00035'``); large numbers keep every whole digit, never scientific
    notation: ``1234567`` -> ``'1,234,567'``, ``0.123456`` -> ``'0.1235'``."""
    if _missing(value):
        return DASH
    v = float(value)
    if v == 0:
        return decimal_number(0, lang, 0)
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(v))))
    return number(v, lang, decimals)


def ratio(value: Any, digits: int = 2, lang: str = DEFAULT_LANG) -> str:
    """A ratio (ROI, BCR) with a fixed number of decimals: ``0.2437`` -> ``'0.24'``."""
    return decimal_number(value, lang, digits)


def count(value: Any, lang: str = DEFAULT_LANG) -> str:
    """A whole count with thousands separators (draws, persons)."""
    return decimal_number(value, lang, 0)


def year(value: Any) -> str:
    """A calendar year as written: ``2031`` -> ``'2031'`` (never ``'2,031'``)."""
    return DASH if _missing(value) else str(int(value))


def sek(value: float | None, *, unit: str = "", lang: str | None = None) -> str:
    """``1234567.8`` -> ``'1 234 568'`` (SEK, rounded; plain space and hyphen
    when no ``lang`` is given, for terminal tables); ``None``/NaN -> ``'—'``.
    With ``lang`` the language's convention (:func:`money` without the unit)."""
    if lang is not None:
        text = decimal_number(value, lang, 0)
    elif _missing(value):
        text = DASH
    else:
        text = f"{_decimal(float(cast(float, value)), 0):,}".replace(",", " ")
    return f"{text} {unit}".rstrip() if text != DASH else text


@dataclass(frozen=True)
class Formatter:
    """All formatters bound to one language, for templates and tables.

    Example:
        >>> Formatter("sv").number(1234.5).replace("\\xa0", " ")
        '1 234,5'
        >>> Formatter("en").year(2031)
        '2031'
    """

    lang: Lang = DEFAULT_LANG

    def __post_init__(self) -> None:
        check_lang(self.lang)

    @property
    def currency(self) -> str:
        """``'kr'`` or ``'SEK'``."""
        return CURRENCY[self.lang]

    def money(self, value: Any, unit: bool = True, digits: int = 0) -> str:
        """See :func:`money`."""
        return money(value, self.lang, unit=unit, digits=digits)

    def amount(self, value: Any, digits: int = 0) -> str:
        """An amount without the currency (table cells under a 'SEK' header)."""
        return decimal_number(value, self.lang, digits)

    def percent(self, value: Any, digits: int = 1) -> str:
        """See :func:`percent`."""
        return percent(value, self.lang, digits)

    def share(self, value: Any) -> str:
        """A share as a whole per cent: ``0.42`` -> ``'42 %'``."""
        return percent(value, self.lang, 0)

    def rate(self, value: Any) -> str:
        """See :func:`rate`."""
        return rate(value, self.lang)

    def number(self, value: Any, digits: int = 2) -> str:
        """See :func:`number`."""
        return number(value, self.lang, digits)

    def significant(self, value: Any, digits: int = 4) -> str:
        """See :func:`significant`."""
        return significant(value, self.lang, digits)

    def ratio(self, value: Any, digits: int = 2) -> str:
        """See :func:`ratio`."""
        return ratio(value, digits, self.lang)

    def count(self, value: Any) -> str:
        """See :func:`count`."""
        return count(value, self.lang)

    def year(self, value: Any) -> str:
        """See :func:`year`."""
        return year(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str | None = None) -> str:
    """A fixed-width text table; ``align`` is a string of 'l'/'r' per column."""
    align = align or "l" + "r" * (len(headers) - 1)
    widths = [
        max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h))
        for i, h in enumerate(headers)
    ]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            str(c).ljust(w) if a == "l" else str(c).rjust(w)
            for c, w, a in zip(cells, widths, align, strict=True)
        ).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), sep, *(line(r) for r in rows)])
