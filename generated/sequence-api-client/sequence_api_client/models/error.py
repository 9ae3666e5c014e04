from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_code import ErrorCode, check_error_code

T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """What went wrong."""

    code: ErrorCode
    """ The machine-readable error code. A closed set; each code belongs to one HTTP status:

    | code | status | meaning |
    |---|---|---|
    | invalid_parameters | 400 | A parameter or the body is missing, malformed or out of range; the message names
    it. |
    | idempotency_key_mismatch | 400 | The Idempotency-Key was used before with a different request. |
    | unauthorized | 401 | Missing or invalid API key. |
    | forbidden | 403 | The key lacks the scope, or the resource is outside the key's resources. |
    | maximum_amount_exceeded | 403 | A manual transfer above the max_amount of the key's MANUAL_TRANSFER entry. |
    | rule_deactivated | 403 | The rule is disabled and cannot be triggered. |
    | resource_not_found | 404 | No such resource in the key's organization. |
    | idempotency_key_in_use | 409 | A request with this Idempotency-Key is still being processed. |
    | rate_limit_exceeded | 429 | Too many requests for this key; retry after `Retry-After` seconds. |
    | method_not_allowed | 405 | The path exists but not with this method; the `Allow` header lists the methods it
    has. |
    | internal_error | 500 | The server failed; the request may be retried (with the same Idempotency-Key for a
    write). |
     """
    message: str
    """ A human-readable explanation. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code: str = self.code

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = check_error_code(d.pop("code"))

        message = d.pop("message")

        error = cls(
            code=code,
            message=message,
        )

        error.additional_properties = d
        return error

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
