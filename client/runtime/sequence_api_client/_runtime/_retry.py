"""When to send a request again, and how long to wait first."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Protocol

import httpx

from ._errors import APIConnectionError, APITimeoutError, ConfigurationError

IDEMPOTENCY_HEADER = "Idempotency-Key"


@dataclass(frozen=True)
class RetryPolicy:
    """When and how long to wait before sending a request again.

    Retried: connection errors and timeouts, 408, 409 (the same Idempotency-Key still in flight),
    429 and 5xx, and any error status the server marks ``x-should-retry: true`` (never one marked
    ``false``); only for GETs and for requests that carry an Idempotency-Key, so a retry never
    repeats a side effect. The n-th retry waits ``min(max_backoff, initial_backoff * 2**n)``,
    less a random part of up to ``jitter`` of it, or what ``Retry-After`` says, capped at
    ``max_retry_after``. No retry starts when it would end past ``max_elapsed`` seconds after the
    first attempt.
    """

    max_retries: int = 3
    initial_backoff: float = 0.5
    max_backoff: float = 8.0
    max_elapsed: float = 60.0
    jitter: float = 0.5
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ConfigurationError(f"RetryPolicy.max_retries must be 0 or more, got {self.max_retries}")
        for name in ("initial_backoff", "max_backoff", "max_elapsed", "max_retry_after"):
            if getattr(self, name) < 0:
                raise ConfigurationError(f"RetryPolicy.{name} must be 0 or more seconds, got {getattr(self, name)}")
        if not 0 <= self.jitter <= 1:
            raise ConfigurationError(f"RetryPolicy.jitter must be between 0 and 1, got {self.jitter}")

    def backoff(self, retry: int, draw: float) -> float:
        """The wait before retry number ``retry`` (0-based), for a random ``draw`` in [0, 1)."""
        ceiling = min(self.max_backoff, self.initial_backoff * 2.0**retry)
        return ceiling * (1 - self.jitter * draw)

    def next_delay(self, *, retries_done: int, elapsed: float, retry_after: float | None, draw: float) -> float | None:
        """The wait before the next attempt, or None when no retry is left within the budget."""
        if retries_done >= self.max_retries:
            return None
        delay = min(retry_after, self.max_retry_after) if retry_after is not None else self.backoff(retries_done, draw)
        if elapsed + delay > self.max_elapsed:
            return None
        return delay


DEFAULT_RETRY = RetryPolicy()
NO_RETRIES = RetryPolicy(max_retries=0)


class Clock(Protocol):
    """Time as the retry loop sees it; tests pass a fake one."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...

    def async_sleep(self, seconds: float) -> Awaitable[None]: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def async_sleep(self, seconds: float) -> Awaitable[None]:
        return asyncio.sleep(seconds)


RETRYABLE_EXCEPTIONS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


SHOULD_RETRY_HEADER = "x-should-retry"


def retryable_status(status: int, should_retry: str | None = None) -> bool:
    """Whether a response of ``status`` may be retried: the server's ``x-should-retry`` (``true`` or
    ``false``) on an error status, else 408, 409 (the Idempotency-Key still in flight), 429 and 5xx."""
    if status >= 400 and should_retry in ("true", "false"):
        return should_retry == "true"
    return status in (408, 409, 429) or status >= 500


def connection_error(exc: httpx.TransportError, request: httpx.Request, attempts: int) -> APIConnectionError:
    """The exception for a request that got no response after ``attempts`` attempts."""
    kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    what = "timed out" if kind is APITimeoutError else f"failed ({type(exc).__name__}: {exc})"
    return kind(
        f"{request.method} {request.url} {what} after {attempts} attempt(s); "
        "check the base URL and your network, or raise the timeout or RetryPolicy.max_retries",
        request=request,
        attempts=attempts,
    )


def new_idempotency_key() -> str:
    """A fresh Idempotency-Key: a random UUID (version 4)."""
    return str(uuid.uuid4())
