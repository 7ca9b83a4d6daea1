"""``socinv run``: compare status quo with the intervention and print the
per-payer result; optionally write the streams and tables as CSV."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import pandas as pd

from socinv.cli.common import add_scenario_options, write_csv_files
from socinv.errors import ParameterError
from socinv.formatting import ratio, sek, table
from socinv.scenarios import Comparison
from socinv.scenarios.alternatives import Alternatives, compare_alternatives
from socinv.scenarios.models import Scenario
from socinv.unitcosts import load_catalogue


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("run", help="compare status quo with the intervention, per payer")
    p.add_argument("scenario", type=Path, help="scenario file (.yaml or .json)")
    add_scenario_options(p)
    p.add_argument(
        "--cohort",
        type=float,
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


def report_text(cmp: Comparison) -> str:
    """The per-payer summary as plain text (what ``socinv run`` prints)."""
    sc = cmp.scenario
    disc = sc.discounting
    rate = (
        f"{disc.rate:.1%}"
        if disc.schedule is None
        else "schedule " + ", ".join(f"{s.rate:.1%} from year {s.from_year}" for s in disc.schedule)
    )
    base = disc.base_year if disc.base_year is not None else sc.start_year
    size = float(cmp.theta[0, cmp.model.cohort_idx])
    lines = [
        f"{sc.title or sc.name}",
        f"  status quo:   {sc.status_quo.label or 'status quo'}",
        f"  intervention: {_intervention_label(sc)}",
        f"  cohort {size:g} person(s), ages {sc.start_age}–{sc.end_age} "
        f"({sc.start_year}–{sc.start_year + sc.horizon_years - 1})",
        f"  SEK in {cmp.price_year} prices; discounted at {rate} ({disc.convention.value}-of-year) "
        f"to {base}",
        "",
    ]
    s = cmp.summary()
    rows = []
    for persp, r in s.iterrows():
        be = _break_even_text(r)
        rows.append(
            [
                str(persp),
                sek(r["cost_status_quo_disc"]),
                sek(r["cost_intervention_disc"]),
                sek(r["intervention_cost_disc"]),
                sek(r["savings_disc"]),
                sek(r["npv"]),
                ratio(r["roi"]),
                ratio(r["bcr"]),
                be,
            ]
        )
    lines.append("Present values (SEK); savings are before the intervention's cost, NPV after it.")
    lines.append(
        table(
            [
                "perspective",
                "status quo",
                "intervention",
                "invests",
                "savings",
                "NPV",
                "ROI",
                "BCR",
                "break-even",
            ],
            rows,
            "lrrrrrrrl",
        )
    )
    lines.append("")
    lines.append("Undiscounted (SEK, sum over the years):")
    lines.append(
        table(
            ["perspective", "status quo", "intervention", "invests", "savings", "net"],
            [
                [
                    str(persp),
                    sek(r["cost_status_quo"]),
                    sek(r["cost_intervention"]),
                    sek(r["intervention_cost"]),
                    sek(r["savings"]),
                    sek(r["npv_undiscounted"]),
                ]
                for persp, r in s.iterrows()
            ],
            "lrrrrr",
        )
    )
    lines.append("")
    w = cmp.who_invests_who_gains()
    lines.append("Who invests, who gains (present values, SEK):")
    lines.append(
        table(
            ["payer", "invests", "saves", "net", "role"],
            [
                [
                    str(p),
                    sek(r["invests_disc"]),
                    sek(r["saves_disc"]),
                    sek(r["net_disc"]),
                    str(r["role"]),
                ]
                for p, r in w.iterrows()
            ],
            "lrrrl",
        )
    )
    lines.append("")
    lines.extend(exclusion_lines(cmp))
    lines.append(
        "ROI = NPV / investment; BCR = savings / investment ('—' where the payer invests nothing)."
    )
    lines.append("Society = all payers; transfers net out. Public = municipality + region + state.")
    return "\n".join(lines)


def _intervention_label(sc: Scenario) -> str:
    iv = sc.intervention
    if not iv.costs and not iv.effects and iv.episodes is None:
        return "none (the cost of exclusion of the status quo alone)"
    return iv.label or "intervention"


def exclusion_lines(cmp: Comparison) -> list[str]:
    """The cost of exclusion per payer and kind (undiscounted and present
    value) and, with a population block, per person, cohort and all cohorts."""
    from socinv.population import totals
    from socinv.scenarios.exclusion import cost_of_exclusion, is_pair

    t = cost_of_exclusion(cmp)
    what = "exclusion minus inclusion trajectory" if is_pair(cmp) else "status quo"
    lines = [f"Cost of exclusion ({what}), SEK, by payer and kind:"]
    rows = [
        [str(p), str(k), sek(float(u)), sek(float(d))]
        for p, k, u, d in zip(t["payer"], t["kind"], t["cost_sek"], t["cost_disc_sek"], strict=True)
    ]
    rows.append(["total", "", sek(t["cost_sek"].sum()), sek(t["cost_disc_sek"].sum())])
    lines.append(table(["payer", "kind", "undiscounted", "present value"], rows, "llrr"))
    lines.append("")
    if cmp.model.population is not None:
        tot = totals(cmp.labelled)
        k = cmp.model.population.inflow_years
        lines.append(f"Cost of the status quo by payer, SEK ({k} cohort(s), a new one each year):")
        lines.append(
            table(
                [
                    "payer",
                    "per person",
                    "per person PV",
                    "per cohort",
                    "per cohort PV",
                    "all cohorts",
                    "all cohorts PV",
                ],
                [[str(a), *(sek(float(v)) for v in r)] for a, r in tot.iterrows()],
                "lrrrrrr",
            )
        )
        lines.append("")
    return lines


def _break_even_text(r: pd.Series) -> str:
    """Break-even as a reader needs it (the one rule,
    :func:`socinv.scenarios.metrics.break_even_status`): 'never behind' for a
    perspective that never is, '—' for one the intervention does not touch."""
    status = r["break_even_status"]
    if status == "never":
        return "never"
    if status == "not affected":
        return "—"
    if status == "never behind":
        return "never behind"
    return f"{int(r['break_even_year'])} (age {int(r['break_even_age'])})"


def write_outputs(cmp: Comparison, out: Path) -> list[Path]:
    """Write the comparison's tables as CSV files into ``out``."""
    files = {
        "streams.csv": cmp.streams(),
        "summary.csv": cmp.summary().reset_index(),
        "yearly.csv": cmp.yearly(),
        "payers.csv": cmp.who_invests_who_gains().reset_index(),
        "unit_costs.csv": cmp.unit_costs_used(),
    }
    return write_csv_files(out, files)


