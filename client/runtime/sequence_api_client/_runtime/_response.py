"""From an ``httpx.Response`` to the client's ``Response``, and from that to a parsed body or an exception.

The generated parsers (``api.*._parse_response``) raise on anything the spec does not describe
(``JSONDecodeError`` on HTML, ``KeyError`` on a missing field); here that becomes ``parsed=None``
with ``parse_error`` set, so a ``<method>_detailed`` call never raises on a body, and ``unwrap``
turns it into an exception of this client.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any, TypeVar

import httpx

from ..client import AuthenticatedClient
from ..types import Response
from ._errors import APIResponseValidationError, APIStatusError, error_from_response, request_id_of

T = TypeVar("T")

#: what a generated parser may raise on a body that is not what the spec says
PARSE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, IndexError)


def http_status(code: int) -> HTTPStatus | int:
    """``HTTPStatus(code)``, or ``code`` itself for a status ``HTTPStatus`` does not know (520)."""
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


def build_response(
    parse: Callable[..., T | None], client: AuthenticatedClient, response: httpx.Response
) -> Response[T]:
    """The ``Response`` of ``response``, its body parsed by the generated ``parse``; never raises on a body."""
    try:
        parsed, error = parse(client=client, response=response), None
    except PARSE_ERRORS as exc:
        parsed, error = None, exc
    return Response(
        status_code=http_status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
        parse_error=error,
    )


def unwrap(response: Response[Any], expected: type[T], code_errors: Mapping[str, type[APIStatusError]]) -> T:
    """The parsed body of a 2xx response; the status error of any other (one mapping, whatever the body);
    :class:`APIResponseValidationError` for a 2xx whose body could not be read."""
    status = int(response.status_code)
    if not 200 <= status < 300:
        raise error_from_response(status, response.headers, response.content, code_errors)
    if isinstance(response.parsed, expected):
        return response.parsed
    error = response.parse_error
    reason = f"{type(error).__name__}: {error}" if error else f"not a {expected.__name__}"
    try:
        body = json.loads(response.content)
    except ValueError:
        body = None
    raise APIResponseValidationError(
        status=status,
        request_id=request_id_of(response.headers, body),
        headers=response.headers,
        content=response.content,
        reason=reason,
    ) from error
