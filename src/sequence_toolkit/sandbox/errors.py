"""The error every handler raises, and how any response is written (compact JSON with the envelope)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydantic_core
from starlette.responses import Response


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = dict(headers or {})


def not_found(kind: str, ident: str) -> ApiError:
    return ApiError(404, "resource_not_found", f"{kind} with id '{ident}' was not found.")


FORBIDDEN_MESSAGE = "This API key does not have the required permission."


def json_response(status: int, body: Any, headers: Mapping[str, str]) -> Response:
    """Compact UTF-8 JSON (as Starlette's JSONResponse writes it), encoded by pydantic-core: faster than ``json``."""
    return Response(pydantic_core.to_json(body), status, headers, media_type="application/json")
