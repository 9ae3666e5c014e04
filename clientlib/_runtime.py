"""What the generated client lacks on its own: retries, typed errors, pagination and the base clients.

Hand-written: the toolkit keeps it in ``clientlib/_runtime.py`` and ``make generate`` copies it,
unchanged, into the generated package. Edit it there, never in ``generated/``. The per-operation
methods (``Sequence``, ``AsyncSequence`` in ``api/__init__.py``) and the per-code exceptions
(``errors.py``) are generated from the spec and build on this module.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import os
import random
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from collections.abc import Sequence as SequenceOf
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import httpx

from .client import AuthenticatedClient
from .types import Response, Unset

__all__ = [
    "API_KEY_ENV",
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "NO_RETRIES",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncPager",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RetryPolicy",
    "SequenceError",
    "SyncPager",
    "UnexpectedStatus",
]

DEFAULT_BASE_URL = "https://api.getsequence.io/api/v1"
API_KEY_ENV = "SEQUENCE_API_KEY"
BASE_URL_ENV = "SEQUENCE_BASE_URL"
REQUEST_ID_HEADER = "X-Request-ID"
IDEMPOTENCY_HEADER = "Idempotency-Key"
AUTH_SCHEME = "ApiKey"

logger = logging.getLogger("sequence_api_client")


# --- errors ---------------------------------------------------------------------------------


class SequenceError(Exception):
    """The base of every exception this client raises."""


class ConfigurationError(SequenceError):
    """The client was built with settings it cannot use (no API key, a bad retry policy...)."""


class UnexpectedStatus(SequenceError):
    """A status the spec does not document, raised by the generated functions when asked to."""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content
        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class APIConnectionError(SequenceError):
    """No response arrived (connection refused or dropped, or a timeout), after every allowed retry."""

    def __init__(self, message: str, *, request: httpx.Request, attempts: int) -> None:
        super().__init__(message)
        self.request = request
        self.attempts = attempts


class APITimeoutError(APIConnectionError):
    """The request timed out, after every allowed retry."""


class APIStatusError(SequenceError):
    """The API answered with an error status. Subclasses name the status, and the generated ones the code.

    ``code`` and ``message`` come from the error envelope; ``request_id`` from the
    ``X-Request-ID`` header (or the body): quote it when you contact support.
    """

    status: int = 0  # the status the class stands for; 0 on this base class

    def __init__(
        self,
        *,
        status: int,
        code: str | None,
        message: str,
        request_id: str | None,
        headers: Mapping[str, str],
        content: bytes,
    ) -> None:
        super().__init__(f"{status} {code or 'error'}: {message} (request id {request_id or 'unknown'})")
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.headers = headers
        self.content = content


class BadRequestError(APIStatusError):
    """400: a parameter or the body is wrong; the message names it."""

    status = 400


class AuthenticationError(APIStatusError):
    """401: the API key is missing, malformed, unknown or revoked."""

    status = 401


class PermissionDeniedError(APIStatusError):
    """403: the key lacks the scope, or the resource is outside the key's resources."""

    status = 403


class NotFoundError(APIStatusError):
    """404: no such resource in the key's organization."""

    status = 404


class ConflictError(APIStatusError):
    """409: a request with this Idempotency-Key is still being processed."""

    status = 409


class RateLimitError(APIStatusError):
    """429: too many requests for this key, still so after every allowed retry."""

    status = 429

    @property
    def retry_after(self) -> float | None:
        """The seconds the server asked to wait, from ``Retry-After``."""
        return retry_after_seconds(self.headers)


class InternalServerError(APIStatusError):
    """5xx: the server failed, still so after every allowed retry."""

    status = 500


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    cls.status: cls
    for cls in (
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        RateLimitError,
        InternalServerError,
    )
}


def error_from_response(
    status: int,
    headers: Mapping[str, str],
    content: bytes,
    code_errors: Mapping[str, type[APIStatusError]],
) -> APIStatusError:
    """The exception for an error response: the class of its code when that code belongs to the
    status, else the class of its status, else :class:`APIStatusError`."""
    code: str | None = None
    message = content.decode(errors="replace")[:500] or "(empty body)"
    request_id = headers.get(REQUEST_ID_HEADER)
    try:
        body = json.loads(content)
    except ValueError:
        body = None
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            code = error.get("code") if isinstance(error.get("code"), str) else None
            message = str(error.get("message", message))
        if request_id is None and isinstance(body.get("request_id"), str):
            request_id = body["request_id"]
    cls = STATUS_ERRORS.get(status, InternalServerError if status >= 500 else APIStatusError)
    by_code = code_errors.get(code or "")
    if by_code is not None and by_code.status == status:
        cls = by_code
    return cls(
        status=status,
        code=code,
        message=message,
        request_id=request_id,
        headers=headers,
        content=content,
    )


