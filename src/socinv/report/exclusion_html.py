"""The cost-of-exclusion section of the scenario report: for a status quo
alone (no intervention) or an exclusion vs inclusion pair, what the
exclusion trajectory costs each payer by kind of cost, undiscounted and as a
present value (SEK in the scenario's price year, the whole cohort). The
numbers are those of :meth:`Comparison.cost_of_exclusion`; this module only
formats them for ``scenario.html``."""

from __future__ import annotations

from typing import Any

from socinv.i18n import kind_word
from socinv.report.blocks import Page
from socinv.scenarios.comparison import Comparison
from socinv.scenarios.exclusion import is_pair, is_status_quo_alone


def exclusion_context(cmp: Comparison, p: Page) -> dict[str, Any] | None:
    """Rows of the cost-of-exclusion table, or ``None`` for an ordinary
    comparison (an intervention with costs or effects on the status quo).

    Example:
        >>> from socinv import compare
        >>> cmp = compare("data/scenarios/foster_care_school_support.yaml")
        >>> exclusion_context(cmp, Page("en")) is None
        True
    """
    alone = is_status_quo_alone(cmp)
    if not alone and not is_pair(cmp):
        return None
    _, f = p._, p.f
    t = cmp.cost_of_exclusion()
    rows: list[list[Any]] = [
        [
            p.swatch(str(r["payer"])),
            kind_word(str(r["kind"]), p.lang),
            f.amount(r["cost_sek"]),
            f.amount(r["cost_disc_sek"]),
        ]
        for r in t.to_dict("records")
    ]
    rows.append(
        [p.payer("society"), "", f.amount(t["cost_sek"].sum()), f.amount(t["cost_disc_sek"].sum())]
    )
    size = float(cmp.theta[0, cmp.model.cohort_idx])
    return {
        "alone": alone,
        "what": _("the status quo") if alone else _("exclusion minus inclusion trajectory"),
        "headers": [_("Payer"), _("Kind"), _("Undiscounted"), _("Present value")],
        "rows": rows,
        "row_classes": [""] * (len(rows) - 1) + ["total"],
        "cohort": f.number(size),
        "per_person": f.amount(t["cost_sek"].sum() / size),
        "per_person_disc": f.amount(t["cost_disc_sek"].sum() / size),
    }
