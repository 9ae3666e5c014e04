"""The exceptions this client raises, and how an error response (its envelope, ``X-Request-ID`` and
``Retry-After``) becomes one.

The per-code exceptions (``errors.py``) are generated from the spec, each under the class of its
status here. ``STATUS_ERRORS`` is that status -> class table; ``make generate`` loads this file on
its own to read it, so it imports nothing else of the package (only the standard library and httpx).
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Mapping

import httpx

REQUEST_ID_HEADER = "X-Request-ID"


class SequenceError(Exception):
    """The base of every exception this client raises."""


class ConfigurationError(SequenceError):
    """The client was built with settings it cannot use (no API key, a bad retry policy...)."""


class PaginationError(SequenceError):
    """A list operation sent back a cursor it had sent before: following it would never end."""


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


class APIResponseValidationError(SequenceError):
    """A success status whose body is not what the spec says (HTML from a proxy, an empty body, a broken
    document). ``status``, ``request_id``, ``headers`` and the raw ``content`` are kept; ``__cause__`` is the
    parser's own error."""

    def __init__(
        self, *, status: int, request_id: str | None, headers: Mapping[str, str], content: bytes, reason: str
    ) -> None:
        preview = content[:200].decode(errors="replace") or "(empty body)"
        super().__init__(
            f"{status}: the response body could not be read ({reason}); request id {request_id or 'unknown'}; "
            f"body starts {preview!r}"
        )
        self.status = status
        self.request_id = request_id
        self.headers = headers
        self.content = content


def request_id_of(headers: Mapping[str, str], body: object) -> str | None:
    """The request id: the ``X-Request-ID`` header, else a ``request_id`` in the JSON body."""
    request_id = headers.get(REQUEST_ID_HEADER)
    if request_id is None and isinstance(body, dict) and isinstance(body.get("request_id"), str):
        request_id = body["request_id"]
    return request_id


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
    """The exception for an error response, whatever its body: the class of its code when that code
    belongs to the status, else the class of its status (any 5xx: :class:`InternalServerError`), else
    :class:`APIStatusError`. Every error status of every method goes through here."""
    code: str | None = None
    message = content.decode(errors="replace")[:500] or "(empty body)"
    try:
        body = json.loads(content)
    except ValueError:  # HTML from a proxy, an empty body...: the status decides alone
        body = None
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            code = error.get("code") if isinstance(error.get("code"), str) else None
            message = str(error.get("message", message))
    request_id = request_id_of(headers, body)
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
