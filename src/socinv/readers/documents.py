"""Reading YAML and JSON input files (scenarios, funds, contracts) safely, and
the messages that name the file, line, field and item at fault."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from socinv.readers.text import MAX_NESTING, ErrorType, Loc, _fail, read_text

#: most values (mapping entries, list items, scalars) in a YAML file once
#: aliases are expanded
MAX_YAML_VALUES = 100_000


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader with a nesting limit and keys that must be unique in
    a mapping (plain PyYAML keeps the last value of a pasted ``quantity:``)."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_NESTING} levels deep", mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

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


def _line_map(root: yaml.Node) -> dict[Loc, int]:
    """Line (from 1) of every field path, counting values as if aliases were
    expanded; more than :data:`MAX_YAML_VALUES` is an error (an alias bomb)."""
    lines: dict[Loc, int] = {(): root.start_mark.line + 1}
    stack: list[tuple[Loc, yaml.Node]] = [((), root)]
    count = 0
    while stack:
        loc, node = stack.pop()
        count += 1
        if count > MAX_YAML_VALUES or len(loc) > MAX_NESTING:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"more than {MAX_YAML_VALUES:,} values once its aliases (*name) are expanded"
                if count > MAX_YAML_VALUES
                else f"aliases nest more than {MAX_NESTING} levels deep",
                node.start_mark,
            )
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key: str | int = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                sub = (*loc, key)
                lines.setdefault(sub, key_node.start_mark.line + 1)
                stack.append((sub, value_node))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                sub = (*loc, i)
                lines.setdefault(sub, item.start_mark.line + 1)
                stack.append((sub, item))
    return lines


@dataclass(frozen=True)
class Document:
    """A parsed YAML/JSON file: its ``data`` and the ``lines`` of its field paths."""

    data: Any
    lines: Mapping[Loc, int] = field(default_factory=dict)
    source: str = "<text>"


def parse_yaml(text: str, source: str = "<text>") -> Document:
    """Parse YAML safely (limits above); ``yaml.YAMLError`` on bad input.

    Example:
        >>> doc = parse_yaml("a:\\n  - x: 1\\n  - x: 2\\n")
        >>> doc.data, doc.lines[("a", 1, "x")]
        ({'a': [{'x': 1}, {'x': 2}]}, 3)
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(None, {}, source)
        lines = _line_map(node)
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    return Document(data, lines, source)


def _depth_ok(data: Any) -> bool:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_NESTING:
            return False
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return True


def _problem(exc: yaml.YAMLError, echo: bool) -> tuple[str, int | None]:
    """A YAML error's problem and line, without the quoted source snippet
    (which would repeat the file's content)."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        parts = [p for p in (exc.context, exc.problem) if p]
        if not echo:
            parts = [p for p in parts if "'" not in p and '"' not in p] or ["malformed"]
        return "; ".join(parts), line
    return (str(exc) if echo else "malformed"), None


def read_document(
    path: str | Path,
    *,
    what: str,
    error: ErrorType,
    echo: bool = True,
    formats: Sequence[str] = (".yaml", ".yml", ".json"),
) -> Document:
    """Read a YAML or JSON input file (by its suffix) through the limits above.

    With ``echo=False`` messages never repeat text read from the file (for a
    file referenced by another one). An empty ``formats`` accepts any suffix
    (read as YAML unless ``.json``)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if formats and suffix not in formats:
        names = ", ".join(formats[:-1]) + f" or {formats[-1]}" if len(formats) > 1 else formats[0]
        raise _fail(error, p, f"expected a {names} file")
    text = read_text(p, what=what, error=error)
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            msg = exc.msg if echo else "malformed"
            raise _fail(error, p, f"not valid JSON: {msg}", exc.lineno) from None
        except RecursionError:
            data = None
            ok = False
        else:
            ok = _depth_ok(data)
        if not ok:
            raise _fail(error, p, f"not valid JSON: nested more than {MAX_NESTING} levels deep")
        try:  # JSON is YAML: the same parser gives the lines of the field paths
            lines = parse_yaml(text).lines
        except (yaml.YAMLError, RecursionError):
            lines = {}
        return Document(data, lines, str(p))
    try:
        doc = parse_yaml(text, str(p))
    except yaml.YAMLError as exc:
        msg, line = _problem(exc, echo)
        raise _fail(error, p, f"not valid YAML: {msg}", line) from None
    return doc


