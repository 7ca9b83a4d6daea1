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
from socinv.errors import SocinvError

Register = Callable[[argparse._SubParsersAction], None]  # type: ignore[type-arg]

#: subcommands, in help order; ``<name>`` lives in ``socinv.cli.<name>_cmd``
#: with a ``register(subparsers)`` function, imported only when needed
COMMAND_NAMES: tuple[str, ...] = (
    "run",
    "fund",
    "contract",
    "followup",
    "catalogue",
    "schema",
    "report",
    "params",
    "sensitivity",
    "cases",
    "serve",
    "template",
)


def _register(name: str) -> Register:
    import importlib

    register: Register = importlib.import_module(f"socinv.cli.{name}_cmd").register
    return register


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser; with ``only`` (a command name) just that
    subcommand, so running one command does not import the others."""
    parser = argparse.ArgumentParser(
        prog="socinv",
        description="Socioeconomic cost of social exclusion and social investment appraisal "
        "(Sweden): compare status quo with an early intervention, per payer.",
    )
    parser.add_argument("--version", action="version", version=f"socinv {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_NAMES if only is None else (only,):
        _register(name)(sub)
    return parser


def _error_word(args: argparse.Namespace) -> str:
    """'error' in the command's ``--lang`` (the message itself names the field)."""
    from socinv.i18n import translator

    _ = translator(getattr(args, "lang", "en"))
    return _("error")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = args_list[0] if args_list else None
    parser = build_parser(first if first in COMMAND_NAMES else None)
    args = parser.parse_args(args_list)
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
