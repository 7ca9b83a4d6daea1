"""Request limits of the web app: body size, Monte Carlo draws and time.

Bodies over the size limit get ``413`` before they are read in full; a
computation over the time limit gets ``503`` (the worker thread finishes in
the background, its result is dropped).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any, TypeVar

from socinv.errors import SocinvError

T = TypeVar("T")
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class Limits:
    """``max_body`` bytes per request, ``max_draws`` Monte Carlo draws per
    request, ``seconds`` of computation per request."""

    max_body: int = 1_000_000
    max_draws: int = 20_000
    seconds: float = 30.0


class TooSlow(SocinvError, TimeoutError):
    """A computation ran past the per-request time limit."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            f"the computation took longer than {seconds:g} s; use fewer draws or a smaller scenario"
        )


async def within(seconds: float, func: Callable[..., T], *args: Any) -> T:
    """Run ``func(*args)`` in a worker thread; :class:`TooSlow` after ``seconds``."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(func, *args), seconds)
    except TimeoutError:
        raise TooSlow(seconds) from None


class _TooLarge(Exception):
    pass


def too_large_body(limit: int) -> bytes:
    """The JSON of a 413 answer."""
    return json.dumps(
        {
            "error": "too_large",
            "field": "body",
            "detail": f"the request is larger than {limit} bytes; send a smaller file or scenario",
        }
    ).encode()


class BodyLimit:
    """ASGI middleware: answer ``413`` to a request body over ``limit`` bytes
    (by its Content-Length, or while it streams in without one)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def _refuse(self, send: Send) -> None:
        body = too_large_body(self.limit)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return msg

        async def watched(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await self._refuse(send)
