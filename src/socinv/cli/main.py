"""``socinv`` command-line entry point: subcommands register themselves here.

Exit codes: 0 success, 1 an analysis could not be completed, 2 bad input
(file, scenario, parameter, option, a missing optional extra) with a one-line
message naming what to fix, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import NoReturn, TextIO

from socinv import __version__
from socinv.errors import InputWarning, SocinvError

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

#: optional extras by the top-level module they provide
EXTRAS = {
    "matplotlib": "plot",
    "openpyxl": "excel",
    "SALib": "sobol",
    "dask": "dask",
    "distributed": "dask",
    "tqdm": "progress",
}


class Parser(argparse.ArgumentParser):
    """Option errors as one line (``socinv run: error: ...``), exit code 2."""

    def error(self, message: str) -> NoReturn:
        cmd = self.prog.removeprefix("socinv").strip()
        where = f"{cmd}: " if cmd else ""
        self.exit(2, f"socinv: error: {where}{message} (see {self.prog} --help)\n")


def missing_extra(exc: ImportError) -> str | None:
    """The extra to install for a missing optional module, or ``None``."""
    found = re.search(r"socinv\[(\w+)\]", str(exc))
    if found:
        return found.group(1)
    return EXTRAS.get((exc.name or "").split(".")[0])


def one_line(message: str, most: int = 5) -> str:
    """A message of several problems (one a line) as one line: the first
    ``most`` joined by ``; `` and how many more there are."""
    lines = [x.strip() for x in message.splitlines() if x.strip()]
    shown = "; ".join(lines[:most])
    if len(lines) > most:
        shown += f"; and {len(lines) - most} more"
    return shown


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    print(f"socinv: warning: {message}", file=sys.stderr)


def _register(name: str) -> Register:
    import importlib

    register: Register = importlib.import_module(f"socinv.cli.{name}_cmd").register
    return register


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser; with ``only`` (a command name) just that
    subcommand, so running one command does not import the others."""
    parser = Parser(
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
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # --help, --version or an option error (printed)
        return exc.code if isinstance(exc.code, int) else 2
    with warnings.catch_warnings():
        warnings.simplefilter("always", InputWarning)
        default_show = warnings.showwarning

        def show(
            message: Warning | str,
            category: type[Warning],
            filename: str,
            lineno: int,
            file: TextIO | None = None,
            line: str | None = None,
        ) -> None:
            if issubclass(category, InputWarning):
                _show_warning(message, category, filename, lineno)
            else:
                default_show(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        return _call(args)


def _nul_argument(args: argparse.Namespace) -> str | None:
    """The name of an option whose value holds a NUL character (no file name
    or text can), or ``None``."""
    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str | os.PathLike) and "\x00" in str(v) for v in values):
            return name
    return None


def _call(args: argparse.Namespace) -> int:
    bad = _nul_argument(args)
    if bad is not None:
        print(f"socinv: {_error_word(args)}: {bad}: contains a NUL character", file=sys.stderr)
        return 2
    try:
        code: int = args.func(args)
    except SocinvError as exc:
        print(f"socinv: {_error_word(args)}: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except ImportError as exc:
        extra = missing_extra(exc)
        if extra is None:
            raise
        print(
            f"socinv: {_error_word(args)}: this needs the optional '{extra}' extra: "
            f"pip install 'socinv[{extra}]'",
            file=sys.stderr,
        )
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
