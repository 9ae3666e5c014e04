"""What the generated client lacks on its own: retries, typed errors, pagination and the base clients.

Hand-written: the toolkit keeps this package in ``client/runtime/sequence_api_client/_runtime/``
and ``make generate`` copies it, unchanged, into the generated package. Edit it there, never in
``generated/``; mypy checks it there, as ``sequence_api_client._runtime``, its imports of generated
modules (``..client``, ``..types``) resolving in the generated package. The per-operation methods
(``Sequence``, ``AsyncSequence`` in ``api/__init__.py``) and the per-code exceptions (``errors.py``)
are generated from the spec and build on it.

- ``_errors``: the exceptions, one per status class, and an error response's exception
- ``_open``: ``UnknownValue`` and ``UnknownVariant``, what a response may carry that this client does not know
- ``_response``: from an httpx response to a ``Response``, and to a parsed body or an exception
- ``_retry``: ``RetryPolicy``, the clock the retry loop sleeps on, idempotency keys
- ``_options``: ``RequestOptions``, the per-request options every method takes
- ``_settings``: API key, base URL, timeout and headers, from arguments or the environment
- ``_logging``: ``SEQUENCE_LOG`` and the redaction of keys in logs
- ``_base_client``: ``SyncClientBase`` and ``AsyncClientBase``, the send loops with retries
- ``_pagination``: ``SyncPager`` and ``AsyncPager``
"""

from ._base_client import AsyncClientBase, SyncClientBase
from ._errors import (
    REQUEST_ID_HEADER,
    STATUS_ERRORS,
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    SequenceError,
    UnexpectedStatus,
    error_from_response,
    retry_after_seconds,
)
from ._logging import LOG_ENV
from ._open import UnknownValue, UnknownVariant
from ._options import IdempotencyKey, RequestOptions, idempotency_key_header
from ._pagination import AsyncPager, Page, SyncPager
from ._response import build_response, unwrap
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
    "LOG_ENV",
    "NO_RETRIES",
    "REQUEST_ID_HEADER",
    "RETRYABLE_EXCEPTIONS",
    "STATUS_ERRORS",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClientBase",
    "AsyncPager",
    "AuthenticationError",
    "BadRequestError",
    "Clock",
    "ConfigurationError",
    "ConflictError",
    "IdempotencyKey",
    "InternalServerError",
    "NotFoundError",
    "Page",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestOptions",
    "RetryPolicy",
    "SequenceError",
    "SyncClientBase",
    "SyncPager",
    "SystemClock",
    "UnexpectedStatus",
    "UnknownValue",
    "UnknownVariant",
    "build_response",
    "error_from_response",
    "idempotency_key_header",
    "new_idempotency_key",
    "retry_after_seconds",
    "unwrap",
]
