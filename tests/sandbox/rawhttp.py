"""HTTP/1.1 by hand over a loopback socket, for requests a client library will not send (two Authorization
headers, a Content-Length it does not honour, dribbled headers), and the one check every error must pass."""

from __future__ import annotations

import json
import socket
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sequence_toolkit.spec import load_spec


@cache
def error_statuses() -> dict[str, int]:
    """The spec's closed set of error codes, each with its one HTTP status (x-sequence-error-statuses)."""
    return load_spec().error_statuses


@dataclass
class RawResponse:
    status: int
    headers: dict[str, list[str]] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None

    def json(self) -> Any:
        return json.loads(self.body)


def connect(port: int, timeout: float = 10) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def read_response(sock: socket.socket) -> RawResponse:
    """One response (Content-Length framed, as the sandbox writes them)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before a response; got {data!r}")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    response = RawResponse(int(lines[0].split()[1]))
    for line in lines[1:]:
        name, _, value = line.partition(":")
        response.headers.setdefault(name.strip().lower(), []).append(value.strip())
    length = int(response.header("content-length") or 0)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    response.body = rest[:length]
    return response


def request(port: int, head: str, body: bytes = b"", timeout: float = 10) -> RawResponse:
    """Send ``head`` (request line and headers, without the blank line) and ``body``; read the response."""
    with connect(port, timeout) as sock:
        sock.sendall(head.encode("latin-1") + b"\r\n\r\n" + body)
        return read_response(sock)


def closed_within(sock: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closed ``sock`` (reading and discarding anything it sends), or None."""
    start = time.monotonic()
    sock.settimeout(0.2)
    while time.monotonic() - start < seconds:
        try:
            if not sock.recv(65536):
                return time.monotonic() - start
        except TimeoutError:
            continue
        except ConnectionResetError:
            return time.monotonic() - start
    return None


def envelope_problem(
    status: int, headers: dict[str, list[str]] | Any, body: bytes, *, server_error: bool = False
) -> str | None:
    """Every error: no 5xx (unless ``server_error``), JSON in the API's envelope with a code the spec gives this
    status, X-Request-ID in the header and the body."""
    get = (lambda n: (headers.get(n) or [None])[0]) if isinstance(headers, dict) else headers.get
    if status >= 500 and not server_error:
        return f"a server error {status}: {body[:200]!r}"
    if status < 400:
        return None
    if not (get("content-type") or "").startswith("application/json"):
        return f"{status} is {get('content-type')!r}, not JSON: {body[:200]!r}"
    try:
        document = json.loads(body)
    except ValueError:
        return f"{status} body is not JSON: {body[:200]!r}"
    error = document.get("error") if isinstance(document, dict) else None
    if (
        not isinstance(error, dict)
        or not isinstance(error.get("code"), str)
        or not isinstance(error.get("message"), str)
    ):
        return f"{status} has no error envelope: {document!r:.200}"
    expected = error_statuses().get(error["code"])
    if expected != status:
        return f"{status} carries code {error['code']!r}, which the spec gives status {expected}"
    request_id = get("x-request-id")
    if not request_id or document.get("request_id") != request_id:
        return f"{status}: X-Request-ID {request_id!r} vs body request_id {document.get('request_id')!r}"
    return None
