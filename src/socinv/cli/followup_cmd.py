"""``socinv followup``: the socioekonomiskt bokslut of observed outcomes
against a scenario's forecast — cost and savings per payer, the variance by
episode (volume and unit cost), the effects updated from the data, the
remaining forecast, and (with ``--contract``) the payments the observed
results trigger."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import pandas as pd

from socinv.cli.common import (
    add_document_options,
    add_local_option,
    add_root_option,
    check_document_options,
    write_csv_files,
)
from socinv.cli.lang import add_lang_option, wrote
from socinv.contracts import load_contract
from socinv.errors import ParameterError
from socinv.followup import bokslut, load_outcomes, reforecast, update_effects
from socinv.followup.repayment import (
    ObservedRepayment,
    contract_on_observed,
    fund_project,
    fund_repayment_on_observed,
)
from socinv.followup.update import updated_monte_carlo
from socinv.formatting import decimal_number, percent, sek, table
from socinv.fund import Fund, ProjectFlows, load_fund
from socinv.i18n import N_, payer_word, translator
from socinv.limits import DRAWS, SEED, YEAR
from socinv.scenarios.comparison import load_model, with_settings
from socinv.scenarios.io import load_scenario
from socinv.unitcosts import load_catalogue
from socinv.writers import OutputFolder

#: The tables' texts by key, in English (the source language); the Swedish
#: is in the gettext catalogue (see :func:`_texts`).
_TEXT: dict[str, str] = {
    "title": N_("Follow-up (socioekonomiskt bokslut)"),
    "years": N_("observed years"),
    "baseline": N_("savings measured against the"),
    "money": N_("SEK in {py} prices, undiscounted"),
    "by_payer": N_("Participants per year and payer: forecast vs observed cost, savings"),
    "by_agency": N_("Participants per payer and agency, all observed years"),
    "year": N_("year"),
    "payer": N_("payer"),
    "fc_cost": N_("forecast cost"),
    "obs_cost": N_("observed cost"),
    "fc_sav": N_("forecast savings"),
    "real_sav": N_("realised savings"),
    "variance": N_("Variance by episode, participants, all observed years (gross cost)"),
    "episode": N_("episode"),
    "fc_p": N_("persons fc"),
    "obs_p": N_("persons obs"),
    "volume": N_("volume"),
    "unit": N_("unit cost"),
    "total": N_("total"),
    "effects": N_("Effects updated from the data (prior -> posterior mean, sd)"),
    "param": N_("parameter"),
    "method": N_("method"),
    "prior": N_("prior mean"),
    "post": N_("posterior mean"),
    "sd": N_("posterior sd"),
    "form": N_("prior form"),
    "none": N_("no parameter could be updated (no prior distribution or no observed year)"),
    "remaining": N_("Savings to the horizon: realised so far and the remaining forecast"),
    "to_date": N_("realised to date"),
    "rem_fc": N_("remaining, forecast"),
    "rem_new": N_("remaining, re-estimated"),
    "mc": N_("P(NPV > 0) before and after the update ({n} draws, seed {seed})"),
    "before": N_("before"),
    "after": N_("after"),
    "change": N_("change"),
    "contract": N_("Contract {name}: payments on the observed outcomes (as of {year})"),
    "term": N_("term"),
    "amount": N_("amount (SEK)"),
    "status": N_("status"),
    "irr": N_("investor IRR so far"),
    "no_irr": N_("no payment yet"),
    "repay": N_("Fund {fund}, project {project}: repayment on observed savings (to {year})"),
    "rule": N_("rule"),
    "agency": N_("agency"),
    "fc_rep": N_("on forecast"),
    "obs_rep": N_("on observed"),
    "no_rep": N_("no repayment under the rules"),
    "timing": N_(
        "rule {rule}, installment {k}: due {due} (project ended {end}; first "
        "repayment by {first}, all by {last}): within deadlines {ok}; savings measured {measured}"
    ),
    "yes": N_("yes"),
    "no": N_("no"),
}
_BASELINES = (N_("comparison group"), N_("forecast status quo"))


def _texts(lang: str) -> dict[str, str]:
    """The tables' texts in ``lang`` (gettext)."""
    _ = translator(lang)
    return {key: _(message) for key, message in _TEXT.items()}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "followup",
        help="bokslut: observed outcomes against the forecast, updated effects, repayment",
    )
    p.add_argument("scenario", type=Path, help="scenario file (.yaml/.json)")
    p.add_argument("outcomes", type=Path, help="follow-up file of observed counts (.csv/.xlsx)")
    p.add_argument(
        "--contract",
        type=Path,
        metavar="YAML",
        help="pay this outcome contract on the"
        " observed outcomes (its uncertainty block also gives priors)",
    )
    p.add_argument(
        "--fund",
        type=Path,
        metavar="YAML",
        help="run the repayment rules of a project of this fund on the observed savings "
        "(the follow-up is then of the project: its cohort and years)",
    )
    p.add_argument("--project", metavar="ID", help="the fund's project (with --fund)")
    add_root_option(p, "fund")
    p.add_argument(
        "--end-year",
        type=YEAR.option(),
        metavar="Y",
        help="the project's actual last year (with --fund)",
    )
    p.add_argument(
        "--mc", type=DRAWS.option(), metavar="N", help="Monte Carlo draws before/after the update"
    )
    p.add_argument(
        "--seed", type=SEED.option(), default=1, metavar="S", help="Monte Carlo seed (default 1)"
    )
    add_lang_option(p)
    add_document_options(p, "scenario", "followup_*.csv (one per table)")
    add_local_option(p)
    p.set_defaults(func=_run)


