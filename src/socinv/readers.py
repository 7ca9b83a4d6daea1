"""One reading layer for every input file: scenario, fund and contract files
(YAML or JSON) and the CSV files (unit costs, CPI, parameters).

Every reader goes through :func:`read_text`, so every file gets the same limits
and the same messages:

* size: at most :data:`MAX_FILE_BYTES` (20 MiB);
* encoding: UTF-8 with or without a byte-order mark; a file saved by Excel on
  Swedish Windows (Windows-1252) is read when that is unambiguous, with an
  :class:`~socinv.errors.InputWarning` saying so; anything else (UTF-16,
  binary) is refused, naming the encoding to save in;
* YAML: at most :data:`MAX_NESTING` levels of nesting and
  :data:`MAX_YAML_VALUES` values once aliases (``*name``) are expanded, so an
  "alias bomb" is refused at once; a key given twice is an error;
* CSV: ``,`` or ``;`` as delimiter (told from the header line), fields of at
  most :data:`CSV_FIELD_LIMIT` characters, a decimal comma in a number column
  refused with the fix (write ``1234.5``), a row with more fields than the
  header refused.

Errors name the file and the **line** (counted from 1, as an editor shows it)
and, for a list of items with ids (episodes, effects, projects …), the id.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from socinv.errors import DataFileError, InputWarning, SocinvError

#: largest input file read, in bytes (20 MiB)
MAX_FILE_BYTES = 20 * 1024 * 1024
#: deepest nesting of mappings and lists in a YAML or JSON file
MAX_NESTING = 50
#: most values (mapping entries, list items, scalars) in a YAML file once
#: aliases are expanded
MAX_YAML_VALUES = 100_000
#: longest CSV field, in characters (1 MiB; Python's own default is 128 KiB)
CSV_FIELD_LIMIT = 1024 * 1024

ErrorType = Callable[[str], SocinvError]
Loc = tuple[str | int, ...]


def _where(path: str | Path, line: int | None) -> str:
    return f"{path}, line {line}" if line is not None else str(path)


def _fail(
    error: ErrorType | None, path: str | Path, msg: str, line: int | None = None
) -> SocinvError:
    """The error to raise: :class:`DataFileError` for CSV files, else ``error``
    with the same ``file, line N: message`` shape."""
    if error is None:
        return DataFileError(path, msg, line=line)
    return error(f"{_where(path, line)}: {msg}")


# --- text ------------------------------------------------------------------------------
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes, path: str | Path, error: ErrorType | None = None) -> str:
    """Bytes of a text file as ``str``: UTF-8 (a byte-order mark is dropped), or
    Windows-1252 with an :class:`InputWarning` when the bytes are not UTF-8 but
    are plain Windows-1252 text; otherwise an error naming the encoding to use."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        raise _fail(
            error,
            path,
            "the file is not text in UTF-8 (it looks like UTF-16 or a binary file); "
            "save it as UTF-8 (in Excel: 'CSV UTF-8')",
        )
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = ""
        if not text or _CONTROL.search(text):
            raise _fail(
                error,
                path,
                f"byte 0x{data[exc.start]:02x} is neither UTF-8 nor Windows-1252 text; "
                "save the file as UTF-8 (in Excel: 'CSV UTF-8')",
                line,
            ) from None
        warnings.warn(
            f"{path}: not UTF-8 (first at line {line}); read as Windows-1252, the encoding "
            "Excel uses on Swedish Windows. Save it as UTF-8 to be sure of å, ä and ö.",
            InputWarning,
            stacklevel=3,
        )
        return text
    if "\x00" in text:
        raise _fail(error, path, "the file contains NUL bytes; save it as UTF-8 text")
    return text


def read_text(path: str | Path, *, what: str, error: ErrorType | None = None) -> str:
    """Read a text input file through the size and encoding checks.

    ``what`` names the file in messages ("scenario", "unit-cost"); ``error``
    builds the exception from ``file, line N: message`` (default: a
    :class:`DataFileError`).

    Example:
        >>> from socinv._data import data_path
        >>> read_text(data_path("kpi_se.csv"), what="CPI").startswith("year")
        True
    """
    p = Path(path)
    if not p.is_file():
        raise _fail(error, p, f"{what} file not found")
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _fail(
            error,
            p,
            f"the {what} file is {size / 2**20:.1f} MiB; the limit is "
            f"{MAX_FILE_BYTES // 2**20} MiB",
        )
    return decode(p.read_bytes(), p, error)


# --- YAML and JSON ---------------------------------------------------------------------
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


# --- validation messages ---------------------------------------------------------------
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


# --- CSV -------------------------------------------------------------------------------
_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d[\d \u00a0]*,\d+\s*$")


@dataclass(frozen=True)
class CsvTable:
    """A CSV file read by :func:`read_csv`: ``header`` and ``rows`` as
    ``(line, {column: text})`` pairs, ``line`` counted from 1."""

    path: Path
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    delimiter: str

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return iter(self.rows)

    def __enter__(self) -> CsvTable:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def sniff_delimiter(first_line: str) -> str:
    """``;`` when the header line has more semicolons than commas (Excel with
    Swedish settings), else ``,``."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


def read_csv(path: str | Path, *, what: str, numeric: Sequence[str] = ()) -> CsvTable:
    """Read a CSV input file through :func:`read_text`; :class:`DataFileError`
    names the file and line. Columns in ``numeric`` may not use a decimal comma.

    Example:
        >>> from socinv._data import data_path
        >>> t = read_csv(data_path("kpi_se.csv"), what="CPI", numeric=["kpi_1980_100"])
        >>> t.header[:2], t.rows[0][0]
        (['year', 'kpi_1980_100'], 2)
    """
    p = Path(path)
    text = read_text(p, what=what)
    delimiter = sniff_delimiter(text.split("\n", 1)[0])
    old = csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        while True:
            start = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                msg = str(exc)
                if "field larger than field limit" in msg:
                    msg = (
                        f"a field is longer than {CSV_FIELD_LIMIT:,} characters "
                        "(a missing closing quote?)"
                    )
                raise DataFileError(p, f"not a valid CSV row: {msg}", line=start) from None
            if header is None:
                header = [h.strip() for h in record]
                continue
            if not record:
                continue  # a blank line
            if len(record) > len(header):
                hint = (
                    "; a number with a decimal comma, or a text with a comma that is not "
                    'in "quotes"?'
                    if delimiter == ","
                    else ""
                )
                raise DataFileError(
                    p,
                    f"row has {len(record)} fields, header has {len(header)}{hint}",
                    line=start,
                )
            row = dict(zip(header, record, strict=False))
            for col in numeric:
                value = row.get(col, "")
                if _DECIMAL_COMMA.match(value):
                    fixed = value.strip().replace(",", ".").replace(" ", "").replace("\u00a0", "")
                    raise DataFileError(
                        p,
                        f"{value.strip()!r} has a decimal comma; write {fixed} "
                        "(a decimal point, no thousands separator)",
                        line=start,
                        column=col,
                    )
            rows.append((start, row))
    finally:
        csv.field_size_limit(old)
    if header is None:
        raise DataFileError(p, f"the {what} file is empty (no header line)")
    return CsvTable(p, header, rows, delimiter)
