"""Shared building blocks of the HTML pages: the Jinja2 environment per
language, embedded figures, payer names and colours, and the file list.

Pages are Jinja2 templates under ``socinv/report/templates/`` (autoescaped);
the renderers (:mod:`socinv.report.html`, :mod:`socinv.report.fund_page`,
:mod:`socinv.report.contract_page`) pass them formatted values.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from socinv import __version__
from socinv.formatting import Formatter, Lang, check_lang
from socinv.i18n import payer_name, translations, translator
from socinv.report import plots

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "Markup",
    "Page",
    "environment",
    "figure_img",
    "item_cell",
    "payer_name",
    "render_page",
    "source_files",
    "swatch",
    "write_page",
]


@lru_cache(maxsize=4)
def environment(lang: str) -> jinja2.Environment:
    """The Jinja2 environment of one language: templates from the package,
    autoescape on, ``_()`` translating into ``lang``."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("socinv.report", "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


@dataclass(frozen=True)
class Page:
    """What every renderer needs for one language: the formatter ``f`` and the
    translator ``_``."""

    lang: Lang = "en"
    f: Formatter = field(init=False)
    _: Callable[[str], str] = field(init=False)

    def __post_init__(self) -> None:
        lang = check_lang(self.lang)
        object.__setattr__(self, "f", Formatter(lang))
        object.__setattr__(self, "_", translator(lang))

    def payer(self, name: str) -> str:
        """A payer's or perspective's name in the page's language."""
        return payer_name(name, self.lang)

    def swatch(self, name: str) -> Markup:
        """The payer's colour square and name."""
        return swatch(name, self.lang)

    def sek(self, value: Any) -> str:
        """Money with the currency: ``1,234 SEK`` / ``1 234 kr``."""
        return self.f.money(value)


def swatch(name: str, lang: str = "en") -> Markup:
    """A coloured square and the payer's name (HTML)."""
    col = plots.PALETTE.get(name, "#999999")
    return Markup('<span class="swatch" style="background:{}"></span>{}').format(
        col, payer_name(name, lang)
    )


def item_cell(name: str, ident: str) -> Markup:
    """A name with its identifier below in small code (a table cell)."""
    return Markup("{}<br><small><code>{}</code></small>").format(name, ident)


def code(text: str) -> Markup:
    """``text`` as inline code."""
    return Markup("<code>{}</code>").format(text)


def figure_img(fig: Figure, alt: str) -> Markup:
    """A figure as an embedded PNG (one file, no external resources)."""
    data = base64.b64encode(plots.figure_png(fig, dpi=100)).decode("ascii")
    return Markup('<figure><img alt="{}" src="data:image/png;base64,{}"></figure>').format(
        alt, data
    )


def source_files(source: str | Path | None, others: Sequence[str]) -> list[str]:
    """The definition file and the files it names (``others``, relative to
    its folder when ``source`` is given, as the loaders read them)."""
    if source is None:
        return list(others)
    folder = Path(source).parent
    return [str(source)] + [
        o if Path(o).is_absolute() else os.path.normpath(folder / o) for o in others
    ]


def write_page(path: str | Path, html: str) -> Path:
    """Write a rendered page to ``path`` (UTF-8, folders made) and return the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out


def render_page(template: str, lang: str, **context: Any) -> str:
    """Render ``template`` in ``lang``; every page gets ``lang``, ``f`` (the
    formatter), ``page`` (:class:`Page`) and ``version``."""
    page = Page(check_lang(lang))
    tpl = environment(lang).get_template(template)
    return tpl.render(lang=lang, f=page.f, page=page, version=__version__, **context)


@dataclass(frozen=True)
class Card:
    """A headline card: title, big value, a line below, border colour and the
    sign that colours the value (``None``: no colour)."""

    title: str
    value: str
    sub: str | Markup
    colour: str
    sign: float | None = None