def _run(args: argparse.Namespace) -> int:
    catalogue = load_catalogue(extra=args.local) if args.local else None
    overrides = None
    if args.cohort is not None:
        if not (math.isfinite(args.cohort) and args.cohort > 0):
            raise ParameterError(f"--cohort must be a number of persons above 0, got {args.cohort}")
        overrides = {"cohort.size": args.cohort}
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
        print(report_text(cmp))
        if args.out:
            for path in write_outputs(cmp, args.out):
                print(f"wrote {path}")
        return 0
    print(alternatives_text(alts))
    if args.out:
        written = write_csv_files(args.out, {"ranking.csv": alts.ranking().reset_index()})
        for aid, cmp in alts.comparisons.items():
            written += write_outputs(cmp, args.out / aid)
        for path in written:
            print(f"wrote {path}")
    return 0


def alternatives_text(alts: Alternatives) -> str:
    """Several interventions side by side: the status quo's cost once, then
    each alternative's investment, savings and NPV, ranked (what ``socinv
    run`` prints for a file with ``interventions:``)."""
    first = next(iter(alts.comparisons.values()))
    sc = first.scenario
    lines = [
        f"{sc.title or sc.name}",
        f"  status quo: {sc.status_quo.label or 'status quo'}; "
        f"{len(alts.comparisons)} alternatives compared with it",
        f"  SEK in {first.price_year} prices",
        "",
        *exclusion_lines(first),
        "Alternatives ranked by NPV for society (present values, SEK):",
    ]
    r = alts.ranking()
    lines.append(
        table(
            ["rank", "alternative", "invests", "savings", "NPV", "NPV undiscounted", "ROI"],
            [
                [
                    str(int(row["rank"])),
                    str(aid),
                    sek(float(row["invests_disc"])),
                    sek(float(row["savings_disc"])),
                    sek(float(row["npv"])),
                    sek(float(row["npv_undiscounted"])),
                    ratio(float(row["roi"])),
                ]
                for aid, row in r.iterrows()
            ],
            "rlrrrrr",
        )
    )
    lines.append("")
    sbs = alts.side_by_side()
    lines.append("NPV by perspective and alternative (present values, SEK):")
    lines.append(
        table(
            ["perspective", *map(str, sbs.columns)],
            [[str(p), *(sek(float(v)) for v in row)] for p, row in sbs.iterrows()],
            "l" + "r" * len(sbs.columns),
        )
    )
    return "\n".join(lines)
