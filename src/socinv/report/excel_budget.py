"""Years-across sheets of a comparison, laid out like a budget: one sheet per
payer, rows = what is paid for (arm, kind, item), columns = years, and a
present-value column of live formulas over the discount-factor row, which in
turn is a formula of the discount-rate cell (defined name ``Rate``) on the
About sheet. An analyst who changes the rate sees every present value and NPV
change; with socinv's rate the formulas give socinv's numbers.

A sheet of present values per perspective adds the payers' sheets up
(public = municipality + region + state; society = all payers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd

from socinv.i18n import kind_word, payer_word, translator
from socinv.payers import PERSPECTIVES
from socinv.report.sheets import SEK_FORMAT
from socinv.scenarios.comparison import Comparison
from socinv.scenarios.model import G_COST
from socinv.writers import neutralise

#: The workbook name of the discount-rate cell.
RATE_NAME: Final = "Rate"
#: First row and column of the yearly values on a payer sheet.
FIRST_ROW: Final = 9
FIRST_COL: Final = 5  # E
_FACTOR_ROW: Final = 7
_TAU_ROW: Final = 6

#: Payer sheets' total rows, in order (keys of :attr:`PayerSheet.totals`).
TOTALS: Final = ("status_quo", "intervention", "investment", "savings", "net")


def col(j: int) -> str:
    """Column letter of 1-based column ``j``."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(j))


@dataclass(frozen=True)
class PayerSheet:
    """Where a payer's sheet keeps its present values: ``totals`` maps each of
    :data:`TOTALS` to the cell (``'Sheet'!$D$n``) holding its present value."""

    payer: str
    title: str
    totals: dict[str, str]


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _cost_timing(cmp: Comparison) -> dict[str, int]:
    """Item of each intervention-cost row -> its timing (index into
    :attr:`Model.timings`; 0 = the scenario's convention)."""
    m = cmp.model
    return {r.item: int(m.row_timing[e]) for e, r in enumerate(m.rows) if m.row_group[e] == G_COST}


def _payer_rows(cmp: Comparison, payer: str) -> list[tuple[str, str, str, np.ndarray, int]]:
    """(group, kind, item label, yearly SEK, timing) rows of one payer:
    status-quo episodes, intervention-arm episodes, then the intervention's
    own cost (timing: index into :attr:`Model.timings`, 0 for episodes)."""
    s = cmp.streams()
    s = s[s["payer"] == payer]
    years = [int(y) for y in cmp.model.years]
    timing = _cost_timing(cmp)
    rows: list[tuple[str, str, str, np.ndarray, int]] = []
    groups = (
        ("status_quo", (s["arm"] == "status_quo") & (s["component"] == "episode")),
        ("intervention", (s["arm"] == "intervention") & (s["component"] == "episode")),
        ("investment", s["component"] == "intervention_cost"),
    )
    for group, mask in groups:
        part = s[mask]
        if part.empty:
            continue
        keys = ["kind", "item", "name_sv"]
        part = part.assign(item=part["item"].fillna(""), name_sv=part["name_sv"].fillna(""))
        table = part.pivot_table(
            index=keys, columns="year", values="cost_sek", aggfunc="sum", fill_value=0.0
        ).reindex(columns=years, fill_value=0.0)
        for key, values in table.iterrows():
            kind, item, name = (str(x) for x in key)  # type: ignore[attr-defined]
            label = f"{name} ({item})" if name and item else str(name or item or "")
            k = timing.get(item, 0) if group == "investment" else 0
            rows.append((group, str(kind), label, values.to_numpy(dtype=float), k))
    return rows


