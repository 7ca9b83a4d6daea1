"""A small evaluator of the formulas socinv writes into workbooks (numbers,
cell references with or without a sheet, ranges, the defined name of the
discount-rate cell, + - * / ^, SUM and SUMPRODUCT), so tests can check the
formulas give the library's numbers without a spreadsheet program."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

_REF = re.compile(r"(?:'((?:[^']|'')+)'!|([A-Za-z0-9_]+)!)?\$?([A-Z]{1,3})\$?(\d+)")


class Evaluator:
    """Evaluate cells of an openpyxl workbook (loaded without ``data_only``);
    ``overrides`` replaces named values (e.g. ``{"Rate": 0.05}``)."""

    def __init__(self, wb: Any, overrides: dict[str, float] | None = None) -> None:
        self.wb = wb
        self.cache: dict[tuple[str, str], float] = {}
        self.names: dict[str, float] = {}
        for name, dn in wb.defined_names.items():
            ((sheet, ref),) = list(dn.destinations)
            self.names[name] = float(self.cell(sheet, ref.replace("$", "")))
        self.names.update(overrides or {})
        self.cache = {}

    def cell(self, sheet: str, ref: str) -> float:
        key = (sheet, ref)
        if key not in self.cache:
            v = self.wb[sheet][ref].value
            if isinstance(v, str) and v.startswith("="):
                v = self.formula(v[1:], sheet)
            self.cache[key] = float(v or 0.0)
        return self.cache[key]

    def range(self, sheet: str, a: str, b: str) -> np.ndarray:
        from openpyxl.utils import range_boundaries

        c0, r0, c1, r1 = range_boundaries(f"{a}:{b}")
        from openpyxl.utils import get_column_letter

        return np.array(
            [
                self.cell(sheet, f"{get_column_letter(c)}{r}")
                for r in range(r0, r1 + 1)
                for c in range(c0, c1 + 1)
            ]
        )

    def formula(self, text: str, sheet: str) -> float:
        env: dict[str, Any] = {"SUM": lambda *xs: float(sum(np.sum(x) for x in xs))}
        env["SUMPRODUCT"] = lambda a, b: float(np.dot(a, b))
        out, i = [], 0
        # ranges first: 'S'!$A$1:$B$2 or A1:B2
        pattern = re.compile(_REF.pattern + r"(?::\$?([A-Z]{1,3})\$?(\d+))?")
        for k, m in enumerate(pattern.finditer(text)):
            out.append(text[i : m.start()])
            sh = (m.group(1) or "").replace("''", "'") or m.group(2) or sheet
            a = f"{m.group(3)}{m.group(4)}"
            name = f"_v{k}"
            if m.group(5):
                env[name] = self.range(sh, a, f"{m.group(5)}{m.group(6)}")
            else:
                env[name] = self.cell(sh, a)
            out.append(name)
            i = m.end()
        out.append(text[i:])
        expr = "".join(out).replace("^", "**")
        for n, v in self.names.items():
            expr = re.sub(rf"\b{re.escape(n)}\b", repr(v), expr)
        return float(eval(expr, {"__builtins__": {}}, env))
