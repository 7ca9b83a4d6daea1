"""A valid scenario with no cost rows works everywhere; plot text is text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from socinv import compare, scenario_from_dict
from socinv.cli.main import main
from support import MAIN_SCENARIO, base_scenario


def test_scenario_without_cost_rows(small_catalogue: object, tmp_path: Path) -> None:
    cmp = compare(scenario_from_dict(base_scenario()), catalogue=small_catalogue)  # type: ignore[arg-type]
    streams = cmp.streams()
    assert streams.empty and "cost_disc_sek" in streams.columns
    used = cmp.unit_costs_used()
    assert used.empty and {"id", "value_sek", "catalogue_value_sek", "source"} <= set(used.columns)
    assert (cmp.summary()["npv"] == 0).all()


def test_report_of_scenario_without_cost_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = base_scenario()
    del data["discounting"]
    p = tmp_path / "empty.yaml"
    p.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", str(p), "--out", str(out), "--xlsx"]) == 0
    html = (out / "t.html").read_text(encoding="utf-8")
    assert "No payer has any cost or saving in this scenario." in html
    assert (out / "t.xlsx").is_file()
    assert main(["run", str(p), "--out", str(tmp_path / "csv")]) == 0
    assert (tmp_path / "csv" / "streams.csv").is_file()


@pytest.mark.parametrize("title", [r"$\foo$", "costs in $ and $$", r"\frac{1}{0}$"])
def test_maths_like_titles_are_drawn_as_text(tmp_path: Path, title: str) -> None:
    data = yaml.safe_load(MAIN_SCENARIO.read_text(encoding="utf-8"))
    data["title"] = title
    p = tmp_path / "s.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["report", str(p), "--out", str(out), "--no-sensitivity"]) == 0
    assert any(out.glob("*.html"))


def test_an_unknown_item_names_the_scenario(small_catalogue: object) -> None:
    """A scenario given as an object has no file: the refusal starts with its
    name, then the field and the episode id (found by the full fuzz run)."""
    from socinv.errors import UnknownItemError
    from socinv.scenarios.io import scenario_from_dict

    sc = scenario_from_dict(
        base_scenario(
            status_quo={
                "episodes": [
                    {"id": "aid", "item": "istand", "quantity": 1, "from_age": 10, "to_age": 12}
                ]
            }
        )
    )
    with pytest.raises(UnknownItemError, match=r"^scenario 't', status_quo\.episodes\[0\] \(aid\)"):
        compare(sc, catalogue=small_catalogue)  # type: ignore[arg-type]