def loc_text(loc: Loc) -> str:
    """``('status_quo', 'episodes', 0, 'quantity')`` as ``status_quo.episodes[0].quantity``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _line_of(lines: Mapping[Loc, int], loc: Loc) -> int | None:
    for n in range(len(loc), -1, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return None


def _item_id(data: Any, loc: Loc) -> str:
    """``episode 'hvb'`` for the innermost list item with an ``id`` on ``loc``."""
    found = ""
    value = data
    for i, part in enumerate(loc):
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and isinstance(value, dict) and isinstance(value.get("id"), str):
            kind = str(loc[i - 1]) if i else "item"
            kind = kind.removesuffix("s") if kind.endswith("s") else kind
            found = f"{kind} {value['id']!r}"
    return found


def format_errors(exc: ValidationError, doc: Document, *, echo: bool = True) -> str:
    """One line per problem: ``file: field.path: message (got value) (line N,
    episode 'id')``. With ``echo=False`` (a file another one refers to) nothing
    read from the file is repeated: no value, no id, no unknown key, and no
    message written from the value."""
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        got = err.get("input")
        shown = (
            ""
            if not echo or isinstance(got, dict | list) or got is None
            else f" (got {_short(got)})"
        )
        item = _item_id(doc.data, loc) if echo else ""
        if not echo and err["type"] == "extra_forbidden":
            loc, msg = loc[:-1], "has a field that is not allowed here"
        elif not echo and err["type"] in ("value_error", "assertion_error"):
            msg = "invalid value"
        line = _line_of(doc.lines, loc or _loc_in(msg))
        at = ", ".join(p for p in (f"line {line}" if line is not None else "", item) if p)
        out.append(f"{doc.source}: {loc_text(loc)}: {msg}{shown}" + (f" ({at})" if at else ""))
    return "\n".join(out)


def resolve_reference(
    ref: str,
    base_dir: str | Path,
    *,
    root: str | Path | None,
    where: str,
    error: ErrorType,
) -> Path:
    """The file a definition refers to (a fund's or contract's ``scenario:``),
    relative to ``base_dir``. With a ``root`` it must lie inside ``root`` or
    socinv's shipped data folder (checked before the file is looked at, so
    nothing outside is probed).

    Example:
        >>> from socinv._data import data_path
        >>> from socinv.errors import ScenarioError
        >>> resolve_reference("../scenarios/foster_care_school_support.yaml",
        ...     data_path("contracts"), root=data_path("contracts"), where="x",
        ...     error=ScenarioError).name
        'foster_care_school_support.yaml'
    """
    from socinv._data import data_dir

    if "\x00" in ref:
        raise error(f"{where}: the scenario path contains a NUL character")
    base = Path(base_dir)
    path = Path(ref)
    full = path if path.is_absolute() else base / path
    if root is not None:
        real = full.resolve()
        roots = [Path(root).resolve(), data_dir().resolve()]
        if not any(real.is_relative_to(r) for r in roots):
            raise error(
                f"{where}: the scenario file must be inside {root} (the folder of the "
                "definition file, or the folder given with --root) or socinv's shipped data"
            )
    if not full.is_file():
        raise error(f"{where}: scenario file {str(full)!r} not found")
    return full


_PATH = re.compile(r"^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[\d+\])*)")


def _loc_in(msg: str) -> Loc:
    """The field path a whole-file check names at the start of its message
    (``intervention.effects[0] (x).episode ...``), for its line number."""
    m = _PATH.match(msg)
    if not m:
        return ()
    return tuple(
        int(p[1:-1]) if p.startswith("[") else p for p in re.findall(r"\[\d+\]|\w+", m.group(1))
    )


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
