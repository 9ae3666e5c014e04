"""Per-request options: every method takes them as keywords (``client.get_account(id, timeout=2)``)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from typing import Any, TypedDict

import httpx

from ..types import Unset
from ._retry import NO_RETRIES, RetryPolicy, new_idempotency_key

QueryValue = str | int | float | bool

#: what an ``idempotency_key=`` accepts: a UUID, as a ``uuid.UUID`` or its string form
IdempotencyKey = uuid.UUID | str


class RequestOptions(TypedDict, total=False):
    """The options of one call, all optional; they override the client's settings for that call only.

    - ``timeout``: seconds, or an ``httpx.Timeout``; ``None`` waits forever.
    - ``retry``: a ``RetryPolicy`` for this call; ``None`` switches retries off.
    - ``max_retries``: the retry count only, the rest of the policy unchanged.
    - ``extra_headers``: headers to add (or replace) on this request.
    - ``extra_query``: query parameters to add, for parameters this client does not know yet.
    - ``extra_body``: JSON properties merged into the body (the JSON body of an operation without one).
    """

    timeout: float | httpx.Timeout | None
    retry: RetryPolicy | None
    max_retries: int
    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, QueryValue]
    extra_body: Mapping[str, object]


OPTION_NAMES = frozenset(RequestOptions.__annotations__)


def check_options(options: Mapping[str, object]) -> None:
    """TypeError naming any keyword that is not an option (mypy catches it; this is for untyped callers)."""
    unknown = sorted(set(options) - OPTION_NAMES)
    if unknown:
        raise TypeError(f"unexpected keyword argument(s) {unknown}; the per-request options are {sorted(OPTION_NAMES)}")


def retry_policy(default: RetryPolicy, options: Mapping[str, Any]) -> RetryPolicy:
    """The policy of one call: ``retry`` if given (``None`` = no retries), with ``max_retries`` applied."""
    policy = default
    if "retry" in options:
        policy = options["retry"] or NO_RETRIES
    if "max_retries" in options:
        policy = dataclasses.replace(policy, max_retries=options["max_retries"])
    return policy


def merge_headers(*layers: Mapping[str, str] | None) -> dict[str, str]:
    """The headers of ``layers``, a later one replacing an earlier one's header of the same name in any case
    (``authorization`` replaces ``Authorization``: HTTP header names are case-insensitive, and two
    ``Authorization`` headers are refused)."""
    merged: dict[str, tuple[str, str]] = {}
    for layer in layers:
        for name, value in (layer or {}).items():
            merged.pop(name.lower(), None)  # the later spelling, in the later position
            merged[name.lower()] = (name, value)
    return dict(merged.values())


def with_extras(kwargs: Mapping[str, Any], options: Mapping[str, Any]) -> dict[str, Any]:
    """The generated request ``kwargs`` with ``extra_headers``, ``extra_query`` and ``extra_body`` merged in."""
    merged = dict(kwargs)
    if "extra_headers" in options:
        merged["headers"] = merge_headers(merged.get("headers"), options["extra_headers"])
    if "extra_query" in options:
        merged["params"] = {**merged.get("params", {}), **options["extra_query"]}
    if "extra_body" in options:
        body = merged.get("json")
        merged["json"] = {**(body if isinstance(body, dict) else {}), **options["extra_body"]}
    return merged


def idempotency_key_header(value: IdempotencyKey | Unset) -> str:
    """The ``Idempotency-Key`` to send: ``value`` as a string, or a fresh UUID v4 when none was given."""
    if isinstance(value, Unset):
        return new_idempotency_key()
    if isinstance(value, uuid.UUID):
        return str(value)
    try:  # the spec's pattern: the hyphenated form only (uuid.UUID also takes hex alone, braces and urn:uuid:)
        canonical = len(value) == 36 and str(uuid.UUID(value)) == value.lower()
    except (ValueError, TypeError, AttributeError):
        canonical = False
    if not canonical:
        raise ValueError(
            f"idempotency_key must be a UUID (a uuid.UUID or its string form, e.g. {new_idempotency_key()!r}), "
            f"got {value!r}"
        )
    return value


__all__ = ["IdempotencyKey", "QueryValue", "RequestOptions"]
