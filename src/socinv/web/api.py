"""The JSON API: compare a scenario, Monte Carlo, catalogue search, the
scenario schema and a health check. Every figure comes from the library
(:mod:`socinv.web.service`); money is SEK in the scenario's price year.

Errors are JSON ``{"error", "field", "detail"}``: 400 for a bad parameter
or body that is not JSON, 413 for a body over the size limit, 422 for a
scenario socinv refuses (``detail`` is socinv's own message, naming each
field), 503 for a computation over the time limit.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from socinv import __version__
from socinv.payers import PERSPECTIVES
from socinv.scenarios.io import scenario_json_schema
from socinv.web import kinds, service
from socinv.web.limits import Limits, within
from socinv.web.messages import text
from socinv.web.service import BadParameter

router = APIRouter(prefix="/api", tags=["api"])

_SCENARIO_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Scenario"}}},
    }
}
_MC_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["scenario"],
                    "properties": {
                        "scenario": {"$ref": "#/components/schemas/Scenario"},
                        "seed": {"type": "integer", "minimum": 0, "default": 1},
                        "draws": {"type": "integer", "minimum": 1, "default": 1000},
                    },
                }
            }
        },
    }
}

PriceYear = Annotated[
    int | None,
    Query(ge=1980, le=2200, description="price year of the results (default: the scenario's)"),
]
Rate = Annotated[
    float | None,
    Query(
        ge=0.0,
        lt=1.0,
        description="constant real discount rate, e.g. 0.035 (default: the scenario's)",
    ),
]


Lang = Annotated[
    Literal["sv", "en"],
    Query(description="language of the labels in the answer (sv or en); figures are the same"),
]


def _labels(lang: str) -> dict[str, str]:
    """Perspective and payer names in ``lang``, for the answer's ``labels``."""
    return {p.value: text(p.value, lang) for p in PERSPECTIVES}


def _limits(request: Request) -> Limits:
    limits: Limits = request.app.state.limits
    return limits


async def _json_body(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        raise BadParameter("body", "the request has no body; send the scenario as JSON")
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadParameter("body", f"not valid JSON: {exc}") from None


@router.get("/health", summary="Is the server up")
def health() -> dict[str, str]:
    """``{"status": "ok", "version": …}``."""
    return {"status": "ok", "version": __version__}


@router.get("/schema", summary="JSON Schema of scenarios")
def schema() -> dict[str, Any]:
    """The JSON Schema the compare and Monte Carlo bodies follow (``socinv schema``)."""
    return scenario_json_schema()


@router.get("/catalogue", summary="Search the unit-cost catalogue")
def catalogue(
    search: Annotated[str, Query(max_length=200, description="words every hit contains")] = "",
    price_year: PriceYear = None,
    lang: Lang = "en",
) -> dict[str, Any]:
    """Unit costs whose id, names, unit, sector, agency or note contain every
    word of ``search`` (case and accent insensitive), in ``price_year`` prices
    (default: as published)."""
    items = service.catalogue_payload(search, price_year)
    for it in items:
        it["name"] = it["name_sv"] if lang == "sv" else it["name_en"]
    return {"search": search, "price_year": price_year, "count": len(items), "items": items}


@router.post("/compare", summary="Compare a scenario", openapi_extra=_SCENARIO_BODY)
async def compare(
    request: Request, price_year: PriceYear = None, rate: Rate = None, lang: Lang = "en"
) -> dict[str, Any]:
    """Status quo versus intervention, per perspective (``socinv run``):
    present values, NPV, ROI, BCR, break-even and who invests, who gains.
    ``kind`` tells the answer's form: ``comparison``; ``status_quo_alone``
    (no intervention: the cost of exclusion per perspective and per payer and
    kind, no NPV); ``alternatives`` (several interventions: ranking, NPV side
    by side and each alternative's comparison)."""
    scenario = service.scenario_from_json(await _json_body(request))
    out = await within(
        _limits(request).seconds,
        lambda: kinds.answer(scenario, price_year=price_year, rate=rate),
    )
    return {**out, "lang": lang, "labels": _labels(lang)}


def _int_field(body: dict[str, Any], name: str, default: int, low: int, high: int | None) -> int:
    value = body.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadParameter(name, f"must be a whole number, got {value!r}")
    if value < low or (high is not None and value > high):
        upper = f" and at most {high}" if high is not None else ""
        raise BadParameter(name, f"must be at least {low}{upper}, got {value}")
    return value


@router.post("/montecarlo", summary="Monte Carlo of a scenario", openapi_extra=_MC_BODY)
async def montecarlo(
    request: Request, price_year: PriceYear = None, rate: Rate = None, lang: Lang = "en"
) -> dict[str, Any]:
    """``draws`` seeded draws of the scenario's uncertain parameters
    (:func:`socinv.sensitivity.monte_carlo`): NPV mean, spread, 95 % interval
    and the chance that it is positive, per perspective; for several
    interventions, all drawn together with common random numbers
    (:func:`socinv.sensitivity.alternatives_mc.monte_carlo_alternatives`):
    per alternative with its chance of being best, and the ``choice`` per
    perspective (chance that no intervention is best, EVPI); for a status quo
    alone the cost of exclusion's mean and 95 % interval per perspective."""
    limits = _limits(request)
    body = await _json_body(request)
    if not isinstance(body, dict) or "scenario" not in body:
        raise BadParameter("scenario", "send {'scenario': {...}, 'seed': S, 'draws': N}")
    unknown = sorted(set(body) - {"scenario", "seed", "draws"})
    if unknown:
        raise BadParameter(unknown[0], "unknown field; expected scenario, seed and draws")
    draws = _int_field(body, "draws", 1000, 1, limits.max_draws)
    seed = _int_field(body, "seed", 1, 0, None)
    scenario = service.scenario_from_json(body["scenario"], source="scenario")

    def run() -> dict[str, Any]:
        out = kinds.montecarlo_answer(scenario, draws, seed, price_year=price_year, rate=rate)
        return {**out, "lang": lang, "labels": _labels(lang)}

    return await within(limits.seconds, run)
