"""Fuzzing the command line: random commands, options and values (and files
that may be broken). Whatever the input, ``socinv`` exits 0, 1 or 2; on 2 it
prints exactly one line ``socinv: error: ...`` and never a traceback."""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import NASTY_TEXT, count, fuzz_report, profile, text_mutation
from socinv.cli.main import main
from support import MAIN_SCENARIO, ROOT, SMALL_CSV

pytestmark = pytest.mark.fuzz
__all__ = ["fuzz_report"]

CONTRACT = ROOT / "data" / "contracts" / "norrkoping_sib.yaml"

VALUE = st.one_of(
    st.sampled_from(
        [
            "0",
            "1",
            "-1",
            "-3",
            "2",
            "15",
            "1e12",
            "10000000000000",
            "0.035",
            "1.5",
            "nan",
            "inf",
            "2024",
            "0",
            "32025",
            "abc",
            "",
            "--",
            "=1",
        ]
    ),
    st.sampled_from(NASTY_TEXT),
    st.integers(-(10**15), 10**15).map(str),
)
OPTIONS = {
    "run": ["--price-year", "--rate", "--local", "--out"],
    "params": ["--csv", "--no-catalogue-ranges"],
    "catalogue": ["--search", "--price-year", "--local", "--csv"],
    "schema": [],
    "sensitivity": [
        "--threshold",
        "--seed",
        "--top",
        "--perspective",
        "--out",
        "--oneway",
        "--success-share",
    ],
    "contract": ["--draws", "--seed", "--base-only", "--out", "--root"],
    "cases": ["--group", "--path"],
}
FLAGS = {"--no-catalogue-ranges", "--oneway", "--success-share", "--base-only", "--path"}


@st.composite
def argv(draw: st.DrawFn, folder: Path) -> list[str]:
    cmd = draw(st.sampled_from(sorted(OPTIONS)))
    args = [cmd]
    if cmd in ("run", "params", "sensitivity"):
        args.append(
            draw(
                st.sampled_from(
                    [
                        str(folder / "s.yaml"),
                        str(folder / "broken.yaml"),
                        str(folder / "nope.yaml"),
                        "x.txt",
                    ]
                )
            )
        )
    elif cmd == "contract":
        args.append(draw(st.sampled_from([str(folder / "c.yaml"), str(folder / "broken.yaml")])))
        if "--base-only" not in args:
            args.append("--base-only")  # Monte Carlo belongs to the slower tests
    for opt in draw(st.lists(st.sampled_from(OPTIONS[cmd] or ["--help"]), max_size=3)):
        args.append(opt)
        if opt in FLAGS or opt == "--help":
            continue
        if opt in ("--out", "--csv"):
            args.append(str(folder / draw(st.sampled_from(["out", "o.csv", "x/y"]))))
        elif opt == "--local":
            args.append(
                draw(st.sampled_from([str(folder / "local.csv"), str(folder / "broken.csv")]))
            )
        else:
            args.append(draw(VALUE))
    if cmd == "sensitivity" and not {"--oneway", "--success-share", "--threshold"} & set(args):
        args.append("--oneway")
    return args


@profile(fast=150)
@given(data=st.data())
def test_fuzz_cli(data: st.DataObject, fuzz_report: None) -> None:
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        shutil.copy(MAIN_SCENARIO, folder / "s.yaml")
        shutil.copy(CONTRACT, folder / "c.yaml")
        shutil.copy(CONTRACT.parent / "norrkoping_hvb_scenario.yaml", folder)
        (folder / "local.csv").write_text(SMALL_CSV, encoding="utf-8")
        broken = data.draw(text_mutation(MAIN_SCENARIO.read_text(encoding="utf-8")))
        (folder / "broken.yaml").write_bytes(broken)
        (folder / "broken.csv").write_bytes(data.draw(text_mutation(SMALL_CSV)))
        args = data.draw(argv(folder))
        count("cli", "inputs")
        out, err = io.StringIO(), io.StringIO()
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            warnings.catch_warnings(),
        ):
            warnings.simplefilter("ignore")
            code = main(args)
    message = err.getvalue()
    assert "Traceback" not in message
    assert code in (0, 1, 2), (args, code)
    if code == 2:
        lines = [x for x in message.splitlines() if not x.startswith("socinv: warning:")]
        assert len(lines) == 1 and lines[0].startswith("socinv: error: "), (args, message)
        count("cli", "rejected cleanly")
    else:
        count("cli", "accepted")
