"""The base clients: ``SyncClientBase`` and ``AsyncClientBase`` send with retries and unwrap responses.

The generated ``Sequence`` and ``AsyncSequence`` (``api/__init__.py``) subclass them, one method per operation.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx

from ..client import AuthenticatedClient
from ..types import Response
from ._errors import APIStatusError, error_from_response, retry_after_seconds
from ._retry import (
    DEFAULT_RETRY,
    RETRYABLE_EXCEPTIONS,
    Clock,
    RetryPolicy,
    SystemClock,
    connection_error,
    retryable_status,
)
from ._settings import Settings

logger = logging.getLogger("sequence_api_client")


T = TypeVar("T")


class _Base:
    #: code -> exception class; the generated clients set it from errors.py
    _code_errors: Mapping[str, type[APIStatusError]] = {}
    #: the generated clients add the package version
    _user_agent = "sequence-api-client"

    def __init__(self, settings: Settings, clock: Clock | None, draw: Callable[[], float] | None) -> None:
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
            raise connection_error(error, request, retries + 1) from error
        return delay

    def _delay_after_response(
        self, request: httpx.Request, retries: int, started: float, response: httpx.Response
    ) -> float | None:
        """The wait before retrying after ``response``; None to return it."""
        if not retryable_status(response.status_code):
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
        retry: RetryPolicy | None = DEFAULT_RETRY,
        headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        clock: Clock | None = None,
        draw: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(Settings(api_key, base_url, timeout, retry, headers, self._user_agent), clock, draw)
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
        retry: RetryPolicy | None = DEFAULT_RETRY,
        headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        clock: Clock | None = None,
        draw: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(Settings(api_key, base_url, timeout, retry, headers, self._user_agent), clock, draw)
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
