"""Every notebook in ``notebooks/`` is kept without outputs in git and
executes cleanly, in seconds, with the current interpreter as its kernel."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
#: wall-clock budget per notebook (they are meant to run in seconds)
BUDGET_S = 90.0


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def test_there_are_notebooks() -> None:
    assert any(p.name == "tour.ipynb" for p in PATHS)


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        i
        for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{path.name}: code cells {dirty} carry outputs or execution counts; clear them "
        "before committing (see docs/reports.md, 'Notebooks')"
    )


def _kernel_manager(tmp_path: Path) -> Any:
    """A kernel manager that runs ipykernel with *this* interpreter, whatever
    kernel specs are (or are not) installed, so a fresh venv works."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    kernels = tmp_path / "kernels"
    spec = kernels / "socinv-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "socinv test kernel",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    ksm = KernelSpecManager(kernel_dirs=[str(kernels)])
    return KernelManager(kernel_name="socinv-test", kernel_spec_manager=ksm)


@pytest.mark.parametrize("path", PATHS, ids=_ids(PATHS))
def test_notebook_executes(path: Path, tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(path, as_version=4)
    km = _kernel_manager(tmp_path)
    client = nbclient.NotebookClient(
        nb,
        km=km,
        timeout=120,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    errors = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors
    assert elapsed < BUDGET_S, f"{path.name} took {elapsed:.0f} s; notebooks must run in seconds"
