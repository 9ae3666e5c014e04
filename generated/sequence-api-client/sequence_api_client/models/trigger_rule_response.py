from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.triggered_execution import TriggeredExecution


T = TypeVar("T", bound="TriggerRuleResponse")


@_attrs_define
class TriggerRuleResponse:
    """The execution a trigger started."""

    request_id: str
    """ The request's identifier, equal to the `X-Request-ID` response header. """
    data: TriggeredExecution
    """ The execution a trigger started. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_id": request_id,
                "data": data,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.triggered_execution import TriggeredExecution  # noqa: PLC0415

        d = dict(src_dict)
        request_id = d.pop("request_id")

        data = TriggeredExecution.from_dict(d.pop("data"))

        trigger_rule_response = cls(
            request_id=request_id,
            data=data,
        )

        trigger_rule_response.additional_properties = d
        return trigger_rule_response

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
