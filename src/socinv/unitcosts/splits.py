"""Payer splits of a unit cost: ``municipality`` or ``municipality=0.667;state=0.333``.

Example:
    >>> from socinv.unitcosts.splits import format_payer_split, parse_payer_split
    >>> shares = parse_payer_split("municipality=0.667;state=0.333")
    >>> round(sum(shares.values()), 12)
    1.0
    >>> format_payer_split(shares)
    'municipality=0.667;state=0.333'
"""

from __future__ import annotations

from collections.abc import Mapping

from socinv.payers import Payer, parse_payer

#: Payer value of production rows: the split comes from the tax wedge.
SOCIETY = "society"
_SHARE_TOLERANCE = 2e-3


def parse_payer_split(text: str) -> dict[Payer, float]:
    """Parse ``municipality`` or ``municipality=0.667;state=0.333`` into shares.

    Shares must be in (0, 1] and sum to 1 within 0.002 (three-decimal
    rounding); they are then scaled to sum to exactly 1 so that payer sums
    equal totals.
    """
    text = text.strip()
    if not text:
        raise ValueError(
            "payer is empty; expected e.g. 'municipality' or 'municipality=0.667;state=0.333'"
        )
    if "=" not in text:
        return {parse_payer(text): 1.0}
    shares: dict[Payer, float] = {}
    for part in text.split(";"):
        name, sep, raw = part.partition("=")
        if not sep:
            raise ValueError(f"payer split part {part!r} lacks '=share'")
        payer = parse_payer(name)
        if payer in shares:
            raise ValueError(f"payer {payer.value!r} appears twice in {text!r}")
        try:
            share = float(raw)
        except ValueError:
            raise ValueError(f"share {raw!r} of {payer.value} is not a number") from None
        if not (0 < share <= 1):
            raise ValueError(f"share of {payer.value} must be in (0, 1], got {share}")
        shares[payer] = share
    total = sum(shares.values())
    if abs(total - 1) > _SHARE_TOLERANCE:
        raise ValueError(f"payer shares in {text!r} sum to {total:.4f}, expected 1")
    return {p: s / total for p, s in shares.items()}


def format_payer_split(shares: Mapping[Payer, float] | None) -> str:
    """Inverse of :func:`parse_payer_split` (``society`` for production rows)."""
    if shares is None:
        return SOCIETY
    if len(shares) == 1:
        return next(iter(shares)).value
    return ";".join(f"{p.value}={s:.3f}" for p, s in shares.items())
