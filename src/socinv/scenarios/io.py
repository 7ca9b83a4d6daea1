"""Reading and writing scenario files (YAML or JSON) and the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from socinv.errors import ScenarioError
from socinv.readers import Document, format_errors, parse_yaml, read_document
from socinv.scenarios.models import Scenario


def load_yaml(text: str) -> Any:
    """Parse YAML like ``yaml.safe_load``, through the reading layer's limits: a
    key given twice in one mapping, nesting deeper than
    :data:`~socinv.readers.MAX_NESTING` or an alias bomb is a ``yaml.YAMLError``."""
    return parse_yaml(text).data


def format_validation_error(exc: ValidationError, source: str) -> str:
    """One line per problem: ``file: field.path: message (got value)``."""
    return format_errors(exc, Document(None, {}, source))


def scenario_from_dict(
    data: Any, *, source: str = "<scenario>", doc: Document | None = None, echo: bool = True
) -> Scenario:
    """Validate a dict as a :class:`Scenario`; :class:`ScenarioError` names the
    source, each field path at fault and, when ``doc`` (the parsed file) is
    given, its line and the id of the episode/effect."""
    if not isinstance(data, dict):
        raise ScenarioError(
            f"{source}: expected a mapping of scenario fields, got {type(data).__name__}"
        )
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        where = doc if doc is not None else Document(data, {}, source)
        raise ScenarioError(format_errors(exc, where, echo=echo)) from None


def load_scenario(path: str | Path, *, echo: bool = True) -> Scenario:
    """Load a ``.yaml``/``.yml``, ``.json`` or ``.xlsx`` (scenario workbook) file
    through the reading layer (:mod:`socinv.readers`). With ``echo=False`` (a
    file referenced by a fund or contract) messages do not repeat values read
    from a YAML or JSON file."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        from socinv.scenarios.xlsx import read_scenario_xlsx

        return read_scenario_xlsx(path)
    if suffix not in (".yaml", ".yml", ".json"):
        raise ScenarioError(
            f"{path}: expected a .yaml, .yml or .json file (or an .xlsx scenario workbook)"
        )
    doc = read_document(path, what="scenario", error=ScenarioError, echo=echo)
    return scenario_from_dict(doc.data, source=str(path), doc=doc, echo=echo)


def save_scenario(scenario: Scenario, path: str | Path) -> Path:
    """Write a scenario as YAML or JSON (by the file's suffix)."""
    p = Path(path)
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    if p.suffix.lower() == ".json":
        p.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        p.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return p


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema of scenario files, generated from the pydantic models."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "socinv scenario"
    return schema
