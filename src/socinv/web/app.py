"""The web application: the page (:mod:`socinv.web.pages`), the JSON API
(:mod:`socinv.web.api`), static files, request limits and error answers.

Example:
    >>> from fastapi.testclient import TestClient
    >>> client = TestClient(create_app())
    >>> client.get("/api/health").json()["status"]
    'ok'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from socinv import __version__
from socinv.errors import SocinvError
from socinv.scenarios.models import Scenario
from socinv.web import api, pages
from socinv.web.limits import BodyLimit, Limits, TooSlow
from socinv.web.messages import check_lang
from socinv.web.service import BadParameter

STATIC = Path(__file__).resolve().parent / "static"


def _error(status: int, kind: str, field: str | None, detail: str) -> JSONResponse:
    return JSONResponse({"error": kind, "field": field, "detail": detail}, status_code=status)


def _first_field(message: str) -> str | None:
    """The field path of socinv's ``source: field.path: message`` line, if any."""
    parts = message.split("\n", 1)[0].split(": ")
    return parts[1] if len(parts) >= 3 else None


async def _bad_parameter(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BadParameter)
    return _error(400, "bad_parameter", exc.field, str(exc))


async def _too_slow(_: Request, exc: Exception) -> JSONResponse:
    return _error(503, "too_slow", None, str(exc))


async def _socinv_error(_: Request, exc: Exception) -> JSONResponse:
    return _error(422, "invalid_scenario", _first_field(str(exc)), str(exc))


async def _request_validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    first = errors[0] if errors else {"loc": (), "msg": "bad request"}
    field = str(first["loc"][-1]) if first["loc"] else None
    detail = "; ".join(f"{e['loc'][-1]}: {e['msg']} (got {e.get('input')!r})" for e in errors)
    return _error(400, "bad_parameter", field, detail)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, with the scenario schema as ``components/schemas/Scenario``."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, routes=app.routes)
    scenario = Scenario.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(scenario.pop("$defs", {}))
    schemas["Scenario"] = scenario
    app.openapi_schema = doc
    return doc


def create_app(*, lang: str = "sv", limits: Limits | None = None) -> FastAPI:
    """The socinv web app: the page in ``lang`` (``sv`` or ``en``) at ``/``,
    the JSON API under ``/api`` (OpenAPI at ``/docs`` and ``/openapi.json``)."""
    app = FastAPI(
        title="socinv",
        version=__version__,
        description="Socioeconomic appraisal of social investments (Sweden): compare a "
        "scenario per payer, Monte Carlo, unit-cost catalogue. Money in SEK in the "
        "scenario's price year.",
    )
    app.state.lang = check_lang(lang)
    app.state.limits = limits or Limits()
    app.add_middleware(BodyLimit, limit=app.state.limits.max_body)
    app.add_exception_handler(BadParameter, _bad_parameter)
    app.add_exception_handler(TooSlow, _too_slow)
    app.add_exception_handler(SocinvError, _socinv_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app