def _payer(name: str, lang: str) -> str:
    """A payer or perspective name in the table's language."""
    return payer_word(name, lang)


def _agency_text(tx: dict[str, str], costs: pd.DataFrame, sav: pd.DataFrame, lang: str) -> str:
    """Participants' cost and realised savings per payer and agency, all
    observed years together."""
    part = costs[costs["group"] == "participants"]
    c = part.groupby(["payer", "agency"])[["forecast_sek", "observed_sek"]].sum()
    s = sav.groupby(["payer", "agency"])[["forecast_savings_sek", "realised_savings_sek"]].sum()
    df = pd.concat([c, s], axis=1).fillna(0.0).reset_index()
    df = df[df.drop(columns=["payer", "agency"]).abs().sum(axis=1) > 0.5]
    body = table(
        [tx["payer"], tx["agency"], tx["fc_cost"], tx["obs_cost"], tx["fc_sav"], tx["real_sav"]],
        [
            [
                _payer(str(r["payer"]), lang),
                str(r["agency"]),
                sek(r["forecast_sek"], lang=lang),
                sek(r["observed_sek"], lang=lang),
                sek(r["forecast_savings_sek"], lang=lang),
                sek(r["realised_savings_sek"], lang=lang),
            ]
            for r in df.to_dict("records")
        ],
        "llrrrr",
    )
    return f"{tx['by_agency']}\n{body}"


def _pct(x: float, lang: str) -> str:
    return percent(x, lang, 1)


def _root(args: argparse.Namespace) -> Path:
    """The folder a fund's scenario paths may lead into: ``--root`` or the fund file's."""
    root: Path = args.root if args.root is not None else args.fund.resolve().parent
    return root


def _fund_project(args: argparse.Namespace, scenario: str) -> tuple[Fund, ProjectFlows]:
    if args.project is None or args.contract is not None:
        raise ParameterError("--fund needs --project ID, and cannot be combined with --contract")
    fund = load_fund(args.fund)
    pf = fund_project(fund, args.project, base_dir=args.fund.resolve().parent, root=_root(args))
    if pf.comparison.scenario.name != scenario:
        raise ParameterError(
            f"project {args.project!r} of fund {fund.name!r} runs scenario "
            f"{pf.comparison.scenario.name!r}, not {scenario!r}"
        )
    return fund, pf


