"""``socinv run``: compare status quo with the intervention and print the
per-payer result; optionally write the streams and tables as CSV."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from socinv.cli.common import add_scenario_options, write_csv_files
from socinv.cli.lang import add_lang_option, wrote
from socinv.formatting import Formatter, check_lang, sek, table
from socinv.i18n import payer_word, translator
from socinv.scenarios import Comparison, compare
from socinv.unitcosts import load_catalogue
from socinv.writers import OutputFolder


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("run", help="compare status quo with the intervention, per payer")
    p.add_argument("scenario", type=Path, help="scenario file (.yaml or .json)")
    add_scenario_options(p)
    add_lang_option(p)
    p.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="write streams.csv, summary.csv, yearly.csv, payers.csv, unit_costs.csv",
    )
    p.set_defaults(func=_run)


def report_text(cmp: Comparison, lang: str = "en") -> str:
    """The per-payer summary as plain text (what ``socinv run`` prints), in
    English or Swedish."""
    _ = translator(lang)
    f = Formatter(check_lang(lang))
    sc = cmp.scenario
    disc = sc.discounting
    rate = (
        f.rate(disc.rate)
        if disc.schedule is None
        else _("schedule")
        + " "
        + ", ".join(
            _("{rate} from year {year}").format(rate=f.rate(s.rate), year=s.from_year)
            for s in disc.schedule
        )
    )
    base = disc.base_year if disc.base_year is not None else sc.start_year
    convention = _("end-of-year") if disc.convention.value == "end" else _("mid-year")
    lines = [
        f"{sc.title or sc.name}",
        f"  {_('status quo')}: {sc.status_quo.label or _('status quo')}",
        f"  {_('intervention')}: {sc.intervention.label or _('intervention')}",
        "  "
        + _("cohort {n} person(s), ages {a0}–{a1} ({y0}–{y1})").format(
            n=f.number(sc.cohort_size),
            a0=sc.start_age,
            a1=sc.end_age,
            y0=sc.start_year,
            y1=sc.start_year + sc.horizon_years - 1,
        ),
        "  "
        + _("SEK in {year} prices; discounted at {rate} ({convention}) to {base}").format(
            year=cmp.price_year, rate=rate, convention=convention, base=base
        ),
        "",
    ]
    s = cmp.summary()
    rows = []
    for persp, r in s.iterrows():
        rows.append(
            [
                payer_word(str(persp), lang),
                sek(r["cost_status_quo_disc"], lang=lang),
                sek(r["cost_intervention_disc"], lang=lang),
                sek(r["intervention_cost_disc"], lang=lang),
                sek(r["savings_disc"], lang=lang),
                sek(r["npv"], lang=lang),
                f.ratio(r["roi"]),
                f.ratio(r["bcr"]),
                _break_even_text(r, lang),
            ]
        )
    lines.append(
        _("Present values (SEK); savings are before the intervention's cost, NPV after it.")
    )
    lines.append(
        table(
            [
                _("perspective"),
                _("status quo"),
                _("intervention"),
                _("invests"),
                _("savings"),
                _("NPV"),
                _("ROI"),
                _("BCR"),
                _("break-even"),
            ],
            rows,
            "lrrrrrrrl",
        )
    )
    lines.append("")
    w = cmp.who_invests_who_gains()
    lines.append(_("Who invests, who gains (present values, SEK):"))
    lines.append(
        table(
            [_("payer"), _("invests"), _("saves"), _("net"), _("role")],
            [
                [
                    payer_word(str(p), lang),
                    sek(r["invests_disc"], lang=lang),
                    sek(r["saves_disc"], lang=lang),
                    sek(r["net_disc"], lang=lang),
                    _(str(r["role"])),
                ]
                for p, r in w.iterrows()
            ],
            "lrrrl",
        )
    )
    lines.append("")
    lines.append(
        _(
            "ROI = NPV / investment; BCR = savings / investment "
            "('—' where the payer invests nothing)."
        )
    )
    lines.append(
        _("Society = all payers; transfers net out. Public = municipality + region + state.")
    )
    return "\n".join(lines)


def _break_even_text(r: pd.Series, lang: str = "en") -> str:
    """Break-even as a reader needs it (the one rule,
    :func:`socinv.scenarios.metrics.break_even_status`): 'never behind' for a
    perspective that never is, '—' for one the intervention does not touch."""
    _ = translator(lang)
    status = r["break_even_status"]
    if status == "never":
        return _("never")
    if status == "not affected":
        return "—"
    if status == "never behind":
        return _("never behind")
    return _("{year} (age {age})").format(
        year=int(r["break_even_year"]), age=int(r["break_even_age"])
    )


def write_outputs(cmp: Comparison, out: Path, lang: str = "en") -> list[Path]:
    """Write the comparison's tables as CSV files into ``out`` (in the
    language's CSV convention)."""
    files = {
        "streams.csv": cmp.streams(),
        "summary.csv": cmp.summary().reset_index(),
        "yearly.csv": cmp.yearly(),
        "payers.csv": cmp.who_invests_who_gains().reset_index(),
        "unit_costs.csv": cmp.unit_costs_used(),
    }
    return write_csv_files(out, files, lang)


def _run(args: argparse.Namespace) -> int:
    catalogue = load_catalogue(extra=args.local) if args.local else None
    cmp = compare(args.scenario, catalogue=catalogue, price_year=args.price_year, rate=args.rate)
    print(report_text(cmp, args.lang))
    if args.out:
        with OutputFolder(args.out) as stage:
            write_outputs(cmp, stage.dir, args.lang)
        for path in stage.written:
            print(wrote(path, args.lang))
    return 0
