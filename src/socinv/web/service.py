"""What the web page and the API do with a scenario, as plain functions over
the library: read an upload, compare, run Monte Carlo, search the catalogue,
draw the charts, render the report and the workbook. Nothing here computes a
figure itself; it calls :func:`socinv.compare`, :func:`socinv.sensitivity.monte_carlo`,
:mod:`socinv.report` and the catalogue, and turns their tables into JSON.

Money is SEK in the scenario's price year; present values are discounted to
the scenario's discounting base year.
"""

from __future__ import annotations

import base64
import importlib.util
import math
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import pandas as pd
from pydantic import ValidationError

from socinv._data import data_dir
from socinv.errors import PriceYearError, ScenarioError, SocinvError
from socinv.scenarios.comparison import Comparison, compare_model, load_model, with_settings
from socinv.scenarios.io import load_scenario, scenario_from_dict
from socinv.scenarios.models import Scenario
from socinv.unitcosts import Catalogue, load_catalogue

if TYPE_CHECKING:  # pragma: no cover
    from socinv.report.results import SensitivityResults
    from socinv.sensitivity.alternatives_mc import AlternativesMonteCarlo
    from socinv.sensitivity.montecarlo import MonteCarloResult

#: the file endings an uploaded scenario may have (the Excel template when supported)
YAML_JSON = (".yaml", ".yml", ".json")


