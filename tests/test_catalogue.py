"""The unit-cost catalogue: the shipped data, validation, merging, search, rebasing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from socinv import CostKind, DataFileError, Payer, PriceYearError, UnknownItemError, load_catalogue
from socinv.unitcosts import read_unit_costs_csv
from socinv.unitcosts.catalogue import ALL_COLUMNS, SECTORS
from support import ROOT, SMALL_CSV

SHIPPED = ROOT / "data" / "unit_costs_se.csv"


def test_shipped_catalogue_is_sourced_and_broad() -> None:
    cat = load_catalogue()
    assert len(cat) >= 40
    for it in cat:
        assert it.source.strip(), it.id
        assert 1980 <= it.price_year <= 2026, it.id
    sectors = {it.sector for it in cat}
    for s in ("social_services", "school", "health", "justice", "social_insurance", "production"):
        assert s in sectors
    kinds = {it.kind for it in cat}
    assert kinds == {CostKind.RESOURCE, CostKind.TRANSFER, CostKind.PRODUCTION}


def test_shipped_assumptions_are_marked_in_the_data() -> None:
    rows = list(csv.DictReader(SHIPPED.open(encoding="utf-8")))
    assumed = [r for r in rows if r["evidence"] == "assumption"]
    assert assumed, "the catalogue should mark its assumed figures"
    for r in assumed:
        assert r["note"].strip(), f"{r['id']}: an assumption must explain itself in note"


def test_shipped_catalogue_header_matches_loader() -> None:
    header = SHIPPED.open(encoding="utf-8").readline().strip().split(",")
    assert set(header) <= set(ALL_COLUMNS)


def test_small_catalogue_fields(small_catalogue) -> None:  # type: ignore[no-untyped-def]
    sis = small_catalogue.get("sis")
    assert sis.payer == pytest.approx({Payer.MUNICIPALITY: 0.667, Payer.STATE: 0.333})
    assert sum(sis.payer.values()) == pytest.approx(1.0, abs=1e-15)
    assert small_catalogue.get("prod").payer is None
    assert small_catalogue.get("bistand").kind is CostKind.TRANSFER


def test_unknown_item_suggests(small_catalogue) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownItemError, match=r"unknown unit-cost item 'hbv'.*did you mean: hvb"):
        small_catalogue.get("hbv")


def test_search_is_case_and_accent_insensitive() -> None:
    cat = load_catalogue()
    hits = cat.search("ekonomiskt bistand")
    assert "ekonomiskt_bistand_hushall_ar" in set(hits["id"])
    assert {"value_sek", "price_year", "source"} <= set(hits.columns)
    assert set(cat.search("FÄNGELSE")["id"]) == set(cat.search("fangelse")["id"])
    assert [it.id for it in cat.find("fangelse")] == list(cat.search("fangelse")["id"])


def test_rebase_values_and_provenance(small_catalogue) -> None:  # type: ignore[no-untyped-def]
    r = small_catalogue.rebased(2015)
    it = r.get("hvb")
    assert it.price_year == 2015
    assert it.value_sek == pytest.approx(4000 * 313.35 / 415.15, rel=1e-12)
    assert it.original_value_sek == 4000 and it.original_price_year == 2024
    assert r.price_year == 2015


def test_rebase_to_missing_year_names_item(tmp_path: Path) -> None:
    p = tmp_path / "c.csv"
    p.write_text(SMALL_CSV, encoding="utf-8")
    with pytest.raises(PriceYearError, match="no CPI"):
        load_catalogue(p, price_year=2030)


def test_merge_local_file_wins_and_keeps_provenance(small_csv: Path, tmp_path: Path) -> None:
    local = tmp_path / "local.csv"
    local.write_text(
        "id,name_sv,value_sek,unit,price_year,payer,kind,source\n"
        "hvb,HVB-dygn (Örebro),5200,dygn,2024,municipality,resource,Örebro kommun 2024\n"
        "new_item,Ny,10,st,2024,municipality,resource,Örebro\n",
        encoding="utf-8",
    )
    cat = load_catalogue(small_csv, extra=[local])
    assert cat.get("hvb").value_sek == 5200
    assert cat.get("hvb").origin == str(local)
    assert cat.overridden["hvb"] == str(small_csv)
    assert "new_item" in cat and "visit" in cat
    kept = load_catalogue(small_csv).merge(read_unit_costs_csv(local), prefer="self")
    assert kept.get("hvb").value_sek == 4000


HEADER = "id,name_sv,value_sek,unit,price_year,payer,kind,source"


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (
            "id,name_sv,value_sek,unit,price_year,payer,kind\n",
            r"line 1: missing column\(s\) \['source'\]",
        ),
        (HEADER + ",colour\n", r"unknown column\(s\) \['colour'\]"),
        (
            HEADER + "\nx,X,abc,dygn,2024,municipality,resource,s\n",
            r"line 2, column 'value_sek'.*'abc'",
        ),
        (
            HEADER + "\nx,X,-5,dygn,2024,municipality,resource,s\n",
            r"line 2, column 'value_sek'.*greater than or equal to 0",
        ),
        (
            HEADER + "\nx,X,5,dygn,2024,kommunen,resource,s\n",
            r"line 2, column 'payer': unknown payer 'kommunen'",
        ),
        (
            HEADER + "\nx,X,5,dygn,2024,municipality=0.5;state=0.4,resource,s\n",
            "sum to 0.9000, expected 1",
        ),
        (
            HEADER + "\nx,X,5,dygn,2024,municipality,production,s\n",
            "production items take payer 'society'",
        ),
        (HEADER + "\nx,X,5,dygn,2024,society,resource,s\n", "only for production items"),
        (
            HEADER + "\nx,X,5,dygn,2024,individual,transfer,s\n",
            "paid to 'individual'.*payer must be someone else",
        ),
        (HEADER + "\nx,X,5,dygn,2024,municipality,gift,s\n", r"column 'kind'"),
        (HEADER + "\nx,X,5,dygn,twenty,municipality,resource,s\n", r"column 'price_year'"),
        (HEADER + "\nx,X,5,dygn,2024,municipality,resource,\n", r"column 'source'"),
        (HEADER + "\nBad Id,X,5,dygn,2024,municipality,resource,s\n", r"column 'id'.*lowercase"),
        (
            HEADER
            + "\nx,X,5,dygn,2024,municipality,resource,s\nx,Y,6,dygn,2024,municipality,resource,s\n",
            r"line 3, column 'id': id 'x' already defined on line 2",
        ),
        (
            HEADER + "\nx,X,5,dygn,2024,municipality,resource,s,extra\n",
            r"line 2: row has 9 fields, header has 8",
        ),
        (HEADER + "\n,,,,,,,\n", "line 2: empty row"),
        (
            HEADER + ",low_sek,high_sek\nx,X,5,dygn,2024,municipality,resource,s,6,7\n",
            "low_sek <= value_sek <= high_sek",
        ),
        (
            HEADER + ",low_sek\nx,X,5,dygn,2024,municipality,resource,s,4\n",
            "both low_sek and high_sek",
        ),
        (
            HEADER + ",sector\nx,X,5,dygn,2024,municipality,resource,s,schools\n",
            r"column 'sector': unknown sector",
        ),
        (
            HEADER + ",evidence\nx,X,5,dygn,2024,municipality,resource,s,rumour\n",
            r"column 'evidence'",
        ),
        (HEADER + "\n", "no unit-cost rows"),
        (
            HEADER + ",value_sek\nx,X,5,dygn,2024,municipality,resource,s,7\n",
            r"line 1: column\(s\) \['value_sek'\] appear more than once",
        ),
    ],
)
def test_malformed_catalogue_rows(tmp_path: Path, body: str, match: str) -> None:
    p = tmp_path / "bad.csv"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(DataFileError, match=match) as exc:
        read_unit_costs_csv(p)
    assert str(exc.value).startswith(str(p))


def test_missing_file() -> None:
    with pytest.raises(DataFileError, match="file not found"):
        read_unit_costs_csv("/nonexistent/costs.csv")


def test_sector_list_is_documented() -> None:
    doc = (ROOT / "data" / "UNIT_COSTS.md").read_text(encoding="utf-8")
    for s in SECTORS:
        if s != "intervention":
            assert s in doc


def test_documented_coverage_matches_the_data() -> None:
    import re
    from collections import Counter

    doc = (ROOT / "data" / "UNIT_COSTS.md").read_text(encoding="utf-8")
    rows = list(csv.DictReader(SHIPPED.open(encoding="utf-8")))
    assert f"## Coverage ({len(rows)} rows)" in doc
    evidence = Counter(r["evidence"] for r in rows)
    for label, count in evidence.items():
        assert re.search(rf"\b{label} {count}\b", doc), f"UNIT_COSTS.md: {label} should be {count}"
    for r in rows:
        if r["evidence"] == "assumption":
            assert f"`{r['id']}`" in doc, f"assumption row {r['id']} is not listed in UNIT_COSTS.md"
