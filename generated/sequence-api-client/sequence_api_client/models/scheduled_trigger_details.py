from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.scheduled_trigger_details_type import ScheduledTriggerDetailsType, check_scheduled_trigger_details_type

T = TypeVar("T", bound="ScheduledTriggerDetails")


@_attrs_define
class ScheduledTriggerDetails:
    """A run started by the rule's schedule."""

    type_: ScheduledTriggerDetailsType
    """ Always `scheduled`. """
    scheduled_time: datetime.datetime
    """ The scheduled instant the run was started for (UTC). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        scheduled_time = self.scheduled_time.isoformat().replace("+00:00", "Z")

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "scheduled_time": scheduled_time,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_scheduled_trigger_details_type(d.pop("type"))

        scheduled_time = datetime.datetime.fromisoformat(d.pop("scheduled_time"))

        scheduled_trigger_details = cls(
            type_=type_,
            scheduled_time=scheduled_time,
        )

        scheduled_trigger_details.additional_properties = d
        return scheduled_trigger_details

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
