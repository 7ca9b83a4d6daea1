"""Parameters in words: ``effect.less_crime.relative_risk`` becomes
"Effect on prison (less crime): relative risk", for tables and plots read by
analysts. The raw name stays available next to it."""

from __future__ import annotations

from collections.abc import Sequence

from socinv.scenarios.compile import Model


def _words(identifier: str) -> str:
    return identifier.replace("_", " ").replace("-", " ")


def parameter_label(model: Model, name: str, lang: str | None = None) -> str:
    """A short description of parameter ``name`` in plain words, in ``lang``
    (default: the language set by :func:`socinv.i18n.use_lang`, English).

    Example:
        >>> from socinv.sensitivity import load_model
        >>> m = load_model("data/scenarios/foster_care_school_support.yaml")
        >>> parameter_label(m, "effect.less_crime.relative_risk")
        'Effect on prison (less crime): relative risk'
        >>> parameter_label(m, "discount.rate")
        'Discount rate (real, a year)'
        >>> parameter_label(m, "discount.rate", "sv")
        'Diskonteringsränta (real, per år)'
    """
    from socinv.i18n import current_lang, payer_word, translator

    lang = lang or current_lang()
    _ = translator(lang)
    parts = name.split(".")
    head = parts[0]
    if head == "unit_cost":
        item = next((it for it in model.items if it.id == parts[1]), None)
        if item is None:
            text = _words(parts[1])
        elif lang == "sv":
            text = item.name_sv or item.name_en
        else:
            text = item.name_en or item.name_sv
        return _("Unit cost: {item}").format(item=text)
    if head == "episode" and len(parts) == 4:
        arm = _("status quo") if parts[1] == "status_quo" else _("intervention arm")
        what = {"quantity": _("units a year"), "probability": _("probability")}.get(
            parts[3], parts[3]
        )
        return _("{episode} ({arm}): {what}").format(
            episode=_words(parts[2]).capitalize(), arm=arm, what=what
        )
    if head == "effect" and len(parts) == 3:
        effect = next((f for f in model.scenario.intervention.effects if f.id == parts[1]), None)
        episode = _words(effect.episode) if effect is not None else "?"
        what = {
            "relative_risk": _("relative risk"),
            "quantity_factor": _("quantity factor"),
            "dropoff": _("yearly fading"),
        }.get(parts[2], _words(parts[2]))
        return _("Effect on {episode} ({effect}): {what}").format(
            episode=episode, effect=_words(parts[1]), what=what
        )
    if head == "cost" and len(parts) == 3:
        text = (
            _("Intervention cost {cost} (SEK a year)")
            if parts[2] == "amount_sek"
            else _("Intervention cost {cost} (units a year)")
        )
        return text.format(cost=_words(parts[1]))
    if head == "tax_wedge":
        return _("Share of production value paid to the {payer} (tax wedge)").format(
            payer=payer_word(parts[1], lang)
        )
    if head == "discount":
        if len(parts) > 2:
            return _("Discount rate (real, a year) from year {year}").format(year=parts[2])
        return _("Discount rate (real, a year)")
    if head in ("offence", "chain") and name in model.param_index:
        # justice-chain inputs: the description the compiler gave them
        return model.params[model.param_index[name]].description
    if name == "cohort.size":
        return _("Cohort size (persons)")
    return _words(name)


def lever_label(model: Model, members: Sequence[str], lang: str | None = None) -> str:
    """The words of a one-way bar that moves ``members``: one parameter, or
    an effect's relative risk and quantity factor (an episode's quantity and
    probability) moved together, in ``lang``.

    Example:
        >>> from socinv.sensitivity import load_model
        >>> m = load_model("data/scenarios/foster_care_school_support.yaml")
        >>> e = "effect.less_crime"
        >>> lever_label(m, [f"{e}.relative_risk", f"{e}.quantity_factor"])
        'Effect on prison (less crime): relative risk × quantity factor'
        >>> lever_label(m, ["discount.rate"], "sv")
        'Diskonteringsränta (real, per år)'
    """
    if len(members) == 1:
        return parameter_label(model, members[0], lang)
    from socinv.i18n import current_lang, translator

    _ = translator(lang or current_lang())
    what = (
        _("relative risk × quantity factor")
        if members[0].startswith("effect.")
        else _("expected units a year")
    )
    head = parameter_label(model, members[0], lang).rsplit(":", 1)[0]
    return f"{head}: {what}"
