"""Keeping the translation catalogues in step with the code: find every text
marked for translation (``_("…")`` in Python, ``{{ _("…") }}`` in the report
templates) and add the missing ones to a ``.po`` file, untranslated, for a
translator to fill in. Run ``python -m socinv.i18n.catalogue sv`` after
changing texts; the suite fails while any text lacks a Swedish entry.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from socinv.i18n import DOMAIN, catalog, po_path

_SRC = Path(__file__).resolve().parents[1]


def used_messages(src: Path = _SRC) -> dict[str, list[str]]:
    """Every msgid under ``src`` with where it is used (``file:line``)."""
    from babel.messages.extract import extract_from_dir

    method_map = [
        ("**/templates/**.html", "jinja2.ext:babel_extract"),
        ("**.py", "python"),
    ]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        src, method_map, options
    ):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found


def missing(lang: str) -> list[str]:
    """The msgids used in the code that ``lang`` does not translate."""
    cat = catalog(lang)
    out = []
    for msgid in sorted(used_messages()):
        entry = cat.get(msgid)
        if entry is None or not entry.string or entry.fuzzy:
            out.append(msgid)
    return out


def update_po(lang: str) -> list[str]:
    """Rewrite the ``.po`` of ``lang`` with every used msgid (translations
    kept, new ones empty; unused entries kept too, for texts built at run time
    such as unit names). Returns the msgids still to translate."""
    old = catalog(lang)
    used = used_messages()
    from datetime import UTC, datetime

    from socinv import __version__

    new = Catalog(
        locale=lang,
        domain=DOMAIN,
        project="socinv",
        version=__version__,
        msgid_bugs_address="",
        language_team={"sv": "Swedish"}.get(lang, lang),
        last_translator="socinv",
        revision_date=datetime.now(UTC),
        fuzzy=False,
    )
    new.header_comment = (
        "# Swedish translations of socinv's reports, workbooks and tables.\n"
        "# English is the source language."
    )
    for msg in old:
        if msg.id:
            new.add(msg.id, msg.string, flags=msg.flags)
    for msgid, where in used.items():
        locations = [(w.rsplit(":", 1)[0], int(w.rsplit(":", 1)[1])) for w in where[:3]]
        entry = new.get(msgid)
        if entry is None:
            new.add(msgid, "", locations=locations)
        else:
            entry.locations = locations
    with po_path(lang).open("wb") as f:
        write_po(f, new, width=100, sort_output=True)
    return missing(lang)


def main(argv: list[str] | None = None) -> int:
    """``python -m socinv.i18n.catalogue LANG``: update the catalogue and list
    the texts still to translate (exit 1 if any)."""
    args = sys.argv[1:] if argv is None else argv
    lang = args[0] if args else "sv"
    todo = update_po(lang)
    for msgid in todo:
        print(f"to translate: {msgid!r}")
    print(f"{po_path(lang)}: {len(todo)} text(s) to translate")
    return 1 if todo else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
