"""``socinv`` command-line entry point: subcommands register themselves here.

Exit codes: 0 success, 1 an analysis could not be completed, 2 bad input
(file, scenario, parameter) with a message naming what to fix.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from socinv import __version__
from socinv.cli import (
    cases_cmd,
    catalogue_cmd,
    contract_cmd,
    followup_cmd,
    fund_cmd,
    params_cmd,
    report_cmd,
    run_cmd,
    schema_cmd,
    sensitivity_cmd,
    serve_cmd,
    template_cmd,
)
from socinv.errors import SocinvError

Register = Callable[[argparse._SubParsersAction], None]  # type: ignore[type-arg]

#: modules with a ``register(subparsers)`` function, in help order
COMMANDS: list[Register] = [
    run_cmd.register,
    fund_cmd.register,
    contract_cmd.register,
    followup_cmd.register,
    catalogue_cmd.register,
    schema_cmd.register,
    report_cmd.register,
    params_cmd.register,
    sensitivity_cmd.register,
    cases_cmd.register,
    serve_cmd.register,
    template_cmd.register,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="socinv",
        description="Socioeconomic cost of social exclusion and social investment appraisal "
        "(Sweden): compare status quo with an early intervention, per payer.",
    )
    parser.add_argument("--version", action="version", version=f"socinv {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in COMMANDS:
        register(sub)
    return parser


def _error_word(args: argparse.Namespace) -> str:
    """'error' in the command's ``--lang`` (the message itself names the field)."""
    from socinv.i18n import translator

    _ = translator(getattr(args, "lang", "en"))
    return _("error")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except SocinvError as exc:
        print(f"socinv: {_error_word(args)}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # output piped into e.g. `head`, which closed early: not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:  # a file that cannot be read or written (missing folder, rights)
        print(f"socinv: {_error_word(args)}: {exc}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
