"""Translations: every text marked for translation has a Swedish entry."""

from __future__ import annotations

import doctest

import socinv.i18n
from socinv.i18n import catalog, translator
from socinv.i18n.catalogue import missing, used_messages


def test_messages_are_found() -> None:
    used = used_messages()
    assert "Headline per payer" in used  # template
    assert "Perspective" in used  # Python


def test_every_message_has_a_swedish_translation() -> None:
    todo = missing("sv")
    assert not todo, "untranslated in sv (python -m socinv.i18n.catalogue sv):\n" + "\n".join(
        repr(m) for m in todo
    )


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
