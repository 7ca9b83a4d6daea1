"""Every text the web page and the API show, in Swedish and English, in one
place. :func:`text` looks a message id up for a language; it is the single
point to switch to a gettext catalog.

Example:
    >>> text("run", "sv")
    'Räkna'
    >>> text("run", "en")
    'Run'
"""

from __future__ import annotations

from typing import Final

#: the languages the page speaks; the first is the page's default
LANGS: Final = ("sv", "en")

_MESSAGES: Final[dict[str, tuple[str, str]]] = {
    # id: (Swedish, English)
    "app_title": ("socinv – socioekonomisk kalkyl", "socinv – socioeconomic appraisal"),
    "lead": (
        "Jämför en tidig insats med nuläget, per betalare: kommun, region, stat och individ. "
        "Belopp i kronor i kalkylens prisår, nuvärden diskonterade till startåret.",
        "Compare an early intervention with the status quo, per payer: municipality, region, "
        "state and individual. Money in SEK in the scenario's price year, present values "
        "discounted to the start year.",
    ),
    "step_pick": ("1. Välj eller ladda upp en kalkyl", "1. Pick or upload a scenario"),
    "shipped": ("Kalkyl som följer med socinv", "Scenario shipped with socinv"),
    "upload": ("eller ladda upp en fil", "or upload a file"),
    "upload_types": ("YAML eller JSON", "YAML or JSON"),
    "upload_types_xlsx": ("YAML, JSON eller Excel-mallen", "YAML, JSON or the Excel template"),
    "load": ("Öppna", "Open"),
    "step_edit": ("2. Ändra de viktigaste antagandena", "2. Edit the main inputs"),
    "settings": ("Inställningar", "Settings"),
    "price_year": ("Prisår", "Price year"),
    "rate": ("Diskonteringsränta (%)", "Discount rate (%)"),
    "cohort_size": ("Antal personer", "Number of people"),
    "episodes": ("Nuläget: insatser och utfall per år", "Status quo: services and outcomes a year"),
    "episode": ("Post", "Item"),
    "item": ("Kostnadspost (katalog)", "Unit cost (catalogue)"),
    "quantity": ("Antal per år", "Quantity a year"),
    "probability": ("Sannolikhet", "Probability"),
    "from_age": ("Från ålder", "From age"),
    "to_age": ("Till ålder", "To age"),
    "effects": ("Insatsens effekter", "Effects of the intervention"),
    "effect": ("Effekt", "Effect"),
    "on_episode": ("På posten", "On item"),
    "relative_risk": ("Relativ risk", "Relative risk"),
    "costs": ("Insatsens kostnader", "Costs of the intervention"),
    "cost": ("Kostnad", "Cost"),
    "amount_sek": ("Kronor per år", "SEK a year"),
    "cost_price_year": ("Prisår för beloppet", "Price year of the amount"),
    "catalogue_search": ("Sök i kostnadskatalogen", "Search the unit-cost catalogue"),
    "catalogue_hint": (
        "Skriv ett ord, t.ex. ”HVB” eller ”fängelse”.",
        "Type a word, e.g. “HVB” or “prison”.",
    ),
    "value_sek": ("Kronor", "SEK"),
    "unit": ("Enhet", "Unit"),
    "no_hits": ("Inga träffar.", "No matches."),
    "mc": ("Osäkerhet (Monte Carlo)", "Uncertainty (Monte Carlo)"),
    "draws": ("Antal dragningar (0 = ingen)", "Number of draws (0 = none)"),
    "seed": ("Slumpfrö", "Seed"),
    "run": ("Räkna", "Run"),
    "step_results": ("3. Resultat", "3. Results"),
    "headline": ("Nettonuvärde", "Net present value"),
    "break_even": ("Återbetalningsår", "Break-even year"),
    "never": ("inte inom kalkylperioden", "not within the horizon"),
    "never behind": ("aldrig på minus", "never behind"),
    "—": ("—", "—"),
    "break_even_at": ("{year} (ålder {age})", "{year} (age {age})"),
    "who_invests": ("Vem investerar, vem vinner", "Who invests, who gains"),
    "payer": ("Betalare", "Payer"),
    "invests": ("Investerar", "Invests"),
    "saves": ("Sparar", "Saves"),
    "net": ("Netto", "Net"),
    "role": ("Roll", "Role"),
    "hump": ("Investeringspuckeln", "The investment hump"),
    "no_hump": (
        "Ingen betalare investerar, så det finns ingen puckel.",
        "No payer invests, so there is no hump.",
    ),
    "mc_chart": (
        "Monte Carlo: nettonuvärde för samhället",
        "Monte Carlo: net present value for society",
    ),
    "no_mc": (
        "Ingen Monte Carlo-körning (antal dragningar 0).",
        "No Monte Carlo run (number of draws 0).",
    ),
    "mc_chance": ("Sannolikhet att nettonuvärdet är positivt", "Chance that the NPV is positive"),
    "download": ("Ladda ner", "Download"),
    "download_report": ("Rapport (HTML)", "Report (HTML)"),
    "download_workbook": ("Arbetsbok (Excel)", "Workbook (Excel)"),
    "money_note": (
        "Kronor i {price_year} års priser, nuvärden med {rate} diskonteringsränta.",
        "SEK in {price_year} prices, present values at a {rate} discount rate.",
    ),
    "error": ("Fel i indata", "Bad input"),
    "no_scenario": ("Välj en kalkyl eller ladda upp en fil.", "Pick a scenario or upload a file."),
    "bad_number": ("{field}: ”{value}” är inte ett tal", "{field}: {value!r} is not a number"),
    "bad_suffix": (
        "{name}: filen måste sluta på {suffixes}",
        "{name}: the file must end in {suffixes}",
    ),
    "too_large": (
        "begäran är större än {limit} byte; skicka en mindre fil",
        "the request is larger than {limit} bytes; send a smaller file",
    ),
    "too_slow": (
        "beräkningen tog längre tid än {seconds} s; minska antalet dragningar",
        "the computation took longer than {seconds} s; use fewer draws",
    ),
    "too_many_draws": (
        "draws: högst {cap} dragningar per anrop, fick {draws}",
        "draws: at most {cap} draws per request, got {draws}",
    ),
    "lang_name": ("Svenska", "English"),
    # perspectives and payers
    "society": ("Samhället", "Society"),
    "public": ("Offentlig sektor", "Public sector"),
    "municipality": ("Kommun", "Municipality"),
    "region": ("Region", "Region"),
    "state": ("Stat", "State"),
    "individual": ("Individ", "Individual"),
    "other": ("Övriga", "Others"),
    # roles in who-invests-who-gains
    "not affected": ("berörs inte", "not affected"),
    "invests and gains": ("investerar och vinner", "invests and gains"),
    "invests, net loser": ("investerar, förlorar netto", "invests, net loser"),
    "gains": ("vinner", "gains"),
    "loses": ("förlorar", "loses"),
}


def check_lang(lang: str) -> str:
    """``lang`` if the page speaks it; :class:`ValueError` naming the choices otherwise."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang


def text(msgid: str, lang: str, **values: object) -> str:
    """The message ``msgid`` in ``lang`` (``sv`` or ``en``), with ``{name}``
    fields filled from ``values``; an unknown id is returned unchanged."""
    pair = _MESSAGES.get(msgid)
    if pair is None:
        return msgid
    template = pair[LANGS.index(check_lang(lang))]
    return template.format(**values) if values else template


def message_ids() -> tuple[str, ...]:
    """Every message id (for tests: each has a Swedish and an English text)."""
    return tuple(_MESSAGES)
