"""Lists: cursors (opaque to clients, ``cursor:N`` inside), page bodies, and the SQL of optional filters."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from .errors import ApiError


def encode_cursor(seq: int | None) -> str | None:
    return None if seq is None else base64.urlsafe_b64encode(f"cursor:{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = text.partition(":")
        if kind != "cursor" or not re.fullmatch(r"[0-9]{1,18}", value):  # below 2**63: SQLite's integers
            raise ValueError
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiError(400, "invalid_parameters", "query parameter 'after' is not a cursor this API returned") from None


def page_payload(items: list[dict[str, Any]], end: int | None, more: bool) -> dict[str, Any]:
    return {"data": items, "page_info": {"end_cursor": encode_cursor(end), "has_next_page": more}}


def equal_filters(where: str, args: list[Any], query: Mapping[str, Any], *names: str) -> tuple[str, list[Any]]:
    """Add ``AND name = ?`` for each optional filter the request gave."""
    for name in names:
        if name in query:
            where, args = where + f" AND {name} = ?", [*args, query[name]]
    return where, args


def stored_instant(moment: datetime) -> str:
    """``moment`` as stored (UTC, whole seconds, ``Z``), rounded up: ``created_at >= it`` and ``created_at < it``
    then mean the same as comparing with ``moment`` itself, whatever its offset and fraction of a second."""
    utc = moment.astimezone(UTC)
    if utc.microsecond:
        if utc.replace(tzinfo=None) >= datetime.max.replace(microsecond=0):
            return "9999-12-31T23:59:60Z"  # after the last whole second: past every stored instant
        utc = utc.replace(microsecond=0) + timedelta(seconds=1)
    return utc.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def created_range(query: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """``from`` (inclusive) and ``to`` (exclusive) on ``created_at``, in UTC whatever offset they were given in."""
    clauses, args = [], []
    for name, op in (("from", ">="), ("to", "<")):
        if isinstance(query.get(name), datetime):
            clauses.append(f"created_at {op} ?")
            args.append(stored_instant(query[name]))
    return "".join(f" AND {c}" for c in clauses), args
