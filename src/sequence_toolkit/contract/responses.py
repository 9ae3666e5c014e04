"""Checks on one response, used on the kit's own requests and, as schemathesis checks, on fuzzed ones.

Each returns a problem (a sentence) or None; what they know comes from the spec: the error codes and
their statuses (``x-sequence-error-statuses``) and the masked fields (``x-sequence-masked``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from ..closed import dotted, undocumented
from ..spec import Spec

MASKED_EXTENSION = "x-sequence-masked"
DEFAULT_MASK = r"^•{4}[0-9]{4}$"


def _walk(node: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(node, Mapping):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


@cache
def masked_fields(spec: Spec) -> dict[str, re.Pattern[str]]:
    """Property name -> the pattern its value must match, for every property marked ``x-sequence-masked``."""
    return {
        name: re.compile(prop.get("pattern", DEFAULT_MASK))
        for node in _walk(spec.schemas)
        for name, prop in (node.get("properties") or {}).items()
        if isinstance(prop, Mapping) and prop.get(MASKED_EXTENSION)
    }


def error_envelope_problem(spec: Spec, status: int, body: Any) -> str | None:
    """An error status must carry ``{"error": {"code", "message"}}`` with a code documented for that status."""
    if status < 400:
        return None
    error = body.get("error") if isinstance(body, Mapping) else None
    if not isinstance(error, Mapping) or not isinstance(error.get("code"), str):
        return (
            f"a {status} response must carry the error envelope {{'error': {{'code', 'message'}}}}; got {body!r:.200}"
        )
    if not isinstance(error.get("message"), str):
        return f"the error envelope of a {status} response has no string `message`"
    code, documented = error["code"], spec.error_statuses
    if code not in documented:
        return f"error code {code!r} is not one of the documented codes {sorted(documented)}"
    if documented[code] != status:
        return f"error code {code!r} is documented for status {documented[code]}, but came with {status}"
    return None


def request_id_problem(sent: str | None, header: str | None, body: Any) -> str | None:
    """``X-Request-ID`` comes back in the header and in the body's ``request_id``: the one sent, or a new one."""
    in_body = body.get("request_id") if isinstance(body, Mapping) else None
    if not header:
        return "the response has no X-Request-ID header"
    if sent is not None and header != sent:
        return f"X-Request-ID {sent!r} was sent but {header!r} came back"
    if in_body != header:
        return f"the body's request_id {in_body!r} differs from the X-Request-ID header {header!r}"
    return None


def masked_problem(spec: Spec, body: Any) -> str | None:
    """Masked fields never carry more than their last four digits."""
    patterns = masked_fields(spec)
    for node in _walk(body):
        for name, pattern in patterns.items():
            value = node.get(name)
            if isinstance(value, str) and not pattern.fullmatch(value):
                return f"masked field {name!r} is {value!r}; it must match {pattern.pattern} (last four digits only)"
    return None


def error_code(body: Any) -> str | None:
    error = body.get("error") if isinstance(body, Mapping) else None
    code = error.get("code") if isinstance(error, Mapping) else None
    return code if isinstance(code, str) else None


def undocumented_problem(spec: Spec, schema: Any, body: Any) -> str | None:
    """With the root's ``x-sequence-closed-responses: true``, a response carries only documented properties
    (:func:`sequence_toolkit.closed.undocumented`); an extra one may leak data."""
    found = undocumented(spec, schema, body)
    if found is None:
        return None
    path, value = found
    return f"undocumented property {dotted(path).removeprefix('.')} = {value!r:.40}"
