"""The base clients: ``SyncClientBase`` and ``AsyncClientBase`` send with retries and unwrap responses.

The generated ``Sequence`` and ``AsyncSequence`` (``api/__init__.py``) subclass them, one method per operation.
"""

from __future__ import annotations

import copy
import logging
import random
from collections.abc import Callable, Mapping
from typing import Any, Self, TypeVar

import httpx

from ..client import AuthenticatedClient
from ..types import UNSET, Response, Unset
from ._errors import APIStatusError, retry_after_seconds
from ._logging import configure_from_env, logger, redacted_headers
from ._options import check_options, retry_policy, with_extras
from ._response import unwrap
from ._retry import (
    DEFAULT_RETRY,
    NO_RETRIES,
    RETRYABLE_EXCEPTIONS,
    SHOULD_RETRY_HEADER,
    Clock,
    RetryPolicy,
    SystemClock,
    connection_error,
    retryable_status,
)
from ._settings import DEFAULT_TIMEOUT, Settings, Timeout, retryable

T = TypeVar("T")
HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)


class _Base:
    #: code -> exception class; the generated clients set it from errors.py
    _code_errors: Mapping[str, type[APIStatusError]] = {}
    #: the generated clients add the package version
    _user_agent = "sequence-api-client"
    #: whether close() closes the httpx client: only one this package created, never a copy's
    _owns_http: bool = False

    def __init__(
        self,
        api_key: str | None,
        base_url: str | None,
        timeout: Timeout | Unset,
        retry: RetryPolicy | None,
        max_retries: int | Unset,
        headers: Mapping[str, str] | None,
    ) -> None:
        configure_from_env()
        options = {} if isinstance(max_retries, Unset) else {"max_retries": max_retries}
        policy = retry_policy(retry or NO_RETRIES, options)
        self._settings = Settings(api_key, base_url, timeout, policy, headers, self._user_agent)
        # the clock retries sleep on and the jitter's random draw; tests replace them on the instance
        self._clock: Clock = SystemClock()
        self._draw: Callable[[], float] = random.random

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

    def with_options(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: Timeout | Unset = UNSET,
        retry: RetryPolicy | Unset | None = UNSET,
        max_retries: int | Unset = UNSET,
        headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A client with these settings changed, sharing this one's connection pool (closing it leaves the pool open).

        ``headers`` are added to this client's; ``retry=None`` switches retries off.
        """
        options: dict[str, Any] = {} if isinstance(max_retries, Unset) else {"max_retries": max_retries}
        policy = retry_policy(self.retry if isinstance(retry, Unset) else retry or NO_RETRIES, options)
        clone = copy.copy(self)
        clone._settings = self._settings.replace(
            api_key=api_key, base_url=base_url, timeout=timeout, retry=policy, headers=headers
        )
        clone._owns_http = False
        return clone

    def _delay(
        self, request: httpx.Request, policy: RetryPolicy, retries: int, started: float, after: float | None, why: str
    ) -> float | None:
        """The wait before retrying ``request``, or None when it may not be retried (method, count, budget)."""
        if not retryable(policy, request):
            return None
        elapsed = self._clock.monotonic() - started
        delay = policy.next_delay(retries_done=retries, elapsed=elapsed, retry_after=after, draw=self._draw())
        if delay is not None:
            logger.info("%s %s: %s; retry %d in %.2f s", request.method, request.url.path, why, retries + 1, delay)
        return delay

    def _delay_after_error(
        self, request: httpx.Request, policy: RetryPolicy, retries: int, started: float, error: httpx.TransportError
    ) -> float:
        """The wait before retrying after ``error``; raises the connection error when there is no retry."""
        retry = isinstance(error, RETRYABLE_EXCEPTIONS)
        delay = self._delay(request, policy, retries, started, None, type(error).__name__) if retry else None
        if delay is None:
            raise connection_error(error, request, retries + 1) from error
        return delay

    def _delay_after_response(
        self, request: httpx.Request, policy: RetryPolicy, retries: int, started: float, response: httpx.Response
    ) -> float | None:
        """The wait before retrying after ``response``; None to return it."""
        if logger.isEnabledFor(logging.INFO):
            _log_response(request, response, self._clock.monotonic() - started)
        if not retryable_status(response.status_code, response.headers.get(SHOULD_RETRY_HEADER)):
            return None
        why = f"status {response.status_code}"
        return self._delay(request, policy, retries, started, retry_after_seconds(response.headers), why)

    def _prepare(
        self, http: httpx.Client | httpx.AsyncClient, kwargs: Mapping[str, Any], options: Mapping[str, Any]
    ) -> tuple[httpx.Request, RetryPolicy]:
        check_options(options)
        request = self._settings.request(http, with_extras(kwargs, options), options.get("timeout", UNSET))
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("request %s %s headers=%s", request.method, request.url, redacted_headers(request.headers))
        return request, retry_policy(self.retry, options)

    def _unwrap(self, response: Response[Any], expected: type[T]) -> T:
        """The parsed body of a 2xx response; raises the typed exception of anything else."""
        return unwrap(response, expected, self._code_errors)


def _log_response(request: httpx.Request, response: httpx.Response, elapsed: float) -> None:
    request_id = response.headers.get("X-Request-ID", "-")
    logger.info(
        "%s %s -> %d in %.0f ms (request id %s)",
        request.method,
        request.url.path,
        response.status_code,
        elapsed * 1000,
        request_id,
    )


def _own_client(http_client: HttpT | None, settings: Settings, factory: Callable[..., HttpT]) -> tuple[HttpT, bool]:
    """The caller's httpx client (never closed by us, its timeout kept unless one is asked for), or a new one."""
    if http_client is not None:
        return http_client, False
    timeout = DEFAULT_TIMEOUT if isinstance(settings.timeout, Unset) else settings.timeout
    return factory(timeout=timeout), True


class SyncClientBase(_Base):
    """The synchronous transport: sends through one ``httpx.Client`` (its pool is reused) with retries."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: Timeout | Unset = UNSET,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        max_retries: int | Unset = UNSET,
        headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(api_key, base_url, timeout, retry, max_retries, headers)
        self._http, self._owns_http = _own_client(http_client, self._settings, httpx.Client)

    def _send(self, kwargs: Mapping[str, Any], options: Mapping[str, Any] | None = None) -> httpx.Response:
        request, policy = self._prepare(self._http, kwargs, options or {})
        started, retries = self._clock.monotonic(), 0
        while True:
            try:
                response = self._http.send(request)
            except httpx.TransportError as exc:
                delay = self._delay_after_error(request, policy, retries, started, exc)
            else:
                wait = self._delay_after_response(request, policy, retries, started, response)
                if wait is None:
                    return response
                delay = wait
                response.close()
            retries += 1
            self._clock.sleep(delay)

    def close(self) -> None:
        """Close the connection pool, when this client created it (never a caller's ``http_client``)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
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
        timeout: Timeout | Unset = UNSET,
        retry: RetryPolicy | None = DEFAULT_RETRY,
        max_retries: int | Unset = UNSET,
        headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(api_key, base_url, timeout, retry, max_retries, headers)
        self._http, self._owns_http = _own_client(http_client, self._settings, httpx.AsyncClient)

    async def _send(self, kwargs: Mapping[str, Any], options: Mapping[str, Any] | None = None) -> httpx.Response:
        request, policy = self._prepare(self._http, kwargs, options or {})
        started, retries = self._clock.monotonic(), 0
        while True:
            try:
                response = await self._http.send(request)
            except httpx.TransportError as exc:
                delay = self._delay_after_error(request, policy, retries, started, exc)
            else:
                wait = self._delay_after_response(request, policy, retries, started, response)
                if wait is None:
                    return response
                delay = wait
                await response.aclose()
            retries += 1
            await self._clock.async_sleep(delay)

    async def close(self) -> None:
        """As :meth:`SyncClientBase.close`."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
