"""Payers, cost kinds and perspectives: who bears a krona and what kind of krona it is.

Sign convention used everywhere in socinv: a stream value is a **cost** to the
payer (positive = the payer pays or loses money, negative = the payer receives
money). A transfer T paid by the municipality to the person is +T for the
municipality and -T for the individual; it nets to zero for society.
"""

from __future__ import annotations

from enum import StrEnum


class Payer(StrEnum):
    """Who bears a cost. ``other`` holds costs outside the public sector and the
    person (crime victims, insurers, employers) or societal totals that a
    source does not split by payer."""

    MUNICIPALITY = "municipality"
    REGION = "region"
    STATE = "state"
    INDIVIDUAL = "individual"
    OTHER = "other"

    @property
    def label_sv(self) -> str:
        return _PAYER_SV[self]


_PAYER_SV = {
    Payer.MUNICIPALITY: "kommun",
    Payer.REGION: "region",
    Payer.STATE: "stat",
    Payer.INDIVIDUAL: "individ",
    Payer.OTHER: "övriga",
}

#: Fixed order of payers in every compiled array (axis ``payer``).
PAYERS: tuple[Payer, ...] = tuple(Payer)
PAYER_INDEX: dict[Payer, int] = {p: i for i, p in enumerate(PAYERS)}

#: The public-sector payers whose fiscal views add up to the public view.
PUBLIC_PAYERS: tuple[Payer, ...] = (Payer.MUNICIPALITY, Payer.REGION, Payer.STATE)


class CostKind(StrEnum):
    """What a krona is.

    * ``resource`` — real consumption of resources (a care day, a visit);
    * ``transfer`` — money moved from a payer to the person: a cost for the
      payer, an income for the individual, zero for society;
    * ``production`` — production value not created (a year outside work);
      society loses the value, the payers lose the taxes it would have
      brought (the tax wedge) and the individual the net income.
    """

    RESOURCE = "resource"
    TRANSFER = "transfer"
    PRODUCTION = "production"


class Perspective(StrEnum):
    """Which payers' costs are summed.

    * a payer's fiscal view (``municipality``, ``region``, ``state``) and the
      ``individual``'s view: that payer's column alone;
    * ``other``: victims, insurers, employers and unallocated societal totals;
    * ``public``: municipality + region + state (the public sector);
    * ``society``: all payers summed. Transfers cancel (payer +T, person -T),
      so society counts resources and production value only.
    """

    MUNICIPALITY = "municipality"
    REGION = "region"
    STATE = "state"
    INDIVIDUAL = "individual"
    OTHER = "other"
    PUBLIC = "public"
    SOCIETY = "society"

    @property
    def payers(self) -> tuple[Payer, ...]:
        """The payers whose costs this perspective sums."""
        if self is Perspective.SOCIETY:
            return PAYERS
        if self is Perspective.PUBLIC:
            return PUBLIC_PAYERS
        return (Payer(self.value),)


#: Perspectives in the order reports show them.
PERSPECTIVES: tuple[Perspective, ...] = tuple(Perspective)


def perspective_index(perspective: Perspective | str) -> int:
    """Column of ``perspective`` in metric arrays (:data:`PERSPECTIVES` order);
    :class:`~socinv.errors.ParameterError` naming the allowed ones otherwise."""
    from socinv.errors import ParameterError

    try:
        return PERSPECTIVES.index(Perspective(perspective))
    except ValueError:
        allowed = ", ".join(p.value for p in PERSPECTIVES)
        raise ParameterError(
            f"unknown perspective {perspective!r}; expected one of {allowed}"
        ) from None


def parse_payer(text: str) -> Payer:
    """Parse a payer name (English or Swedish label); raise ``ValueError`` naming
    the allowed values otherwise."""
    key = text.strip().lower()
    for p in PAYERS:
        if key in (p.value, p.label_sv):
            return p
    allowed = ", ".join(f"{p.value} ({p.label_sv})" for p in PAYERS)
    raise ValueError(f"unknown payer {text!r}; expected one of: {allowed}")
