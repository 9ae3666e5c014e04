"""What both clients are built from: the API key, base URL, timeout, retry policy and headers."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import httpx

from ..client import AuthenticatedClient
from ..types import UNSET, Unset
from ._errors import ConfigurationError
from ._options import merge_headers
from ._retry import IDEMPOTENCY_HEADER, NO_RETRIES, RetryPolicy

DEFAULT_BASE_URL = "https://api.getsequence.io/api/v1"
DEFAULT_TIMEOUT = httpx.Timeout(30.0)
API_KEY_ENV = "SEQUENCE_API_KEY"
BASE_URL_ENV = "SEQUENCE_BASE_URL"
AUTH_SCHEME = "ApiKey"

Timeout = float | httpx.Timeout | None


def as_timeout(value: Timeout | Unset) -> httpx.Timeout | Unset:
    return value if isinstance(value, httpx.Timeout | Unset) else httpx.Timeout(value)


class Settings:
    """What both clients are built from: key, base URL, timeout, retries, extra headers.

    ``timeout`` is UNSET unless asked for: requests then take the httpx client's own timeout
    (30 s on the client this package creates; the caller's on a caller's ``http_client``).
    """

    def __init__(
        self,
        api_key: str | None,
        base_url: str | None,
        timeout: Timeout | Unset,
        retry: RetryPolicy | None,
        headers: Mapping[str, str] | None,
        user_agent: str,
    ) -> None:
        api_key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
        if not api_key or not api_key.strip():
            raise ConfigurationError(f"no API key: pass api_key=... or set the {API_KEY_ENV} environment variable")
        self._api_key = api_key.strip()
        self.base_url = (base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")
        if not self.base_url.startswith(("http://", "https://")):
            raise ConfigurationError(f"base_url must start with http:// or https://, got {self.base_url!r}")
        self.timeout = as_timeout(timeout)
        self.retry = retry or NO_RETRIES
        self.extra_headers = merge_headers(headers)
        self.user_agent = user_agent
        self.headers = merge_headers(
            {"User-Agent": user_agent}, self.extra_headers, {"Authorization": f"{AUTH_SCHEME} {self._api_key}"}
        )
        self._raw: AuthenticatedClient | None = None

    def replace(
        self,
        *,
        api_key: str | None,
        base_url: str | None,
        timeout: Timeout | Unset,
        retry: RetryPolicy | Unset | None,
        headers: Mapping[str, str] | None,
    ) -> Settings:
        """These settings with the given ones changed (None or UNSET: unchanged; ``retry=None``: no retries)."""
        return Settings(
            api_key or self._api_key,
            base_url or self.base_url,
            self.timeout if isinstance(timeout, Unset) else timeout,
            self.retry if isinstance(retry, Unset) else retry,
            merge_headers(self.extra_headers, headers),
            self.user_agent,
        )

    @property
    def raw(self) -> AuthenticatedClient:
        """A generated client with this key and base URL (built on first use)."""
        if self._raw is None:
            self._raw = AuthenticatedClient(
                base_url=self.base_url,
                token=self._api_key,
                prefix=AUTH_SCHEME,
                timeout=DEFAULT_TIMEOUT if isinstance(self.timeout, Unset) else self.timeout,
                headers=merge_headers({"User-Agent": self.user_agent}, self.extra_headers),
            )
        return self._raw

    def request(
        self, http: httpx.Client | httpx.AsyncClient, kwargs: Mapping[str, Any], timeout: Timeout | Unset = UNSET
    ) -> httpx.Request:
        """The request of ``kwargs``; ``timeout`` (this call's) over the client's setting over the httpx client's."""
        url = kwargs["url"] if "://" in kwargs["url"] else self.base_url + kwargs["url"]
        headers = merge_headers(self.headers, kwargs.get("headers"))
        chosen = self.timeout if isinstance(timeout, Unset) else as_timeout(timeout)
        extra = {} if isinstance(chosen, Unset) else {"timeout": chosen}
        return http.build_request(**{**kwargs, "url": url, "headers": headers, **extra})


def retryable(policy: RetryPolicy, request: httpx.Request) -> bool:
    """Whether ``request`` may be sent again: retries left, and a GET or an Idempotency-Key (no side effect twice)."""
    return policy.max_retries > 0 and (request.method == "GET" or IDEMPOTENCY_HEADER in request.headers)
