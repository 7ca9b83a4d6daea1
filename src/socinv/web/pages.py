"""The page: pick or upload a scenario, edit its main inputs, run it, read the
headline, who invests and who gains, the investment hump and the Monte Carlo
chart, and download the report and the workbook.

The page keeps no state on the server: the loaded scenario travels as JSON
in a hidden form field, and each run applies the form's edits to it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from starlette.datastructures import UploadFile

from socinv import __version__
from socinv.cli.run_cmd import _break_even_text as break_even_text
from socinv.errors import SocinvError
from socinv.formatting import percent, ratio, sek
from socinv.payers import PERSPECTIVES
from socinv.scenarios.models import Scenario
from socinv.unitcosts import load_catalogue
from socinv.web import kinds, page_kinds, service
from socinv.web.forms import apply_form, parse_number
from socinv.web.limits import Limits, within
from socinv.web.messages import LANGS, text
from socinv.web.service import BadParameter

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")


@pass_context
def _sek(context: Any, value: Any) -> str:
    """Money in the page's language (``|sek`` in the templates)."""
    return sek(value, lang=str(context.get("lang", "en")))


@pass_context
def _ratio(context: Any, value: Any) -> str:
    """A ratio such as ROI in the page's language (``|ratio``; ``—`` if none)."""
    return "—" if value is None else ratio(value, 2, lang=str(context.get("lang", "en")))


@pass_context
def _share(context: Any, value: Any) -> str:
    """A share of draws as a whole percentage in the page's language (``|share``)."""
    return percent(value, lang=str(context.get("lang", "en")), digits=0)


templates.env.filters["sek"] = _sek
templates.env.filters["ratio"] = _ratio
templates.env.filters["share"] = _share

#: shown Monte Carlo draws when the form leaves it blank
DEFAULT_DRAWS = 1000


def _lang(request: Request, given: Any = None) -> str:
    lang = str(given or request.query_params.get("lang") or request.app.state.lang)
    return lang if lang in LANGS else str(request.app.state.lang)


