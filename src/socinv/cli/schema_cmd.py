"""``socinv schema``: print the JSON Schema of scenario files."""

from __future__ import annotations

import argparse
import json

from socinv.scenarios.io import scenario_json_schema


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("schema", help="print the JSON Schema of scenario files")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    print(json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False))
    return 0
