"""``socinv run``: compare status quo with the intervention and print the
per-payer result; optionally write the streams and tables as CSV."""

from __future__ import annotations

import argparse
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from socinv.cli.cohort_option import parse_cohort
from socinv.cli.common import add_scenario_options, write_csv_files
from socinv.cli.lang import add_lang_option, wrote
from socinv.discounting import cost_timing_text
from socinv.formatting import Formatter, check_lang, sek, table
from socinv.i18n import kind_word, payer_word, translator
from socinv.scenarios import Comparison
from socinv.scenarios.alternatives import Alternatives, compare_alternatives
from socinv.scenarios.exclusion import exclusion_rows, is_pair, is_status_quo_alone
from socinv.scenarios.models import Scenario
from socinv.unitcosts import load_catalogue
from socinv.writers import OutputFolder

if TYPE_CHECKING:
    import pandas as pd


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("run", help="compare status quo with the intervention, per payer")
    p.add_argument("scenario", type=Path, help="scenario file (.yaml or .json)")
    add_scenario_options(p)
    add_lang_option(p)
    p.add_argument(
        "--cohort",
        type=str,
        metavar="N",
        help="number of persons in the cohort (replaces cohort_size or the population's size)",
    )
    p.add_argument(
        "--to-age",
        type=int,
        metavar="AGE",
        help="end the horizon at this age (included); later episodes and costs are dropped",
    )
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
    convention = {"end": _("end-of-year"), "mid": _("mid-year"), "start": _("start-of-year")}[
        disc.convention.value
    ]
    paid = cost_timing_text(sc.cost_timings, disc.convention, _)
    convention += f"; {paid}" if paid else ""
    size = float(cmp.theta[0, cmp.model.cohort_idx])
    lines = [
        f"{sc.title or sc.name}",
        f"  {_('status quo')}: {sc.status_quo.label or _('status quo')}",
        f"  {_('intervention')}: {_intervention_label(sc, lang)}",
        "  "
        + _("cohort {n} person(s), ages {a0}–{a1} ({y0}–{y1})").format(
            n=f.number(size),
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
    if is_status_quo_alone(cmp):
        # a cost-of-exclusion calculation: no investment, so no NPV, ROI or break-even
        lines.extend(exclusion_lines(cmp, lang))
        lines.append(
            _("Society = all payers; transfers net out. Public = municipality + region + state.")
        )
        return "\n".join(lines)
    s = cmp.summary_rows
    rows = []
    for r in s:
        rows.append(
            [
                payer_word(str(r["perspective"]), lang),
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
    lines.append(_("Undiscounted (SEK, sum over the years):"))
    lines.append(
        table(
            [
                _("perspective"),
                _("status quo"),
                _("intervention"),
                _("invests"),
                _("savings"),
                _("net"),
            ],
            [
                [
                    payer_word(str(r["perspective"]), lang),
                    sek(r["cost_status_quo"], lang=lang),
                    sek(r["cost_intervention"], lang=lang),
                    sek(r["intervention_cost"], lang=lang),
                    sek(r["savings"], lang=lang),
                    sek(r["npv_undiscounted"], lang=lang),
                ]
                for r in s
            ],
            "lrrrrr",
        )
    )
    lines.append("")
    w = cmp.payer_rows
    lines.append(_("Who invests, who gains (present values, SEK):"))
    lines.append(
        table(
            [_("payer"), _("invests"), _("saves"), _("net"), _("role")],
            [
                [
                    payer_word(str(r["payer"]), lang),
                    sek(r["invests_disc"], lang=lang),
                    sek(r["saves_disc"], lang=lang),
                    sek(r["net_disc"], lang=lang),
                    _(str(r["role"])),
                ]
                for r in w
            ],
            "lrrrl",
        )
    )
    lines.append("")
    lines.extend(exclusion_lines(cmp, lang))
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


def _intervention_label(sc: Scenario, lang: str = "en") -> str:
    _ = translator(lang)
    if is_status_quo_alone(sc):
        return _("none (the cost of exclusion of the status quo alone)")
    return sc.intervention.label or _("intervention")


def exclusion_lines(cmp: Comparison, lang: str = "en") -> list[str]:
    """The cost of exclusion per payer and kind (undiscounted and present
    value) and, with a population block, per person, cohort and all cohorts."""
    from socinv.population import totals

    _ = translator(lang)
    t = exclusion_rows(cmp)
    what = _("exclusion minus inclusion trajectory") if is_pair(cmp) else _("status quo")
    lines = [_("Cost of exclusion ({what}), SEK, by payer and kind:").format(what=what)]
    rows = [
        [
            payer_word(str(r["payer"]), lang),
            kind_word(str(r["kind"]), lang),
            sek(r["cost_sek"], lang=lang),
            sek(r["cost_disc_sek"], lang=lang),
        ]
        for r in t
    ]
    rows.append(
        [
            _("total"),
            "",
            sek(math.fsum(r["cost_sek"] for r in t), lang=lang),
            sek(math.fsum(r["cost_disc_sek"] for r in t), lang=lang),
        ]
    )
    lines.append(
        table([_("payer"), _("kind"), _("undiscounted"), _("present value")], rows, "llrr")
    )
    lines.append("")
    if cmp.model.population is not None:
        tot = totals(cmp.labelled)
        k = cmp.model.population.inflow_years
        lines.append(
            _("Cost of the status quo by payer, SEK ({k} cohort(s), a new one each year):").format(
                k=k
            )
        )
        lines.append(
            table(
                [
                    _("payer"),
                    _("per person"),
                    _("per person PV"),
                    _("per cohort"),
                    _("per cohort PV"),
                    _("all cohorts"),
                    _("all cohorts PV"),
                ],
                [
                    [payer_word(str(a), lang), *(sek(float(v), lang=lang) for v in r)]
                    for a, r in tot.iterrows()
                ],
                "lrrrrrr",
            )
        )
        lines.append("")
    return lines


def _break_even_text(r: Mapping[str, Any] | pd.Series[Any], lang: str = "en") -> str:
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
    overrides = None
    if args.cohort is not None:
        overrides = {"cohort.size": parse_cohort(args.cohort, args.lang)}
    alts = compare_alternatives(
        args.scenario,
        catalogue=catalogue,
        price_year=args.price_year,
        rate=args.rate,
        overrides=overrides,
        to_age=args.to_age,
    )
    if list(alts.comparisons) == ["intervention"]:
        cmp = alts.comparisons["intervention"]
        print(report_text(cmp, args.lang))
        if args.out:
            with OutputFolder(args.out) as stage:
                write_outputs(cmp, stage.dir, args.lang)
            for path in stage.written:
                print(wrote(path, args.lang))
        return 0
    print(alternatives_text(alts, args.lang))
    if args.out:
        with OutputFolder(args.out) as stage:
            write_csv_files(stage.dir, {"ranking.csv": alts.ranking().reset_index()}, args.lang)
            for aid, alt in alts.comparisons.items():
                write_outputs(alt, stage.dir / aid, args.lang)
        for path in stage.written:
            print(wrote(path, args.lang))
    return 0


def alternatives_text(alts: Alternatives, lang: str = "en") -> str:
    """Several interventions side by side: the status quo's cost once, then
    each alternative's investment, savings and NPV, ranked (what ``socinv
    run`` prints for a file with ``interventions:``)."""
    _ = translator(lang)
    f = Formatter(check_lang(lang))
    first = next(iter(alts.comparisons.values()))
    sc = first.scenario
    lines = [
        f"{sc.title or sc.name}",
        "  "
        + _("status quo: {label}; {n} alternatives compared with it").format(
            label=sc.status_quo.label or _("status quo"), n=len(alts.comparisons)
        ),
        "  " + _("SEK in {year} prices").format(year=first.price_year),
        "",
        *exclusion_lines(first, lang),
        _("Alternatives ranked by NPV for society (present values, SEK):"),
    ]
    r = alts.ranking()
    lines.append(
        table(
            [
                _("rank"),
                _("alternative"),
                _("invests"),
                _("savings"),
                _("NPV"),
                _("NPV undiscounted"),
                _("ROI"),
            ],
            [
                [
                    str(int(row["rank"])),
                    str(aid),
                    sek(float(row["invests_disc"]), lang=lang),
                    sek(float(row["savings_disc"]), lang=lang),
                    sek(float(row["npv"]), lang=lang),
                    sek(float(row["npv_undiscounted"]), lang=lang),
                    f.ratio(float(row["roi"])),
                ]
                for aid, row in r.iterrows()
            ],
            "rlrrrrr",
        )
    )
    lines.append("")
    sbs = alts.side_by_side()
    lines.append(_("NPV by perspective and alternative (present values, SEK):"))
    lines.append(
        table(
            [_("perspective"), *map(str, sbs.columns)],
            [
                [payer_word(str(p), lang), *(sek(float(v), lang=lang) for v in row)]
                for p, row in sbs.iterrows()
            ],
            "l" + "r" * len(sbs.columns),
        )
    )
    return "\n".join(lines)
