"""``socinv run --cohort N``: the number of persons, checked against
:data:`socinv.limits.COHORT` with the message in the command's language
(``--lang``), since the option is read before the language is known."""

from __future__ import annotations

from socinv.errors import ParameterError
from socinv.i18n import translator
from socinv.limits import COHORT, number_text


def parse_cohort(text: str, lang: str = "en") -> float:
    """The cohort size in persons from the option's text; a Swedish run also
    takes a decimal comma and spaces between thousands (``1 000``, ``2,5``).
    :class:`ParameterError` in ``lang`` otherwise.

    Example:
        >>> parse_cohort("1 000", "sv"), parse_cohort("2.5")
        (1000.0, 2.5)
        >>> try:
        ...     parse_cohort("-3", "sv")
        ... except ParameterError as exc:
        ...     print(exc)
        --cohort måste vara fler än 0 och högst 100 000 000 personer, fick -3
    """
    _ = translator(lang)
    clean = text.strip().replace("\u00a0", "").replace(" ", "")
    if lang == "sv":
        clean = clean.replace(",", ".")
    try:
        value = float(clean)
    except ValueError:
        raise ParameterError(
            _("--cohort must be a number of persons, got {got!r}").format(got=text)
        ) from None
    if not COHORT.contains(value):
        raise ParameterError(
            _("--cohort must be more than 0 and at most {most} persons, got {got}").format(
                most=number_text(COHORT.hi), got=text
            )
        )
    return value
