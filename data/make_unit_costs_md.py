"""Rewrite the generated section of data/UNIT_COSTS.md from data/unit_costs_se.csv.

Run from anywhere: ``python data/make_unit_costs_md.py`` (``--check``: only
report whether the file is current, exit 1 if not). The same section is
printed by ``socinv catalogue --markdown``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from socinv.unitcosts import read_unit_costs_csv
from socinv.unitcosts.markdown import render_generated, replace_generated

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    doc = HERE / "UNIT_COSTS.md"
    items = read_unit_costs_csv(HERE / "unit_costs_se.csv")
    old = doc.read_text(encoding="utf-8")
    new = replace_generated(old, render_generated(items))
    if "--check" in argv:
        print(f"{doc}: " + ("current" if new == old else "out of date"))
        return 0 if new == old else 1
    doc.write_text(new, encoding="utf-8")
    print(f"wrote {doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
