"""Translations of reports, workbooks and CLI tables (gettext, catalogues
kept as ``.po`` files and compiled with Babel when first used).

English is the source language; Swedish lives in
``socinv/i18n/sv/LC_MESSAGES/socinv.po``. Code marks a text for translation
by calling ``_ = translator(lang)`` and then ``_("…")``; templates use
``{{ _("…") }}`` (the Jinja2 i18n extension).

Example:
    >>> _ = translator("sv")
    >>> _("Net present value")
    'Nettonuvärde'
    >>> translator("en")("Net present value")
    'Net present value'
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Final

from socinv.formatting import DEFAULT_LANG, LANGS, Lang, check_lang

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

__all__ = [
    "DOMAIN",
    "LANGS",
    "N_",
    "catalog",
    "current_lang",
    "kind_word",
    "payer_name",
    "payer_word",
    "po_path",
    "role_word",
    "translations",
    "translator",
    "use_lang",
]

#: The gettext domain of socinv's messages.
DOMAIN: Final = "socinv"
_HERE = Path(__file__).resolve().parent
_CURRENT: ContextVar[Lang] = ContextVar("socinv_lang", default=DEFAULT_LANG)


def po_path(lang: str) -> Path:
    """The ``.po`` catalogue of a language (there is none for English)."""
    return _HERE / check_lang(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog(lang: str) -> Catalog:
    """The parsed catalogue of ``lang`` (Babel :class:`Catalog`)."""
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


@lru_cache(maxsize=4)
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled translations of ``lang``: English returns the texts as
    written; other languages compile their ``.po`` in memory (fuzzy entries
    are left out, so an unchecked translation never reaches a report)."""
    if check_lang(lang) == "en":
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo

    buf = BytesIO()
    write_mo(buf, catalog(lang), use_fuzzy=False)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


def translator(lang: str) -> Callable[[str], str]:
    """``gettext`` for one language: English text in, ``lang`` text out."""
    return translations(lang).gettext


def current_lang() -> Lang:
    """The language set by :func:`use_lang` (default English)."""
    return _CURRENT.get()


@contextlib.contextmanager
def use_lang(lang: str) -> Iterator[None]:
    """Within the block, :func:`current_lang` is ``lang`` (plots read it)."""
    token = _CURRENT.set(check_lang(lang))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def gettext(message: str) -> str:
    """``message`` in the current language (see :func:`use_lang`)."""
    return translator(current_lang())(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it here; it is
    translated where it is shown."""
    return message


#: Payer and perspective names in Swedish, as Swedish public finance writes them.
PAYER_SV: Final[dict[str, str]] = {
    "municipality": "kommun",
    "region": "region",
    "state": "stat",
    "individual": "individ",
    "other": "övriga",
    "public": "offentlig sektor",
    "society": "samhället",
}


def kind_word(kind: str, lang: str) -> str:
    """A cost kind in words: ``'resource'`` -> ``'resource use'`` (en),
    ``'resursanvändning'`` (sv)."""
    _ = translator(lang)
    return {
        "resource": _("resource use"),
        "transfer": _("transfer"),
        "production": _("lost production"),
    }.get(kind, kind)


def role_word(role: str, lang: str) -> str:
    """A payer's role in a comparison (``who_invests_who_gains``) in words of
    ``lang``: ``'invests and gains'`` -> ``'investerar och vinner'`` (sv)."""
    _ = translator(lang)
    return {
        "invests": _("invests"),
        "gains": _("gains"),
        "invests and gains": _("invests and gains"),
        "total": _("total"),
        "not affected": _("not affected"),
        "loses": _("loses"),
        "invests, net loser": _("invests, net loser"),
    }.get(role, role)


def payer_name(name: str, lang: str) -> str:
    """A payer's name as a label: ``'municipality (kommun)'`` (en), ``'kommun'`` (sv).

    Example:
        >>> payer_name("state", "en"), payer_name("state", "sv")
        ('state (stat)', 'stat')
    """
    sv = PAYER_SV.get(name)
    if check_lang(lang) == "sv":
        return sv or name
    return f"{name} ({sv})" if sv and sv != name else name


def payer_word(name: str, lang: str) -> str:
    """A payer's name in running text: ``'municipality'`` (en), ``'kommun'`` (sv)."""
    return PAYER_SV.get(name, name) if check_lang(lang) == "sv" else name
