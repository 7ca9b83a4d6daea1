"""Every code snippet in README.md and docs/*.md runs.

* ```python blocks run in order, one namespace per document, in a temporary
  folder where ``data/`` is the repository's data (so the paths in the docs
  work and nothing is written into the repository);
* in ```bash, ```sh and ```console blocks every line starting with
  ``socinv `` (after an optional ``$ `` prompt) runs through the CLI entry
  point and must exit 0. Synopsis lines with placeholders (SCENARIO, N, ...)
  belong in ```text blocks, which are not run.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from socinv.cli.main import main
from support import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)
SHELL = ("bash", "sh", "console", "shell")


def blocks(path: Path, langs: tuple[str, ...]) -> Iterator[tuple[int, str]]:
    """``(line, code)`` of each fenced block in ``langs``; ``line`` counted from 1."""
    text = path.read_text(encoding="utf-8")
    for m in FENCE.finditer(text):
        if m.group(1) in langs:
            yield text.count("\n", 0, m.start()) + 2, m.group(2)


def shell_commands(path: Path) -> Iterator[tuple[int, str]]:
    for start, code in blocks(path, SHELL):
        for i, line in enumerate(code.splitlines()):
            cmd = line.strip().removeprefix("$ ").strip()
            if cmd.startswith("socinv "):
                yield start + i, cmd


def _cases(kind: str) -> list[object]:
    out: list[object] = []
    for doc in DOCS:
        name = doc.relative_to(ROOT).as_posix()
        if kind == "python" and any(True for _ in blocks(doc, ("python",))):
            out.append(pytest.param(doc, id=name))
        if kind == "shell":
            out += [
                pytest.param(doc, line, cmd, id=f"{name}:{line}")
                for line, cmd in shell_commands(doc)
            ]
    return out


@pytest.fixture
def docs_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder like the repository root for the snippets: ``data/`` and
    ``notebooks/`` linked in, everything else written here."""
    for name in ("data", "notebooks", "docs"):
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("doc", _cases("python"))
def test_python_blocks_run(doc: Path, docs_dir: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for line, code in blocks(doc, ("python",)):
        try:
            exec(compile(code, f"{doc.name}:{line}", "exec"), namespace)
        except Exception as exc:
            raise AssertionError(
                f"{doc.name}, block at line {line}: {type(exc).__name__}: {exc}"
            ) from exc


@pytest.mark.parametrize(("doc", "line", "cmd"), _cases("shell"))
def test_shell_lines_run(
    doc: Path, line: int, cmd: str, docs_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = shlex.split(cmd, comments=True)[1:]
    code = main(args)
    err = capsys.readouterr().err
    assert code == 0, f"{doc.name}:{line}: `{cmd}` exited {code}: {err}"


def test_synopsis_lines_are_not_in_shell_blocks() -> None:
    """Placeholders (SCENARIO, FUND.yaml, [options]) only in ```text blocks."""
    for doc in DOCS:
        for line, cmd in shell_commands(doc):
            assert not re.search(r"\b[A-Z]{2,}\b(?![a-z])|\[--", cmd), f"{doc.name}:{line}: {cmd}"


# --- tables of figures ----------------------------------------------------------------------
def _doc_number(text: str) -> tuple[float, float] | None:
    """A figure as the docs show it (``5 749 496``, ``250 MSEK``, ``81.7 %``,
    ``0.755``) as ``(value, half of its last shown digit)``; None if no number."""
    m = re.fullmatch(r"([0-9][0-9 \u202f]*)(?:\.([0-9]+))?\s*(MSEK|%)?", text.strip())
    if not m:
        return None
    whole, dec, unit = (
        m.group(1).replace(" ", "").replace("\u202f", ""),
        m.group(2) or "",
        m.group(3),
    )
    value = float(f"{whole}.{dec}" if dec else whole)
    half = 0.5 * 10 ** -len(dec)
    scale = {"MSEK": 1e6, "%": 0.01}.get(unit or "", 1.0)
    return value * scale, half * scale


def test_cases_table_matches_the_code() -> None:
    """The table in docs/cases.md is `socinv cases --compare`, figure by figure."""
    from socinv.cases import compare_cases

    text = (ROOT / "docs" / "cases.md").read_text(encoding="utf-8")
    start = text.index("| case | figure | published | socinv |")
    rows = []
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split("|")])
    df = compare_cases()
    assert len(rows) == len(df), "docs/cases.md lists another number of figures than the code"
    wrong = []
    for (case, _fig, _pub, shown, _tol, status), (_, r) in zip(rows, df.iterrows(), strict=True):
        assert case.split(" (")[0] == r["case"]
        parsed = _doc_number(shown)
        assert parsed is not None, f"{case}: cannot read {shown!r}"
        value, half = parsed
        if abs(value - float(r["socinv"])) > half + 1e-9 * abs(value):
            wrong.append(
                f"{case} {r['figure']}: docs say {shown}, the code gives {r['socinv']:,.3f}"
            )
        if not status.startswith(str(r["status"])):
            wrong.append(f"{case} {r['figure']}: docs say {status!r}, the code {r['status']!r}")
    assert not wrong, "docs/cases.md is out of date:\n" + "\n".join(wrong)
