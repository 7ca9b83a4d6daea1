"""Translations: every text marked for translation has a Swedish entry."""

from __future__ import annotations

import doctest
from pathlib import Path

import socinv.i18n
from socinv.i18n import catalog, translator

SRC = Path(socinv.i18n.__file__).resolve().parents[1]


def used_messages() -> dict[str, list[str]]:
    """Every msgid in the package: ``_("…")`` in Python, ``_("…")`` in the
    Jinja2 templates (Babel's extractors), with where it is used."""
    from babel.messages.extract import extract_from_dir

    method_map = [
        ("**/templates/**.html", "jinja2.ext:babel_extract"),
        ("**.py", "python"),
    ]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        SRC, method_map, options
    ):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found


def test_messages_are_found() -> None:
    used = used_messages()
    assert "Headline per payer" in used  # template
    assert "Perspective" in used  # Python


def test_every_message_has_a_swedish_translation() -> None:
    cat = catalog("sv")
    missing = []
    for msgid, where in sorted(used_messages().items()):
        entry = cat.get(msgid)
        if entry is None or not entry.string or entry.fuzzy:
            missing.append(f"{msgid!r} ({where[0]})")
    assert not missing, "untranslated in sv:\n" + "\n".join(missing)


def test_placeholders_survive_translation() -> None:
    """A translation keeps every {name} of its English text."""
    import re

    cat = catalog("sv")
    for msg in cat:
        if msg.id and msg.string:
            want = set(re.findall(r"\{(\w*)\}", str(msg.id)))
            got = set(re.findall(r"\{(\w*)\}", str(msg.string)))
            assert want == got, (msg.id, msg.string)


def test_swedish_terms() -> None:
    _ = translator("sv")
    assert _("Net present value") == "Nettonuvärde"
    assert _("Break-even") == "Break-even-år"
    assert _("Discount rate") == "Diskonteringsränta"
    assert _("Price year") == "Prisår"
    assert translator("en")("Net present value") == "Net present value"


def test_doctests() -> None:
    assert doctest.testmod(socinv.i18n).failed == 0