def _page(
    request: Request,
    lang: str,
    *,
    scenario: Scenario | None = None,
    results: dict[str, Any] | None = None,
    error: str | None = None,
    status: int = 200,
    template: str = "index.html",
    form: dict[str, str] | None = None,
    shipped_key: str | None = None,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "lang": lang,
        "langs": LANGS,
        "t": lambda msgid, **kw: text(msgid, lang, **kw),
        "version": __version__,
        "shipped": list(service.shipped_scenarios()),
        "suffixes": ", ".join(service.upload_suffixes()),
        "xlsx": service.xlsx_supported(),
        "sc": scenario,
        "shipped_key": shipped_key,
        "scenario_json": json.dumps(service.scenario_dict(scenario)) if scenario else "",
        "item_ids": load_catalogue().ids,
        "results": results,
        "error": error,
        "form": form or {},
        "draws": (form or {}).get("draws", str(DEFAULT_DRAWS)),
        "seed": (form or {}).get("seed", "1"),
    }
    return templates.TemplateResponse(request, template, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def index(request: Request, scenario: str | None = None) -> HTMLResponse:
    """The page; ``?scenario=<key>`` opens a shipped scenario, ``?lang=en`` in English."""
    lang = _lang(request)
    if scenario is None:
        return _page(request, lang)
    try:
        sc = service.shipped_scenario(scenario)
        return _page(request, lang, scenario=sc, shipped_key=scenario)
    except SocinvError as exc:
        return _page(request, lang, error=str(exc), status=_status(exc))


def _status(exc: SocinvError) -> int:
    return 400 if isinstance(exc, BadParameter) else 422


@router.post("/load", response_class=HTMLResponse)
async def load(request: Request) -> HTMLResponse:
    """Open a shipped scenario (field ``shipped``) or an uploaded file (``file``)."""
    form = await request.form()
    lang = _lang(request, form.get("lang"))
    upload = form.get("file")
    key: str | None = None
    try:
        if isinstance(upload, UploadFile) and upload.filename:
            sc = service.read_upload(upload.filename, await upload.read())
        elif form.get("shipped"):
            key = str(form.get("shipped"))
            sc = service.shipped_scenario(key)
        else:
            raise BadParameter("file", text("no_scenario", lang))
    except SocinvError as exc:
        return _page(request, lang, error=str(exc), status=_status(exc))
    return _page(request, lang, scenario=sc, shipped_key=key)


def _form_values(form: Any) -> dict[str, str]:
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _edited(values: dict[str, str]) -> Scenario:
    """The hidden scenario JSON with the form's edits applied, validated."""
    raw = values.get("scenario_json", "")
    if not raw:
        raise BadParameter("scenario_json", "no scenario loaded; open one first")
    try:
        base = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadParameter("scenario_json", f"not valid JSON: {exc}") from None
    return service.scenario_from_json(apply_form(base, values), source="form")


def _base_scenario(values: dict[str, str]) -> Scenario | None:
    """The loaded scenario before the form's edits (to show the form again after
    an error, with the analyst's values kept); ``None`` if it cannot be read."""
    try:
        return service.scenario_from_json(json.loads(values.get("scenario_json", "")))
    except (SocinvError, json.JSONDecodeError):
        return None


def _draws(values: dict[str, str], limits: Limits) -> tuple[int, int]:
    draws = int(parse_number("draws", values.get("draws") or "0"))
    seed = int(parse_number("seed", values.get("seed") or "1"))
    if not 0 <= draws <= limits.max_draws:
        raise BadParameter("draws", f"must be between 0 and {limits.max_draws}, got {draws}")
    if seed < 0:
        raise BadParameter("seed", f"must be 0 or more, got {seed}")
    return draws, seed


def _break_even(row: pd.Series, lang: str) -> str:
    """The break-even text ``socinv run`` prints for a summary row, in ``lang``."""
    shown = break_even_text(row)
    m = re.fullmatch(r"(\d+) \(age (\d+)\)", shown)
    if m:
        return text("break_even_at", lang, year=m.group(1), age=m.group(2))
    return text(shown, lang)


def results_context(sc: Scenario, draws: int, seed: int, lang: str) -> dict[str, Any]:
    """Everything the results part of the page shows (library figures only):
    for one intervention the NPV per payer; for a status quo alone and for
    several interventions see :mod:`socinv.web.page_kinds`."""
    kind = kinds.kind_of(sc)
    if kind == "status_quo_alone":
        return page_kinds.exclusion_context(sc, draws, seed, lang)
    if kind == "alternatives":
        return page_kinds.alternatives_context(sc, draws, seed, lang)
    cmp = service.run_compare(sc)
    summary: dict[Any, dict[Any, Any]] = cmp.summary().to_dict("index")
    rows = []
    for p in PERSPECTIVES:
        r = summary[p.value]
        rows.append(
            {
                "key": p.value,
                "npv": float(r["npv"]),
                "invests": float(r["intervention_cost_disc"]),
                "savings": float(r["savings_disc"]),
                "roi": r["roi"],
                "break_even": _break_even(pd.Series(r), lang),
            }
        )
    who = [
        {"key": str(k), **{c: v for c, v in r.items()}}
        for k, r in cmp.who_invests_who_gains().iterrows()
    ]
    mc = None
    if draws > 0:
        res = service.run_montecarlo(cmp, draws, seed)
        s: dict[Any, Any] = res.summary().to_dict("index")["society"]
        mc = {
            "png": service.mc_png(cmp, res),
            "draws": draws,
            "seed": seed,
            "mean": float(s["mean"]),
            "p2_5": float(s["p2_5"]),
            "p97_5": float(s["p97_5"]),
            "prob_positive": float(s["prob_positive"]),
        }
    rate = sc.discounting.rate if sc.discounting.schedule is None else None
    return {
        "kind": kind,
        "downloads": [None],
        "rows": rows,
        "who": who,
        "hump": service.hump_png(cmp),
        "mc": mc,
        "price_year": cmp.price_year,
        "rate_text": f"{100 * rate:.1f} %".replace(".", ",") if rate is not None else "—",
        "scenario_json": json.dumps(service.scenario_dict(sc)),
        "name": sc.name,
    }


@router.post("/run", response_class=HTMLResponse)
async def run(request: Request) -> HTMLResponse:
    """Apply the form's edits, compare, and show the results (a fragment for
    htmx, the whole page otherwise)."""
    values = _form_values(await request.form())
    lang = _lang(request, values.get("lang"))
    limits: Limits = request.app.state.limits
    fragment = request.headers.get("HX-Request") == "true"
    sc: Scenario | None = None
    try:
        sc = _edited(values)
        draws, seed = _draws(values, limits)
        results = await within(limits.seconds, results_context, sc, draws, seed, lang)
    except SocinvError as exc:
        if fragment:
            return _page(
                request, lang, error=str(exc), status=_status(exc), template="_results.html"
            )
        base = _base_scenario(values)
        return _page(request, lang, scenario=base, error=str(exc), status=_status(exc), form=values)
    if fragment:
        return _page(request, lang, results=results, template="_results.html", form=values)
    return _page(request, lang, scenario=sc, results=results, form=values)


@router.get("/catalogue", response_class=HTMLResponse)
def catalogue(request: Request, q: str = "") -> HTMLResponse:
    """Catalogue hits for the search box (a fragment)."""
    lang = _lang(request)
    items = service.catalogue_payload(q)[:30] if q.strip() else []
    context = {
        "t": lambda msgid, **kw: text(msgid, lang, **kw),
        "items": items,
        "q": q,
        "lang": lang,
    }
    return templates.TemplateResponse(request, "_catalogue.html", context)


async def _document(request: Request, kind: str) -> Response:
    values = _form_values(await request.form())
    lang = _lang(request, values.get("lang"))
    limits: Limits = request.app.state.limits
    alternative = values.get("alternative") or None
    sc = page_kinds.pick_alternative(_edited(values), alternative)
    draws, seed = _draws(values, limits)
    stem = f"{sc.name}_{alternative}" if alternative else sc.name

    def build() -> tuple[bytes, str, str]:
        cmp = service.run_compare(sc)
        sens = service.sensitivity(cmp, draws, seed, lang)
        if kind == "html":
            body = service.report_html(cmp, sens, lang).encode("utf-8")
            return body, "text/html; charset=utf-8", f"{stem}.html"
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return service.workbook_bytes(cmp, sens, lang), xlsx, f"{stem}.xlsx"

    body, media, filename = await within(limits.seconds, build)
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/report")
async def report(request: Request) -> Response:
    """The HTML report of the edited scenario, as a download."""
    return await _document(request, "html")


@router.post("/workbook")
async def workbook(request: Request) -> Response:
    """The Excel workbook of the edited scenario, as a download."""
    return await _document(request, "xlsx")
