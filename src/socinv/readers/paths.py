"""Files that one input file names (a scenario's ``catalogue.extra``): they
must lie in the naming file's own folder tree, or under a root the caller
allows explicitly, so a scenario cannot make socinv read files elsewhere
(``../../etc/passwd``, an absolute path, a symbolic link pointing out)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from socinv.errors import OutsideFolderError


def confined_file(
    ref: str,
    base_dir: str | Path,
    *,
    roots: Sequence[str | Path] = (),
    where: str,
) -> Path:
    """The file ``ref`` (relative to ``base_dir``, the naming file's folder)
    if it lies inside ``base_dir`` or one of ``roots`` once resolved (links
    followed); else :class:`OutsideFolderError` naming ``where`` (the file and
    field). Nothing outside is looked at: the check comes before any read.

    Example:
        >>> confined_file("local.csv", "data/scenarios", where="x.yaml: catalogue.extra[0]").name
        'local.csv'
        >>> try:
        ...     confined_file("../unit_costs_se.csv", "data/scenarios", where="x.yaml: extra")
        ... except OutsideFolderError as exc:
        ...     print(str(exc).split(";")[0])
        x.yaml: extra: '../unit_costs_se.csv' is outside the scenario's folder data/scenarios
    """
    if "\x00" in ref:
        raise OutsideFolderError(f"{where}: the path contains a NUL character")
    base = Path(base_dir)
    path = Path(ref)
    full = path if path.is_absolute() else base / path
    real = full.resolve()
    allowed = [base.resolve(), *(Path(r).resolve() for r in roots)]
    if not any(real.is_relative_to(r) for r in allowed):
        also = "".join(f" or {r}" for r in roots)
        raise OutsideFolderError(
            f"{where}: {ref!r} is outside the scenario's folder {base}{also}; copy the file "
            "into that folder (or a folder below it) and name it relative to the scenario"
        )
    return full
