"""The page's edit form: which scenario fields it shows and how the posted
values go back into the scenario (as the JSON the scenario schema describes).

Field names are ``price_year``, ``rate`` (percent), ``cohort_size`` and
``episode.<i>.<field>``, ``effect.<i>.relative_risk``,
``cost.<i>.amount_sek`` / ``cost.<i>.quantity`` with ``<i>`` the position in
the scenario's list; with several interventions ``alt.<a>.effect.<i>.relative_risk``
and ``alt.<a>.cost.<i>.<field>`` for intervention ``<a>``. Numbers may use a
decimal comma and spaces.

Example:
    >>> base = {"price_year": 2024, "discounting": {"rate": 0.035}}
    >>> apply_form(base, {"rate": "3", "price_year": "2023"})["discounting"]["rate"]
    0.03
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from socinv.errors import ScenarioError

_EPISODE_FIELDS = {
    "item": str,
    "quantity": float,
    "probability": float,
    "from_age": int,
    "to_age": int,
}
_KEY = re.compile(r"^(?:alt\.(\d+)\.)?(episode|effect|cost)\.(\d+)\.([a-z_]+)$")
_ALLOWED = {
    "episode": set(_EPISODE_FIELDS),
    "effect": {"relative_risk"},
    "cost": {"amount_sek", "quantity", "from_age", "to_age"},
}
_LISTS = {
    "episode": ("status_quo", "episodes"),
    "effect": ("intervention", "effects"),
    "cost": ("intervention", "costs"),
}


def parse_number(field: str, value: str) -> float:
    """``'0,3'`` or ``'1 200.5'`` as a float; :class:`ScenarioError` naming ``field``.

    Example:
        >>> parse_number("rate", "3,5")
        3.5
    """
    cleaned = value.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    try:
        out = float(cleaned.replace(",", "."))
    except ValueError:
        raise ScenarioError(f"{field}: {value!r} is not a number") from None
    if out != out or out in (float("inf"), float("-inf")):
        raise ScenarioError(f"{field}: {value!r} is not a finite number")
    return out


def _whole(field: str, value: str) -> int:
    x = parse_number(field, value)
    if x != int(x):
        raise ScenarioError(f"{field}: {value!r} must be a whole number")
    return int(x)


def apply_form(base: Mapping[str, Any], form: Mapping[str, str]) -> dict[str, Any]:
    """A copy of scenario JSON ``base`` with the form's values put in.

    Blank fields leave the value as it is; an unknown field or a position past
    the end of a list is a :class:`ScenarioError` naming the field."""
    out: dict[str, Any] = copy.deepcopy(dict(base))
    for key, raw in form.items():
        value = raw.strip()
        if key in ("scenario_json", "lang", "draws", "seed", "alternative") or not value:
            continue
        if key == "price_year":
            out["price_year"] = _whole(key, value)
        elif key == "rate":
            disc = dict(out.get("discounting") or {})
            disc["rate"] = round(parse_number(key, value) / 100.0, 12)
            disc.pop("schedule", None)
            out["discounting"] = disc
        elif key == "cohort_size":
            out["cohort_size"] = parse_number(key, value)
        else:
            _set_list_field(out, key, value)
    return out


def _set_list_field(out: dict[str, Any], key: str, value: str) -> None:
    m = _KEY.match(key)
    if m is None or m.group(4) not in _ALLOWED[m.group(2)]:
        raise ScenarioError(f"{key}: not a field of the form")
    alt, kind, pos, field = m.group(1), m.group(2), int(m.group(3)), m.group(4)
    if alt is not None and kind == "episode":
        raise ScenarioError(f"{key}: not a field of the form")
    if alt is not None:
        _set_alternative_field(out, int(alt), kind, pos, field, value, key)
        return
    section, name = _LISTS[kind]
    items = list((out.get(section) or {}).get(name) or [])
    if pos >= len(items):
        raise ScenarioError(f"{key}: the scenario has only {len(items)} {name}")
    where = f"{section}.{name}[{pos}].{field}"
    item = dict(items[pos])
    if field == "item":
        item[field] = value
    elif field in ("from_age", "to_age"):
        item[field] = _whole(where, value)
    else:
        item[field] = parse_number(where, value)
    items[pos] = item
    out[section] = {**out[section], name: items}


def _value_of(where: str, field: str, value: str) -> Any:
    if field == "item":
        return value
    if field in ("from_age", "to_age"):
        return _whole(where, value)
    return parse_number(where, value)


def _set_alternative_field(
    out: dict[str, Any], a: int, kind: str, pos: int, field: str, value: str, key: str
) -> None:
    """``alt.<a>.effect.<i>.<field>`` / ``alt.<a>.cost.<i>.<field>``: a field of
    alternative ``a`` of ``interventions:``."""
    alts = list(out.get("interventions") or [])
    if a >= len(alts):
        raise ScenarioError(f"{key}: the scenario has only {len(alts)} interventions")
    name = _LISTS[kind][1]
    alt = dict(alts[a])
    items = list(alt.get(name) or [])
    if pos >= len(items):
        raise ScenarioError(f"{key}: intervention {alt.get('id')!r} has only {len(items)} {name}")
    where = f"interventions[{a}].{name}[{pos}].{field}"
    items[pos] = {**items[pos], field: _value_of(where, field, value)}
    alt[name] = items
    alts[a] = alt
    out["interventions"] = alts
