"""Where the kit sends its own requests: a URL over HTTP, or an ASGI app in process.

The target paces requests to a budget (``rate``), waits out a 429's ``Retry-After`` (capped) before
trying again, and counts what it saw. A connection that fails raises :class:`TransportFailure`, which the
runner records as a failure of that request and moves on.
"""

from __future__ import annotations

import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from .redaction import Redactor

IN_PROCESS_URL = "http://contract.local"


class TransportFailure(Exception):
    """No response: the connection was refused, reset or timed out. ``curl`` is the request, redacted."""

    def __init__(self, message: str, curl: str) -> None:
        super().__init__(message)
        self.curl = curl


@dataclass
class Pacer:
    """At most ``per_second`` requests a second, spread evenly (a budget the server's rate limit allows)."""

    per_second: float
    _next: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, sleep: Callable[[float], None] = time.sleep) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + 1.0 / self.per_second
        if start > now:
            sleep(start - now)


def parse_rate(text: str) -> float:
    """``"100/m"``, ``"5/s"``, ``"3000/h"`` → requests a second."""
    count, _, unit = text.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600}.get(unit.strip().lower()[:1])
    try:
        value = float(count)
    except ValueError:
        value = 0
    if seconds is None or value <= 0:
        raise ValueError(f"rate {text!r}: expected a number of requests per s, m or h, e.g. 100/m")
    return value / seconds


@dataclass
class Traffic:
    """What the target answered: every status, the 429s, and the last requests (redacted curl lines)."""

    statuses: dict[int, int] = field(default_factory=dict)
    waited_for_retry_after: float = 0.0
    last: deque[str] = field(default_factory=lambda: deque(maxlen=5))

    def count(self, status: int) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1


class Target:
    """One httpx client for the kit's requests; ``app`` is set when the target runs in process."""

    def __init__(
        self,
        base_url: str,
        client: httpx.Client,
        app: Any = None,
        *,
        rate: float | None = None,
        retry_after_cap: float = 10.0,
        max_retries_on_429: int = 3,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.client = client
        self.app = app
        self.pacer = Pacer(rate) if rate else None
        self.retry_after_cap = retry_after_cap
        self.max_retries_on_429 = max_retries_on_429
        self.redactor = Redactor()
        self.traffic = Traffic()
        self.sleep: Callable[[float], None] = time.sleep

    @classmethod
    def http(cls, url: str, timeout: float = 30.0, **options: Any) -> Target:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"--url {url!r}: expected an http:// or https:// URL such as https://host/api/v1")
        return cls(url, httpx.Client(timeout=timeout), **options)

    @classmethod
    def asgi(cls, app: Any, **options: Any) -> Target:
        with warnings.catch_warnings():  # starlette suggests httpx2; httpx is what the rest of the kit uses
            warnings.simplefilter("ignore")
            from starlette.testclient import TestClient

            client = TestClient(app, base_url=IN_PROCESS_URL, raise_server_exceptions=False)
        return cls(IN_PROCESS_URL, client, app, **options)

    def send(
        self,
        method: str,
        path: str,
        *,
        authorization: str | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> httpx.Response:
        """Send one request; on 429 wait ``Retry-After`` (at most ``retry_after_cap`` s) and send it again."""
        sent = dict(headers or {})
        if authorization is not None:
            sent["Authorization"] = authorization
        request = self.client.build_request(
            method.upper(), self.base_url + path, headers=sent, params=dict(params or {}), json=json
        )
        line = self.curl(request)
        for attempt in range(self.max_retries_on_429 + 1):
            if self.pacer:
                self.pacer.wait(self.sleep)
            self.traffic.last.append(line)
            try:
                response = self.client.send(request)
            except httpx.TransportError as exc:
                raise TransportFailure(
                    f"no response: {type(exc).__name__}: {exc or 'connection failed'}", line
                ) from None
            self.traffic.count(response.status_code)
            if response.status_code != 429 or attempt == self.max_retries_on_429:
                return response
            delay = retry_after(response, self.retry_after_cap)
            self.traffic.waited_for_retry_after += delay
            self.sleep(delay)
        raise AssertionError("unreachable")

    def curl(self, request: httpx.Request) -> str:
        return self.redactor.curl(request.method, str(request.url), request.headers.items(), request.content)

    def close(self) -> None:
        self.client.close()


def retry_after(response: httpx.Response, cap: float) -> float:
    """The seconds a 429 asks to wait (``Retry-After`` in seconds), within 0.05..cap; 1 s when absent."""
    try:
        seconds = float(response.headers.get("retry-after", "1"))
    except ValueError:
        seconds = 1.0
    return min(max(seconds, 0.05), cap)
