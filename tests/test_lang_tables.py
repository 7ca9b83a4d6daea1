"""Texts built in code (follow-up tables, hinge warnings) come from the
gettext catalogue and write numbers with the language-aware formatter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from socinv.cli.main import main
from socinv.i18n import use_lang
from socinv.sensitivity import uncertainty
from socinv.sensitivity.fixed import hinge_warnings
from test_sensitivity_support import build, linear_scenario

ROOT = Path(__file__).resolve().parents[1]
RR = "effect.fewer_hvb.relative_risk"
SCIENTIFIC = re.compile(r"\de[+-]\d")


def test_hinge_warning_is_translated_and_never_scientific(tmp_path: Path) -> None:
    m = build(tmp_path, linear_scenario(uncertainty={"fixed": [RR]}))
    fixed = uncertainty(m).fixed
    (en,) = [w for w in hinge_warnings(m, fixed, "en") if "society" in w]
    assert "hinges on a fixed input" in en and "SEK" in en and "prices" in en
    sv = hinge_warnings(m, fixed, "sv")
    assert sv and all("hänger på en fast indata" in w and "kr" in w for w in sv)
    assert any("samhället" in w and "års priser" in w for w in sv)
    assert not any(SCIENTIFIC.search(w) for w in (*sv, en))
    # without a language: the one set by use_lang
    with use_lang("sv"):
        assert hinge_warnings(m, fixed) == sv


def test_followup_tables_speak_the_chosen_language(capsys: pytest.CaptureFixture[str]) -> None:
    scenario = str(ROOT / "data" / "scenarios" / "foster_care_school_support.yaml")
    outcomes = str(ROOT / "data" / "followup" / "foster_care_followup_example.csv")
    assert main(["followup", scenario, outcomes]) == 0
    en = capsys.readouterr().out
    assert "realised savings" in en and "3,961,253" in en
    assert main(["followup", scenario, outcomes, "--lang", "sv"]) == 0
    sv = capsys.readouterr().out
    assert "besparing utfall" in sv and "kommun" in sv
    assert "3\u00a0961\u00a0253" in sv and "3,961,253" not in sv


def test_web_messages_come_from_the_catalogue() -> None:
    from socinv.i18n import translator
    from socinv.web.messages import message_ids, text

    sv = translator("sv")
    for msgid in message_ids():
        assert text(msgid, "sv") == sv(text(msgid, "en")), msgid
    assert text("run", "sv") == "Räkna"


def test_parameter_labels_are_translated() -> None:
    from socinv.sensitivity import load_model
    from socinv.sensitivity.labels import parameter_label

    m = load_model(ROOT / "data" / "scenarios" / "foster_care_school_support.yaml")
    name = "effect.less_crime.relative_risk"
    assert parameter_label(m, name) == "Effect on prison (less crime): relative risk"
    assert parameter_label(m, name, "sv") == "Effekt på prison (less crime): relativ risk"
    assert parameter_label(m, "discount.rate.2040", "sv").endswith("från år 2040")
    with use_lang("sv"):
        assert parameter_label(m, "cohort.size") == "Kohortens storlek (personer)"


def test_one_way_range_rule_is_translated(capsys: pytest.CaptureFixture[str]) -> None:
    from socinv.sensitivity.oneway import range_rule_text

    assert range_rule_text("catalogue low/high (clipped)", "sv") == "katalogens låg/hög (begränsat)"
    assert range_rule_text("distribution 2.5-97.5 % of the product", "en") == (
        "distribution 2.5-97.5 % of the product"
    )
    scenario = str(ROOT / "data" / "scenarios" / "foster_care_school_support.yaml")
    assert main(["sensitivity", scenario, "--oneway", "--lang", "sv"]) == 0
    out = capsys.readouterr().out
    assert "katalogens låg/hög" in out and "Diskonteringsränta (real, per år)" in out
