from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.schedule_type import ScheduleType, check_schedule_type
from ..models.scheduled_trigger_type import ScheduledTriggerType, check_scheduled_trigger_type

T = TypeVar("T", bound="ScheduledTrigger")


@_attrs_define
class ScheduledTrigger:
    """The rule runs on a schedule."""

    type_: ScheduledTriggerType
    """ Always `scheduled`. """
    schedule_type: ScheduleType
    """ How often a scheduled rule runs. """
    start_date: datetime.date
    """ The first day the rule runs (YYYY-MM-DD). """
    account_id: None | str
    """ The account the rule is attached to, or null. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        schedule_type: str = self.schedule_type

        start_date = self.start_date.isoformat()

        account_id: None | str
        account_id = self.account_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "schedule_type": schedule_type,
                "start_date": start_date,
                "account_id": account_id,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_scheduled_trigger_type(d.pop("type"))

        schedule_type = check_schedule_type(d.pop("schedule_type"))

        start_date = datetime.date.fromisoformat(d.pop("start_date"))

        def _parse_account_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account_id = _parse_account_id(d.pop("account_id"))

        scheduled_trigger = cls(
            type_=type_,
            schedule_type=schedule_type,
            start_date=start_date,
            account_id=account_id,
        )

        scheduled_trigger.additional_properties = d
        return scheduled_trigger

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
