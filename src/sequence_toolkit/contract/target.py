"""Where the kit sends its own requests: a URL over HTTP, or an ASGI app in process."""

from __future__ import annotations

import shlex
import warnings
from collections.abc import Mapping
from typing import Any

import httpx

IN_PROCESS_URL = "http://contract.local"


class Target:
    """One httpx client for the kit's requests; ``app`` is set when the target runs in process."""

    def __init__(self, base_url: str, client: httpx.Client, app: Any = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.client = client
        self.app = app

    @classmethod
    def http(cls, url: str, timeout: float = 30.0) -> Target:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"--url {url!r}: expected an http:// or https:// URL such as https://host/api/v1")
        return cls(url, httpx.Client(timeout=timeout))

    @classmethod
    def asgi(cls, app: Any) -> Target:
        with warnings.catch_warnings():  # starlette suggests httpx2; httpx is what the rest of the kit uses
            warnings.simplefilter("ignore")
            from starlette.testclient import TestClient

            client = TestClient(app, base_url=IN_PROCESS_URL, raise_server_exceptions=False)
        return cls(IN_PROCESS_URL, client, app)

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
        sent = dict(headers or {})
        if authorization is not None:
            sent["Authorization"] = authorization
        return self.client.request(
            method.upper(), self.base_url + path, headers=sent, params=dict(params or {}), json=json
        )

    def close(self) -> None:
        self.client.close()


def curl(request: httpx.Request) -> str:
    """A curl line that sends ``request`` again."""
    parts = ["curl", "-X", request.method]
    for name, value in request.headers.items():
        if name.lower() in {"host", "accept", "accept-encoding", "connection", "user-agent", "content-length"}:
            continue
        parts += ["-H", f"{name}: {value}"]
    if request.content:
        parts += ["-d", request.content.decode("utf-8", "replace")]
    parts.append(str(request.url))
    return shlex.join(parts)
