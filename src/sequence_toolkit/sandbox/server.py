"""Serving the sandbox's app over HTTP: the listening socket first, then uvicorn with timeouts.

A connection must deliver each request in full (headers and body) within ``request_timeout`` seconds of
opening or of the previous response, and an idle keep-alive connection is closed after ``keep_alive``
seconds: a client that connects and sends nothing, or dribbles headers or a body, cannot hold a
connection open.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

REQUEST_TIMEOUT_SECONDS = 10.0
KEEP_ALIVE_SECONDS = 5


class PortInUseError(OSError):
    """The address cannot be bound; the message says which and why."""


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (0: a free port); PortInUseError when it cannot be."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # accepted sockets inherit it (Linux)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise PortInUseError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def timed_protocol(request_timeout: float) -> type[HttpToolsProtocol]:
    """uvicorn's httptools protocol with a deadline for each request to arrive in full."""

    class TimedProtocol(HttpToolsProtocol):
        _deadline: asyncio.TimerHandle | None = None

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(request_timeout, self._expire)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _expire(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                self.transport.close()

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def on_message_complete(self) -> None:
            self._disarm()  # the request is in: the app has it, the response may take what it takes
            super().on_message_complete()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()  # the next request (or the rest of an unread body) has the same deadline

    return TimedProtocol


def make_server(
    app: Any,
    *,
    request_timeout: float = REQUEST_TIMEOUT_SECONDS,
    keep_alive: int = KEEP_ALIVE_SECONDS,
    log_level: str = "warning",
) -> uvicorn.Server:
    """A uvicorn server for ``app`` (run it with ``sockets=[listen(...)]``)."""
    config = uvicorn.Config(
        app,
        http=timed_protocol(request_timeout),
        timeout_keep_alive=keep_alive,
        log_level=log_level,
        lifespan="off",
    )
    return uvicorn.Server(config)
