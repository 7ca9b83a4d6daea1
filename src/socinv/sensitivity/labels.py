"""Parameters in words: ``effect.less_crime.relative_risk`` becomes
"Effect on prison (less crime): relative risk", for tables and plots read by
analysts. The raw name stays available next to it."""

from __future__ import annotations

from socinv.scenarios.compile import Model


def _words(identifier: str) -> str:
    return identifier.replace("_", " ").replace("-", " ")


def parameter_label(model: Model, name: str) -> str:
    """A short description of parameter ``name`` in plain English.

    Example:
        >>> from socinv.sensitivity import load_model
        >>> m = load_model("data/scenarios/foster_care_school_support.yaml")
        >>> parameter_label(m, "effect.less_crime.relative_risk")
        'Effect on prison (less crime): relative risk'
        >>> parameter_label(m, "discount.rate")
        'Discount rate (real, a year)'
    """
    parts = name.split(".")
    head = parts[0]
    if head == "unit_cost":
        item = next((it for it in model.items if it.id == parts[1]), None)
        text = (item.name_en or item.name_sv) if item is not None else _words(parts[1])
        return f"Unit cost: {text}"
    if head == "episode" and len(parts) == 4:
        arm = "status quo" if parts[1] == "status_quo" else "intervention arm"
        what = {"quantity": "units a year", "probability": "probability"}.get(parts[3], parts[3])
        return f"{_words(parts[2]).capitalize()} ({arm}): {what}"
    if head == "effect" and len(parts) == 3:
        effect = next((f for f in model.scenario.intervention.effects if f.id == parts[1]), None)
        episode = _words(effect.episode) if effect is not None else "?"
        what = {
            "relative_risk": "relative risk",
            "quantity_factor": "quantity factor",
            "dropoff": "yearly fading",
        }.get(parts[2], _words(parts[2]))
        return f"Effect on {episode} ({_words(parts[1])}): {what}"
    if head == "cost" and len(parts) == 3:
        what = "SEK a year" if parts[2] == "amount_sek" else "units a year"
        return f"Intervention cost {_words(parts[1])} ({what})"
    if head == "tax_wedge":
        return f"Share of production value paid to the {parts[1]} (tax wedge)"
    if head == "discount":
        return "Discount rate (real, a year)" + (f" from year {parts[2]}" if len(parts) > 2 else "")
    if name == "cohort.size":
        return "Cohort size (persons)"
    return _words(name)
