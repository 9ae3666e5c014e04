"""ASGI wrappers for tests: servers that differ from the sandbox in one way (broken ones, the mutants, and
correct ones of another design), made by rewriting the sandbox's requests and responses."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

ASGI = Callable[..., Any]
Rewrite = Callable[
    [dict[str, Any], int, list[tuple[bytes, bytes]], bytes], tuple[int, list[tuple[bytes, bytes]], bytes]
]


def rewriting(
    rewrite: Rewrite, request: Callable[[dict[str, Any]], dict[str, Any]] = lambda scope: scope
) -> Callable[[ASGI], ASGI]:
    """An ASGI wrapper: ``request`` may change each request's scope, ``rewrite`` each response's status,
    headers and body."""

    def wrap(app: ASGI) -> ASGI:
        async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            scope = request(scope)
            start: dict[str, Any] = {}
            chunks: list[bytes] = []

            async def capture(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    start.update(message)
                    return
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                status, headers, body = rewrite(scope, start["status"], list(start["headers"]), b"".join(chunks))
                headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({"type": "http.response.start", "status": status, "headers": headers})
                await send({"type": "http.response.body", "body": body})

            await app(scope, receive, capture)

        return wrapped

    return wrap


def json_rewrite(
    change: Callable[[dict[str, Any], int, Any], tuple[int, Any]],
    request: Callable[[dict[str, Any]], dict[str, Any]] = lambda scope: scope,
) -> Callable[[ASGI], ASGI]:
    def rewrite(scope: dict[str, Any], status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> Any:
        try:
            document = json.loads(body)
        except ValueError:
            return status, headers, body
        status, document = change(scope, status, document)
        return status, headers, json.dumps(document, ensure_ascii=False).encode()

    return rewriting(rewrite, request)