def write_payer_sheet(wb: Any, cmp: Comparison, payer: str, lang: str) -> PayerSheet:
    """One payer's years-across sheet; returns where its present values are."""
    from openpyxl.styles import Alignment, Font, PatternFill

    _ = translator(lang)
    sc = cmp.scenario
    disc = sc.discounting
    years = [int(y) for y in cmp.model.years]
    n = len(years)
    first, last = col(FIRST_COL), col(FIRST_COL + n - 1)
    title = payer_word(payer, lang).capitalize()[:31]
    ws = wb.create_sheet(title)
    bold = Font(bold=True)
    ws["A1"] = _("{payer}: cost per year and present values (SEK, {year} prices)").format(
        payer=payer_word(payer, lang), year=cmp.price_year
    )
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = _(
        "Present values are formulas over the discount factor row; the factors follow the "
        "discount rate on the About sheet (named {name}). Change the rate there to see the "
        "present values change."
    ).format(name=RATE_NAME)
    header = [_("Arm"), _("Kind"), _("Item"), _("Present value (SEK)")]
    for j, h in enumerate(header, start=1):
        ws.cell(row=4, column=j, value=h).font = bold
    ws.cell(row=5, column=3, value=_("Age"))
    ws.cell(row=_TAU_ROW, column=3, value=_("Years from the base year to the payment"))
    ws.cell(row=_FACTOR_ROW, column=3, value=_("Discount factor"))
    m = cmp.model
    # one more factor row for each other timing of the intervention's costs
    timing_words = {
        "start": _("Discount factor, intervention cost paid at the start of the year"),
        "mid": _("Discount factor, intervention cost paid in the middle of the year"),
        "end": _("Discount factor, intervention cost paid at the end of the year"),
    }
    for k in range(1, len(m.timings)):
        ws.cell(row=_FACTOR_ROW + k, column=3, value=timing_words[m.timings[k].value])
    tau0 = disc.time_offset(sc.start_year)
    constant = disc.schedule is None
    factors = cmp.labelled.timing_factors[0]  # (timing, year)
    for k, y in enumerate(years):
        c = FIRST_COL + k
        ws.cell(row=4, column=c, value=y).font = bold
        ws.cell(row=5, column=c, value=int(cmp.model.ages[k]))
        ws.cell(row=_TAU_ROW, column=c, value=float(k + tau0))
        for j, t0 in enumerate(m.timing_tau0):
            if constant:  # tau of timing j: the tau row moved by the difference of offsets
                shift = t0 - tau0
                tau = f"({col(c)}{_TAU_ROW}{shift:+g})" if shift else f"{col(c)}{_TAU_ROW}"
                f = f"=(1+{RATE_NAME})^-{tau}"
                cell = ws.cell(row=_FACTOR_ROW + j, column=c, value=f)
            else:  # a schedule: the factors are socinv's (the rate cell is the first step)
                cell = ws.cell(row=_FACTOR_ROW + j, column=c, value=float(factors[j, k]))
            cell.number_format = "0.0000"
    if not constant:
        ws["A3"] = _(
            "The scenario discounts with a schedule of rates: the factors are fixed values, "
            "not formulas of the rate cell."
        )

    def pv(r: int, timing: int = 0) -> str:
        fr = _FACTOR_ROW + timing
        return f"=SUMPRODUCT({first}{r}:{last}{r},{first}${fr}:{last}${fr})"

    groups = {
        "status_quo": _("Status quo"),
        "intervention": _("Intervention arm"),
        "investment": _("Investment"),
    }
    r = FIRST_ROW + len(m.timings) - 1  # below the factor rows
    spans: dict[str, tuple[int, int]] = {}
    for group, kind, text, values, timing in _payer_rows(cmp, payer):
        lo, _hi = spans.get(group, (r, r))
        spans[group] = (lo, r)
        ws.cell(row=r, column=1, value=groups[group])
        ws.cell(row=r, column=2, value=kind_word(kind, lang))
        ws.cell(row=r, column=3, value=neutralise(text))
        ws.cell(row=r, column=4, value=pv(r, timing)).number_format = SEK_FORMAT
        for k, v in enumerate(values):
            ws.cell(row=r, column=FIRST_COL + k, value=float(v)).number_format = SEK_FORMAT
        r += 1
    r += 1
    labels = {
        "status_quo": _("Cost, status quo"),
        "intervention": _("Cost, intervention arm (before the investment)"),
        "investment": _("Investment"),
        "savings": _("Savings (status quo − intervention arm)"),
        "net": _("Net (savings − investment)"),
    }
    rows = {name: r + i for i, name in enumerate(TOTALS)}
    fill = PatternFill("solid", fgColor="EEF1F5")
    for name in TOTALS:
        row = rows[name]
        ws.cell(row=row, column=1, value=labels[name]).font = bold
        for k in range(n):
            letter = col(FIRST_COL + k)
            if name in spans:
                lo, hi = spans[name]
                f = f"=SUM({letter}{lo}:{letter}{hi})"
            elif name == "savings":
                f = f"={letter}{rows['status_quo']}-{letter}{rows['intervention']}"
            elif name == "net":
                f = f"={letter}{rows['savings']}-{letter}{rows['investment']}"
            else:
                f = "=0"
            ws.cell(row=row, column=FIRST_COL + k, value=f).number_format = SEK_FORMAT
        if name == "investment" and name in spans:  # each cost at its own timing
            value = f"=SUM(D{spans[name][0]}:D{spans[name][1]})"
        elif name == "net":
            value = f"=D{rows['savings']}-D{rows['investment']}"
        else:
            value = pv(row)
        cell = ws.cell(row=row, column=4, value=value)
        cell.number_format = SEK_FORMAT
        cell.font = bold
        for j in range(1, FIRST_COL + n):
            ws.cell(row=row, column=j).fill = fill
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 48
    ws.column_dimensions["D"].width = 18
    for k in range(n):
        ws.column_dimensions[col(FIRST_COL + k)].width = 11
    ws["A2"].alignment = Alignment(wrap_text=False)
    ws.freeze_panes = f"{first}5"
    ref = _quoted(title)
    totals = {name: f"{ref}!$D${rows[name]}" for name in TOTALS}
    return PayerSheet(payer, title, totals)


