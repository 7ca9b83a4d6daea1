"""``socinv serve``: start the local web page and JSON API (needs the ``web``
extra). Binds to 127.0.0.1 by default, so only this computer can reach it."""

from __future__ import annotations

import argparse
import importlib.util
import sys

from socinv.limits import PORT

#: the packages the ``web`` extra brings
WEB_MODULES = ("fastapi", "uvicorn", "jinja2", "multipart")


def missing_web_modules() -> list[str]:
    """The ``web`` extra's packages that are not installed."""
    return [m for m in WEB_MODULES if importlib.util.find_spec(m) is None]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("serve", help="start the web page and JSON API on this computer")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument(
        "--port",
        type=PORT.option(),
        default=8000,
        help=f"port to listen on (default 8000; {PORT.text()})",
    )
    p.add_argument(
        "--lang", choices=("sv", "en"), default="sv", help="language of the page (default sv)"
    )
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    missing = missing_web_modules()
    if missing:
        print(
            f"socinv: error: socinv serve needs {', '.join(missing)}; "
            "install them with: pip install 'socinv[web]'",
            file=sys.stderr,
        )
        return 2
    import uvicorn

    from socinv.web import create_app

    print(f"socinv: serving on http://{args.host}:{args.port}/ (Ctrl+C stops)")
    uvicorn.run(create_app(lang=args.lang), host=args.host, port=args.port, log_level="warning")
    return 0