class BadParameter(SocinvError, ValueError):
    """A request parameter (not the scenario itself) is out of range: names it."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


def xlsx_supported() -> bool:
    """Whether this socinv reads the Excel scenario template (``socinv.scenarios.xlsx``)."""
    return importlib.util.find_spec("socinv.scenarios.xlsx") is not None


def upload_suffixes() -> tuple[str, ...]:
    """File endings an upload may have."""
    return (*YAML_JSON, ".xlsx") if xlsx_supported() else YAML_JSON


def shipped_scenarios() -> dict[str, Path]:
    """Scenario files shipped with socinv: ``{"foster_care_school_support": path,
    "cases/…": path}`` (the main scenario first)."""
    folder = data_dir() / "scenarios"
    found = {p.stem: p for p in sorted(folder.glob("*.yaml"))}
    found.update({f"cases/{p.stem}": p for p in sorted((folder / "cases").glob("*.yaml"))})
    return found


def shipped_scenario(key: str) -> Scenario:
    """Load a shipped scenario by its key in :func:`shipped_scenarios`."""
    files = shipped_scenarios()
    if key not in files:
        raise BadParameter("scenario", f"no shipped scenario {key!r}; known: {', '.join(files)}")
    return load_scenario(files[key])


def read_upload(filename: str, content: bytes) -> Scenario:
    """A scenario from an uploaded file, read by :func:`socinv.load_scenario`
    (the one scenario reader); errors name the uploaded file, not a temporary path."""
    name = PurePath(filename or "upload").name or "upload"
    if Path(name).suffix.lower() not in upload_suffixes():
        raise BadParameter(
            "file", f"{name}: expected a file ending in {', '.join(upload_suffixes())}"
        )
    with tempfile.TemporaryDirectory(prefix="socinv-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(content)
        try:
            return load_scenario(path)
        except SocinvError as exc:
            raise type(exc)(str(exc).replace(str(path), name)) from None
        except UnicodeDecodeError:
            raise BadParameter("file", f"{name}: not a UTF-8 text file") from None


def scenario_from_json(data: Any, source: str = "request body") -> Scenario:
    """Validate decoded JSON as a scenario (:class:`ScenarioError` names each field)."""
    return scenario_from_dict(data, source=source)


def _shipped_extra_folder(scenario: Scenario) -> Path | None:
    """The shipped scenario folder holding every ``catalogue.extra`` file of
    ``scenario`` (plain file names only); :class:`ScenarioError` if there is none."""
    extra = scenario.catalogue.extra
    if not extra:
        return None
    scenarios = data_dir() / "scenarios"
    for folder in (scenarios, scenarios / "cases"):
        if all(PurePath(e).name == e and (folder / e).is_file() for e in extra):
            return folder
    raise ScenarioError(
        f"scenario {scenario.name!r}: catalogue.extra: the web page and API read only the "
        f"shipped catalogue files; remove {', '.join(extra)} or run the scenario with socinv run"
    )


def run_compare(
    scenario: Scenario, *, price_year: int | None = None, rate: float | None = None
) -> Comparison:
    """:func:`socinv.compare` on a scenario with optional price year and rate.

    A price year or rate the engine refuses is a :class:`BadParameter` naming
    ``price_year`` or ``rate``; errors in the scenario itself pass through. Local
    catalogue files (``catalogue.extra``) may only name files shipped next to the
    shipped scenarios: a request must not make the server read files of its choosing."""
    scenario, base_dir = _settled(scenario, price_year, rate)
    try:
        return compare_model(load_model(scenario, base_dir=base_dir))
    except PriceYearError as exc:
        if price_year is None:
            raise
        raise BadParameter("price_year", str(exc)) from None


def _settled(
    scenario: Scenario, price_year: int | None, rate: float | None
) -> tuple[Scenario, Path | None]:
    """``scenario`` with the request's price year and rate, and the shipped
    folder of its ``catalogue.extra`` files (:class:`BadParameter` on a
    setting the engine refuses)."""
    base_dir = _shipped_extra_folder(scenario)
    try:
        return with_settings(scenario, price_year=price_year, rate=rate), base_dir
    except (SocinvError, ValidationError) as exc:
        field = "rate" if rate is not None and "rate" in str(exc) else "price_year"
        raise BadParameter(field, str(exc)) from None


def run_montecarlo_alternatives(
    scenario: Scenario,
    draws: int,
    seed: int,
    *,
    price_year: int | None = None,
    rate: float | None = None,
) -> AlternativesMonteCarlo:
    """:func:`socinv.sensitivity.alternatives_mc.monte_carlo_alternatives`
    (every intervention, common random numbers) with the request's price
    year and rate and the same limits on catalogue files as :func:`run_compare`."""
    from socinv.sensitivity.alternatives_mc import monte_carlo_alternatives

    scenario, base_dir = _settled(scenario, price_year, rate)
    try:
        return monte_carlo_alternatives(scenario, draws, seed, base_dir=base_dir)
    except PriceYearError as exc:
        if price_year is None:
            raise
        raise BadParameter("price_year", str(exc)) from None


def _plain(v: Any) -> Any:
    """A table cell as JSON: numpy scalars to Python, NaN/NA to ``None``."""
    if v is None or v is pd.NA:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


#: a table cell as JSON (for the other answer builders, :mod:`socinv.web.kinds`)
plain = _plain


def _records(df: pd.DataFrame, key: str) -> list[dict[str, Any]]:
    out = []
    for idx, row in df.iterrows():
        out.append({key: str(idx), **{str(k): _plain(v) for k, v in row.items()}})
    return out


def compare_payload(cmp: Comparison) -> dict[str, Any]:
    """The comparison as JSON: settings, ``summary`` (one record per perspective,
    :meth:`Comparison.summary` columns) and ``who_invests_who_gains``.

    Example:
        >>> from socinv import compare
        >>> cmp = compare("data/scenarios/foster_care_school_support.yaml")
        >>> out = compare_payload(cmp)
        >>> out["summary"][-1]["perspective"], out["summary"][-1]["npv"] == cmp.npv("society")
        ('society', True)
    """
    sc = cmp.scenario
    return {
        "scenario": sc.name,
        "title": sc.title,
        "price_year": cmp.price_year,
        "rate": sc.discounting.rate if sc.discounting.schedule is None else None,
        "currency": "SEK",
        "summary": _records(cmp.summary(), "perspective"),
        "who_invests_who_gains": _records(cmp.who_invests_who_gains(), "payer"),
    }


def run_montecarlo(cmp: Comparison, draws: int, seed: int) -> MonteCarloResult:
    """:func:`socinv.sensitivity.monte_carlo` on the comparison's compiled model."""
    from socinv.sensitivity import monte_carlo

    return monte_carlo(cmp.model, draws, seed)