# --- retries --------------------------------------------------------------------------------


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """``Retry-After`` in seconds (a number, or an HTTP date counted from ``now``); None if absent or unreadable."""
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass(frozen=True)
class RetryPolicy:
    """When and how long to wait before sending a request again.

    Retried: connection errors and timeouts, 409 (the same Idempotency-Key still in flight),
    429 and 5xx; only for GETs and for requests that carry an Idempotency-Key, so a retry never
    repeats a side effect. The n-th retry waits ``min(max_backoff, initial_backoff * 2**n)``,
    less a random part of up to ``jitter`` of it, or what ``Retry-After`` says. No retry starts
    when it would end past ``max_elapsed`` seconds after the first attempt.
    """

    max_retries: int = 3
    initial_backoff: float = 0.5
    max_backoff: float = 8.0
    max_elapsed: float = 60.0
    jitter: float = 0.5

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ConfigurationError(f"RetryPolicy.max_retries must be 0 or more, got {self.max_retries}")
        for name in ("initial_backoff", "max_backoff", "max_elapsed"):
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
        delay = retry_after if retry_after is not None else self.backoff(retries_done, draw)
        if elapsed + delay > self.max_elapsed:
            return None
        return delay


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


def _retryable_status(status: int) -> bool:
    return status in (409, 429) or status >= 500


def _connection_error(exc: httpx.TransportError, request: httpx.Request, attempts: int) -> APIConnectionError:
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


# --- clients --------------------------------------------------------------------------------


T = TypeVar("T")