def write_present_values(wb: Any, cmp: Comparison, sheets: dict[str, PayerSheet], lang: str) -> Any:
    """The present values per perspective, as formulas over the payer sheets
    (payers without a sheet have no costs: 0)."""
    from openpyxl.styles import Font

    _ = translator(lang)
    ws = wb.create_sheet(_("Present values"))
    headers = [
        _("Perspective"),
        _("Cost, status quo, present value (SEK)"),
        _("Cost, intervention arm, present value (SEK)"),
        _("Investment, present value (SEK)"),
        _("Savings, present value (SEK)"),
        _("Net present value (SEK)"),
    ]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    members = {
        "public": ("municipality", "region", "state"),
        "society": tuple(p.value for p in PERSPECTIVES if p.value not in ("public", "society")),
    }
    for i, persp in enumerate(PERSPECTIVES, start=2):
        ws.cell(row=i, column=1, value=payer_word(persp.value, lang))
        payers = members.get(persp.value, (persp.value,))
        for j, name in enumerate(("status_quo", "intervention", "investment", "savings", "net")):
            refs = [sheets[p].totals[name] for p in payers if p in sheets]
            value = "=" + "+".join(refs) if refs else 0.0
            ws.cell(row=i, column=2 + j, value=value).number_format = SEK_FORMAT
    for j in range(1, len(headers) + 1):
        ws.column_dimensions[col(j)].width = 24 if j > 1 else 20
    ws.freeze_panes = "B2"
    return ws


def write_budget_sheets(wb: Any, cmp: Comparison, lang: str) -> dict[str, PayerSheet]:
    """A sheet per payer with costs, and the present-values sheet."""
    payers = [p for p in pd.unique(cmp.streams()["payer"]) if isinstance(p, str)]
    order: list[str] = [str(p.value) for p in PERSPECTIVES if p.value in payers]
    sheets = {p: write_payer_sheet(wb, cmp, p, lang) for p in order}
    write_present_values(wb, cmp, sheets, lang)
    return sheets