def _repayment_text(
    tx: dict[str, str], fund: str, project: str, rep: ObservedRepayment, lang: str
) -> str:
    t = rep.table()
    lines = [tx["repay"].format(fund=fund, project=project, year=rep.last_observed_year)]
    lines.append(
        table(
            [tx["rule"], tx["agency"], tx["year"], tx["fc_rep"], tx["obs_rep"], tx["status"]],
            [
                [
                    f"{r['rule']} {r['rule_type']}",
                    str(r["agency"]),
                    str(r["year"]),
                    sek(r["forecast_sek"], lang=lang),
                    sek(r["observed_sek"], lang=lang),
                    str(r["status"]),
                ]
                for r in t.to_dict("records")
            ],
            "llrrrl",
        )
        if len(t)
        else f"  {tx['no_rep']}"
    )
    for r in rep.timing.to_dict("records"):
        lines.append(
            "  "
            + tx["timing"].format(
                rule=r["rule"],
                k=r["installment"] + 1,
                due=r["due_year"],
                end=r["actual_end_year"],
                first=r["first_within_deadline"],
                last=r["all_within_deadline"],
                ok=tx["yes"] if r["within_deadlines"] else tx["no"],
                measured=tx["yes"] if r["measured"] else tx["no"],
            )
        )
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    check_document_options(args)
    lang = args.lang
    tx = _texts(lang)
    contract = load_contract(args.contract) if args.contract else None
    sc = load_scenario(args.scenario)
    if contract is not None:
        sc = with_settings(sc, price_year=contract.price_year)
    cat = load_catalogue(extra=args.local) if args.local else None
    if args.fund is not None:
        fund, pf = _fund_project(args, sc.name)
        model = pf.comparison.model
        sc = model.scenario
    else:
        model = load_model(sc, catalogue=cat, base_dir=args.scenario.resolve().parent)
    obs = load_outcomes(args.outcomes, model)
    b = bokslut(model, obs)
    priors = dict(contract.uncertainty.parameters) if contract is not None else None
    up = update_effects(model, obs, priors)
    py = model.price_year
    sav = b.savings()
    baseline = str(sav["baseline"].iloc[0])
    print(f"{tx['title']}: {sc.title or sc.name}")
    print(
        f"  {tx['years']} {min(b.years)}-{max(b.years)}; {tx['baseline']} "
        f"{translator(lang)(baseline)}; "
        f"{tx['money'].format(py=py)}"
    )
    print()
    bp = b.by_payer()
    bp = bp[bp["payer"].isin(["municipality", "region", "state", "public", "society"])]
    print(tx["by_payer"])
    print(
        table(
            [tx["year"], tx["payer"], tx["fc_cost"], tx["obs_cost"], tx["fc_sav"], tx["real_sav"]],
            [
                [
                    str(r["year"]),
                    _payer(str(r["payer"]), args.lang),
                    sek(r["forecast_sek"], lang=lang),
                    sek(r["observed_sek"], lang=lang),
                    sek(r["forecast_savings_sek"], lang=lang),
                    sek(r["realised_savings_sek"], lang=lang),
                ]
                for r in bp.to_dict("records")
            ],
            "llrrrr",
        )
    )
    print()
    print(_agency_text(tx, b.costs(), sav, args.lang))
    print()
    v = b.variance()
    v = (
        v[v["group"] == "participants"]
        .groupby("episode", sort=False)[
            ["forecast_persons", "observed_persons", "volume_sek", "unit_cost_sek", "variance_sek"]
        ]
        .sum()
    )
    print(tx["variance"])
    print(
        table(
            [tx["episode"], tx["fc_p"], tx["obs_p"], tx["volume"], tx["unit"], tx["total"]],
            [
                [
                    str(ep),
                    decimal_number(r["forecast_persons"], lang, 1),
                    decimal_number(r["observed_persons"], lang, 0),
                    sek(r["volume_sek"], lang=lang),
                    sek(r["unit_cost_sek"], lang=lang),
                    sek(r["variance_sek"], lang=lang),
                ]
                for ep, r in zip(v.index, v.to_dict("records"), strict=True)
            ],
            "lrrrrr",
        )
    )
    print()
    print(tx["effects"])
    ut = up.table()
    if ut.empty:
        print(f"  {tx['none']}")
    else:
        print(
            table(
                [tx["param"], tx["method"], tx["prior"], tx["post"], tx["sd"], tx["form"]],
                [
                    [
                        r["parameter"],
                        r["method"],
                        decimal_number(r["prior_mean"], lang, 3),
                        decimal_number(r["posterior_mean"], lang, 3),
                        decimal_number(r["posterior_sd"], lang, 3),
                        r["prior_form"],
                    ]
                    for r in ut.to_dict("records")
                ],
                "llrrrl",
            )
        )
    print()
    rf = reforecast(b, up)
    print(tx["remaining"])
    print(
        table(
            [tx["payer"], tx["to_date"], tx["rem_fc"], tx["rem_new"]],
            [
                [
                    _payer(str(r["payer"]), args.lang),
                    sek(r["realised_to_date_sek"], lang=lang),
                    sek(r["remaining_forecast_sek"], lang=lang),
                    sek(r["remaining_reestimated_sek"], lang=lang),
                ]
                for r in rf.to_dict("records")
                if r["payer"] in ("municipality", "region", "state")
            ],
            "lrrr",
        )
    )
    files: dict[str, pd.DataFrame] = {
        "followup_by_payer.csv": b.by_payer(),
        "followup_costs.csv": b.costs(),
        "followup_savings.csv": sav,
        "followup_variance.csv": b.variance(),
        "followup_effects.csv": ut,
        "followup_remaining.csv": rf,
    }
    if args.mc:
        mc = updated_monte_carlo(model, up, args.mc, args.seed)
        print()
        print(tx["mc"].format(n=args.mc, seed=args.seed))
        print(
            table(
                [tx["payer"], tx["before"], tx["after"], tx["change"]],
                [
                    [
                        _payer(str(r["perspective"]), args.lang),
                        _pct(r["prob_positive_before"], lang),
                        _pct(r["prob_positive_after"], lang),
                        ("+" if r["change"] > 0 else "") + percent(r["change"], lang, 1),
                    ]
                    for r in mc.to_dict("records")
                ],
                "lrrr",
            )
        )
        files["followup_mc.csv"] = mc
    if contract is not None:
        res = contract_on_observed(contract, b)
        print()
        print(tx["contract"].format(name=contract.name, year=res.as_of))
        print(
            table(
                [tx["term"], tx["year"], tx["amount"], tx["status"]],
                [
                    [
                        f"{r['term']} {r['type']}",
                        str(r["year"]),
                        sek(r["amount_sek"], lang=lang),
                        str(r["status"]),
                    ]
                    for r in res.terms.to_dict("records")
                ],
                "lrrl",
            )
        )
        print(
            f"  {tx['irr']}: "
            + (tx["no_irr"] if math.isnan(res.irr_to_date) else _pct(res.irr_to_date, lang))
        )
        files["followup_contract_terms.csv"] = res.terms
    if args.fund is not None:
        rep = fund_repayment_on_observed(
            fund,
            args.project,
            b,
            base_dir=args.fund.resolve().parent,
            actual_end_year=args.end_year,
            root=_root(args),
        )
        files["followup_repayment.csv"] = rep.table()
        files["followup_repayment_timing.csv"] = rep.timing
        print()
        print(_repayment_text(tx, fund.name, args.project, rep, lang))
    if args.out:
        from socinv.followup.report import (
            followup_tables,
            write_followup_html,
            write_followup_workbook,
        )

        stem = f"{sc.name}_followup"
        with OutputFolder(args.out) as stage:
            write_csv_files(stage.dir, files, args.lang)
            if args.html:
                write_followup_html(stage.dir / f"{stem}.html", b, ut, rf, lang=args.lang)
            if args.xlsx:
                write_followup_workbook(
                    stage.dir / f"{stem}.xlsx", followup_tables(b, ut, rf), lang=args.lang
                )
        for path in stage.written:
            print(wrote(path, args.lang))
    return 0
