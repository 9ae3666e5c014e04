"""What both clients are built from: the API key, base URL, timeout, retry policy and headers."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import httpx

from ..client import AuthenticatedClient
from ._errors import ConfigurationError
from ._retry import IDEMPOTENCY_HEADER, NO_RETRIES, RetryPolicy

DEFAULT_BASE_URL = "https://api.getsequence.io/api/v1"
API_KEY_ENV = "SEQUENCE_API_KEY"
BASE_URL_ENV = "SEQUENCE_BASE_URL"
AUTH_SCHEME = "ApiKey"


class Settings:
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