def montecarlo_payload(res: MonteCarloResult) -> dict[str, Any]:
    """A Monte Carlo result as JSON: ``summary`` per perspective
    (:meth:`MonteCarloResult.summary` columns), draws, seed and price year."""
    return {
        "scenario": res.scenario,
        "draws": res.n,
        "seed": res.seed,
        "price_year": res.price_year,
        "currency": "SEK",
        "summary": _records(res.summary(), "perspective"),
    }


def catalogue_payload(search: str = "", price_year: int | None = None) -> list[dict[str, Any]]:
    """Catalogue items whose text contains every word of ``search`` (all items
    when empty), as JSON records (:meth:`Catalogue.to_frame` columns)."""
    cat = load_catalogue()
    hits = cat.find(search) if search.strip() else list(cat)
    found = Catalogue(hits, cpi=cat.cpi)
    if price_year is not None:
        try:
            found = found.rebased(price_year)
        except PriceYearError as exc:
            raise BadParameter("price_year", str(exc)) from None
    frame = found.to_frame()
    return [{str(k): _plain(v) for k, v in row.items()} for _, row in frame.iterrows()]


# --- charts and documents -----------------------------------------------------------
#: matplotlib's style settings (rcParams) are global: one figure at a time
_PLOT_LOCK = threading.Lock()


def _png(draw: Callable[[], Any]) -> str:
    """Draw a figure with ``draw()`` and return it as base64 PNG."""
    from socinv.report.plots import figure_png

    with _PLOT_LOCK:
        return base64.b64encode(figure_png(draw(), dpi=90)).decode("ascii")


def hump_png(cmp: Comparison) -> str | None:
    """The investing payer's cash position as base64 PNG (``None``: nobody invests)."""
    from socinv.report.plots import plot_investment_hump

    try:
        return _png(lambda: plot_investment_hump(cmp))
    except ValueError:
        return None


def mc_png(cmp: Comparison, res: MonteCarloResult) -> str:
    """The Monte Carlo distribution of society's NPV as base64 PNG."""
    from socinv.report.plots import PlotLabel, plot_mc_distribution

    return _png(lambda: plot_mc_distribution(res.npv, PlotLabel.of(cmp), perspective="society"))


def sensitivity(cmp: Comparison, draws: int, seed: int, lang: str = "en") -> SensitivityResults:
    """The report's sensitivity part: one-way analysis and, with ``draws`` > 0,
    Monte Carlo (:func:`socinv.report.run_sensitivity`); notes in ``lang``."""
    from socinv.report import run_sensitivity

    return run_sensitivity(cmp, mc=draws, seed=seed, lang=lang)


def report_html(cmp: Comparison, sens: SensitivityResults, lang: str) -> str:
    """The self-contained HTML report (:func:`socinv.report.render_html`) in ``lang``."""
    from socinv.report import render_html

    with _PLOT_LOCK:
        return render_html(cmp, sens, lang=lang)


def workbook_bytes(cmp: Comparison, sens: SensitivityResults, lang: str) -> bytes:
    """The Excel workbook (:func:`socinv.report.workbook_bytes`) in ``lang``."""
    from socinv.report import workbook_bytes as report_workbook

    with _PLOT_LOCK:
        return report_workbook(cmp, sens, lang=lang)


def scenario_dict(scenario: Scenario) -> dict[str, Any]:
    """A scenario as the JSON the API takes (what ``socinv schema`` describes)."""
    return scenario.model_dump(mode="json", exclude_defaults=True)
