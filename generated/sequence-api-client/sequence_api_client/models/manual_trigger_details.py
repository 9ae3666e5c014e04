from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.manual_trigger_details_type import ManualTriggerDetailsType, check_manual_trigger_details_type

T = TypeVar("T", bound="ManualTriggerDetails")


@_attrs_define
class ManualTriggerDetails:
    """A run started by a manual trigger."""

    type_: ManualTriggerDetailsType
    """ Always `manual`. """
    amount_in_cents: int | None
    """ The `manual_execute_amount` the run was given, in cents, or null. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        amount_in_cents: int | None
        amount_in_cents = self.amount_in_cents

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "amount_in_cents": amount_in_cents,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_manual_trigger_details_type(d.pop("type"))

        def _parse_amount_in_cents(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount_in_cents = _parse_amount_in_cents(d.pop("amount_in_cents"))

        manual_trigger_details = cls(
            type_=type_,
            amount_in_cents=amount_in_cents,
        )

        manual_trigger_details.additional_properties = d
        return manual_trigger_details

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