class _Settings:
    """What both clients are built from: key, base URL, timeout, retries, extra headers."""

    def __init__(
        self,
        api_key: str | None,
        base_url: str | None,
        timeout: float | httpx.Timeout,
        retry: RetryPolicy | None,
        headers: Mapping[str, str] | None,
        user_agent: str,
    ) -> None:
        api_key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
        if not api_key or not api_key.strip():
            raise ConfigurationError(f"no API key: pass api_key=... or set the {API_KEY_ENV} environment variable")
        self.base_url = (base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")
        if not self.base_url.startswith(("http://", "https://")):
            raise ConfigurationError(f"base_url must start with http:// or https://, got {self.base_url!r}")
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self.retry = retry or NO_RETRIES
        self.headers = {
            "User-Agent": user_agent,
            **(headers or {}),
            "Authorization": f"{AUTH_SCHEME} {api_key.strip()}",
        }
        self.raw = AuthenticatedClient(
            base_url=self.base_url,
            token=api_key.strip(),
            prefix=AUTH_SCHEME,
            timeout=self.timeout,
            headers={"User-Agent": user_agent, **(headers or {})},
        )

    def request(self, http: httpx.Client | httpx.AsyncClient, kwargs: Mapping[str, Any]) -> httpx.Request:
        url = kwargs["url"] if "://" in kwargs["url"] else self.base_url + kwargs["url"]
        headers = {**self.headers, **kwargs.get("headers", {})}
        return http.build_request(**{**kwargs, "url": url, "headers": headers, "timeout": self.timeout})

    def retryable(self, request: httpx.Request) -> bool:
        return self.retry.max_retries > 0 and (request.method == "GET" or IDEMPOTENCY_HEADER in request.headers)


class _Base:
    #: code -> exception class; the generated clients set it from errors.py
    _code_errors: Mapping[str, type[APIStatusError]] = {}
    #: the generated clients add the package version
    _user_agent = "sequence-api-client"

    def __init__(self, settings: _Settings, clock: Clock | None, draw: Callable[[], float] | None) -> None:
        self._settings = settings
        self._clock = clock or SystemClock()
        self._draw = draw or random.random

    @property
    def base_url(self) -> str:
        return self._settings.base_url

    @property
    def retry(self) -> RetryPolicy:
        return self._settings.retry

    @property
    def raw(self) -> AuthenticatedClient:
        """A generated ``AuthenticatedClient`` with this client's key and base URL, for calling the
        generated ``api.*`` functions directly. Those do not retry, and use their own connection pool."""
        return self._settings.raw

    def _delay(
        self, request: httpx.Request, retries: int, started: float, retry_after: float | None, why: str
    ) -> float | None:
        """The wait before retrying ``request``, or None when it may not be retried (method, count, budget)."""
        if not self._settings.retryable(request):
            return None
        elapsed = self._clock.monotonic() - started
        delay = self.retry.next_delay(retries_done=retries, elapsed=elapsed, retry_after=retry_after, draw=self._draw())
        if delay is not None:
            logger.info("%s %s: %s; retry %d in %.2f s", request.method, request.url.path, why, retries + 1, delay)
        return delay

    def _delay_after_error(
        self, request: httpx.Request, retries: int, started: float, error: httpx.TransportError
    ) -> float:
        """The wait before retrying after ``error``; raises the connection error when there is no retry."""
        retryable = isinstance(error, RETRYABLE_EXCEPTIONS)
        delay = self._delay(request, retries, started, None, type(error).__name__) if retryable else None
        if delay is None:
            raise _connection_error(error, request, retries + 1) from error
        return delay

    def _delay_after_response(
        self, request: httpx.Request, retries: int, started: float, response: httpx.Response
    ) -> float | None:
        """The wait before retrying after ``response``; None to return it."""
        if not _retryable_status(response.status_code):
            return None
        why = f"status {response.status_code}"
        return self._delay(request, retries, started, retry_after_seconds(response.headers), why)

    def _unwrap(self, response: Response[Any], expected: type[T]) -> T:
        """The parsed body of a 2xx response; raises the typed exception of anything else."""
        if 200 <= response.status_code < 300 and isinstance(response.parsed, expected):
            return response.parsed
        raise error_from_response(
            int(response.status_code),
            response.headers,
            response.content,
            self._code_errors,
        )


class SyncClientBase(_Base):
    """The synchronous transport: sends through one ``httpx.Client`` (its pool is reused) with retries."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = 30.0,
        retry: RetryPolicy | None = RetryPolicy(),
        headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        clock: Clock | None = None,
        draw: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(_Settings(api_key, base_url, timeout, retry, headers, self._user_agent), clock, draw)
        self._http = http_client or httpx.Client(timeout=self._settings.timeout)

    def _send(self, kwargs: Mapping[str, Any]) -> httpx.Response:
        request = self._settings.request(self._http, kwargs)
        started, retries = self._clock.monotonic(), 0
        while True:
            try:
                response = self._http.send(request)
            except httpx.TransportError as exc:
                delay = self._delay_after_error(request, retries, started, exc)
            else:
                wait = self._delay_after_response(request, retries, started, response)
                if wait is None:
                    return response
                delay = wait
                response.close()
            retries += 1
            self._clock.sleep(delay)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClientBase(_Base):
    """The asynchronous transport: as :class:`SyncClientBase`, over ``httpx.AsyncClient``."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = 30.0,
        retry: RetryPolicy | None = RetryPolicy(),
        headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        clock: Clock | None = None,
        draw: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(_Settings(api_key, base_url, timeout, retry, headers, self._user_agent), clock, draw)
        self._http = http_client or httpx.AsyncClient(timeout=self._settings.timeout)

    async def _send(self, kwargs: Mapping[str, Any]) -> httpx.Response:
        request = self._settings.request(self._http, kwargs)
        started, retries = self._clock.monotonic(), 0
        while True:
            try:
                response = await self._http.send(request)
            except httpx.TransportError as exc:
                delay = self._delay_after_error(request, retries, started, exc)
            else:
                wait = self._delay_after_response(request, retries, started, response)
                if wait is None:
                    return response
                delay = wait
                await response.aclose()
            retries += 1
            await self._clock.async_sleep(delay)

    async def close(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def __aenter__(self: T) -> T:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


# --- pagination -----------------------------------------------------------------------------


ItemT = TypeVar("ItemT")
ItemT_co = TypeVar("ItemT_co", covariant=True)


class _PageInfo(Protocol):
    @property
    def end_cursor(self) -> str | None: ...

    @property
    def has_next_page(self) -> bool: ...


class Page(Protocol[ItemT_co]):
    """What every list response has: the items of one page and where the next begins."""

    @property
    def data(self) -> SequenceOf[ItemT_co]: ...

    @property
    def page_info(self) -> _PageInfo: ...


PageT = TypeVar("PageT", bound=Page[Any])


def _next_cursor(page: Page[Any]) -> str | None:
    cursor = page.page_info.end_cursor
    return cursor if page.page_info.has_next_page and cursor else None


class SyncPager(Generic[PageT, ItemT]):
    """Every item of a list operation, fetching pages of ``first`` items as it goes (following ``end_cursor``).

    Iterate it for the items; ``pages()`` gives the page responses (with their ``request_id``).
    Each iteration starts again from the first page.
    """

    def __init__(
        self, fetch: Callable[[str | Unset], PageT], items: Callable[[PageT], SequenceOf[ItemT]], after: str | Unset
    ) -> None:
        self._fetch = fetch
        self._items = items
        self._after = after

    def pages(self) -> Iterator[PageT]:
        cursor: str | Unset = self._after
        while True:
            page = self._fetch(cursor)
            yield page
            following = _next_cursor(page)
            if following is None:
                return
            cursor = following

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.pages():
            yield from self._items(page)

    def first_page(self) -> PageT:
        return self._fetch(self._after)


class AsyncPager(Generic[PageT, ItemT]):
    """As :class:`SyncPager`, for ``async for``."""

    def __init__(
        self,
        fetch: Callable[[str | Unset], Awaitable[PageT]],
        items: Callable[[PageT], SequenceOf[ItemT]],
        after: str | Unset,
    ) -> None:
        self._fetch = fetch
        self._items = items
        self._after = after

    async def pages(self) -> AsyncIterator[PageT]:
        cursor: str | Unset = self._after
        while True:
            page = await self._fetch(cursor)
            yield page
            following = _next_cursor(page)
            if following is None:
                return
            cursor = following

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.pages():
            for item in self._items(page):
                yield item

    async def first_page(self) -> PageT:
        return await self._fetch(self._after)
