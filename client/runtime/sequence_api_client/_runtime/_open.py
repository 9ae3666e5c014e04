"""Open enums and open unions: what a response may carry that this version of the client does not know yet.

The API may add an enum value (an account ``type`` of ``"brokerage"``) or a new kind of rule trigger
or action without a new major version. The client keeps such a value instead of failing:

- an enum field is typed ``Literal[<known values>] | UnknownValue``: a known value is its literal
  string; an unknown one comes through as an :class:`UnknownValue`, a ``str`` holding what the server
  sent (``account.type_ == "brokerage"`` works, ``isinstance(account.type_, UnknownValue)`` tells it
  apart, and ``mypy`` makes an exhaustive ``match`` handle it);
- a tagged union (a rule's ``trigger``, a step's ``actions``) whose tag names no variant this client
  knows comes through as an :class:`UnknownVariant`: the tag and the raw JSON object.
"""

from __future__ import annotations

import json
from collections.abc import Container, Mapping
from typing import Any


class UnknownValue(str):
    """An enum value this version of the client does not know: the string the server sent."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"UnknownValue({str.__repr__(self)})"


def open_value(value: object, known: Container[str], field: str) -> str:
    """``value`` itself when it is one of ``known``, an :class:`UnknownValue` for any other string.

    A value that is not a string at all is not a new enum value but a broken body: ``TypeError``.
    """
    if not isinstance(value, str):
        raise TypeError(f"{field}: expected a string, got {type(value).__name__} {value!r}")
    return value if value in known else UnknownValue(value)


class UnknownVariant:
    """A tagged object (a rule trigger, an action, trigger details) of a kind this client does not know.

    ``type`` is its tag (the value of its ``type`` property), ``data`` the whole JSON object as sent.
    ``to_dict()`` gives the object back unchanged, so it round-trips.
    """

    __slots__ = ("data", "type")

    def __init__(self, data: Mapping[str, Any], tag: str = "type") -> None:
        self.data: dict[str, Any] = dict(data)
        found = self.data.get(tag)
        self.type: str | None = found if isinstance(found, str) else None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.data)

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.data, indent=indent)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UnknownVariant) and other.data == self.data

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"UnknownVariant(type={self.type!r}, data={self.data!r})"
