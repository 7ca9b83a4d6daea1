"""Reading and writing scenario files (YAML or JSON) and the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from socinv.errors import ScenarioError
from socinv.scenarios.models import Scenario


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key given twice in one mapping (plain
    PyYAML keeps the last value silently, e.g. a pasted ``quantity:``)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                continue  # '<<' merge keys may be overridden, as YAML defines
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"key {key!r} appears twice in one mapping (lines {seen[key]} and {line})",
                    key_node.start_mark,
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str) -> Any:
    """Parse YAML like ``yaml.safe_load``, but a key given twice in one mapping
    is an error (``yaml.YAMLError``) instead of the last value winning."""
    return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass: safe


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def format_validation_error(exc: ValidationError, source: str) -> str:
    """One line per problem: ``file: field.path: message (got value)``."""
    lines = []
    for err in exc.errors():
        msg = err["msg"].removeprefix("Value error, ")
        got = err.get("input")
        shown = "" if isinstance(got, dict | list) or got is None else f" (got {got!r})"
        lines.append(f"{source}: {_loc(tuple(err['loc']))}: {msg}{shown}")
    return "\n".join(lines)


def scenario_from_dict(data: Any, *, source: str = "<scenario>") -> Scenario:
    """Validate a dict as a :class:`Scenario`; :class:`ScenarioError` names the
    source and each field path at fault."""
    if not isinstance(data, dict):
        raise ScenarioError(
            f"{source}: expected a mapping of scenario fields, got {type(data).__name__}"
        )
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(format_validation_error(exc, source)) from None


def load_scenario(path: str | Path) -> Scenario:
    """Load a ``.yaml``/``.yml``, ``.json`` or ``.xlsx`` (scenario workbook) file."""
    p = Path(path)
    if not p.is_file():
        raise ScenarioError(f"{p}: scenario file not found")
    if p.suffix.lower() == ".xlsx":
        from socinv.scenarios.xlsx import read_scenario_xlsx

        return read_scenario_xlsx(p)
    text = p.read_text(encoding="utf-8")
    try:
        if p.suffix.lower() == ".json":
            data = json.loads(text)
        elif p.suffix.lower() in (".yaml", ".yml"):
            data = load_yaml(text)
        else:
            raise ScenarioError(
                f"{p}: expected a .yaml, .yml or .json file (or an .xlsx scenario workbook)"
            )
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise ScenarioError(f"{p}: not valid {p.suffix[1:].upper()}: {exc}") from None
    return scenario_from_dict(data, source=str(p))


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
