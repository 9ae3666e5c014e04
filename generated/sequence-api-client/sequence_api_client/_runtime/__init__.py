"""What the generated client lacks on its own: retries, typed errors, pagination and the base clients.

Hand-written: the toolkit keeps this package in ``client/runtime/sequence_api_client/_runtime/``
and ``make generate`` copies it, unchanged, into the generated package. Edit it there, never in
``generated/``; mypy checks it there, as ``sequence_api_client._runtime``, its imports of generated
modules (``..client``, ``..types``) resolving in the generated package. The per-operation methods
(``Sequence``, ``AsyncSequence`` in ``api/__init__.py``) and the per-code exceptions (``errors.py``)
are generated from the spec and build on it.

- ``_errors``: the exceptions, one per status class, and an error response's exception
- ``_retry``: ``RetryPolicy``, the clock the retry loop sleeps on, idempotency keys
- ``_settings``: API key, base URL, timeout and headers, from arguments or the environment
- ``_base_client``: ``SyncClientBase`` and ``AsyncClientBase``, the send loops with retries
- ``_pagination``: ``SyncPager`` and ``AsyncPager``
"""

from ._base_client import AsyncClientBase, SyncClientBase
from ._errors import (
    REQUEST_ID_HEADER,
    STATUS_ERRORS,
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    SequenceError,
    UnexpectedStatus,
    error_from_response,
    retry_after_seconds,
)
from ._pagination import AsyncPager, Page, SyncPager
from ._retry import (
    IDEMPOTENCY_HEADER,
    NO_RETRIES,
    RETRYABLE_EXCEPTIONS,
    Clock,
    RetryPolicy,
    SystemClock,
    new_idempotency_key,
)
from ._settings import API_KEY_ENV, AUTH_SCHEME, BASE_URL_ENV, DEFAULT_BASE_URL

__all__ = [
    "API_KEY_ENV",
    "AUTH_SCHEME",
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "IDEMPOTENCY_HEADER",
    "NO_RETRIES",
    "REQUEST_ID_HEADER",
    "RETRYABLE_EXCEPTIONS",
    "STATUS_ERRORS",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClientBase",
    "AsyncPager",
    "AuthenticationError",
    "BadRequestError",
    "Clock",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "Page",
    "PermissionDeniedError",
    "RateLimitError",
    "RetryPolicy",
    "SequenceError",
    "SyncClientBase",
    "SyncPager",
    "SystemClock",
    "UnexpectedStatus",
    "error_from_response",
    "new_idempotency_key",
    "retry_after_seconds",
]
