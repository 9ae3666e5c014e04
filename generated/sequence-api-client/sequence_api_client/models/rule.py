from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._runtime._open import UnknownVariant
from ..models.rule_status import RuleStatus, check_rule_status

if TYPE_CHECKING:
    from ..models.manual_trigger import ManualTrigger
    from ..models.on_funds_transferred_trigger import OnFundsTransferredTrigger
    from ..models.rule_step import RuleStep
    from ..models.scheduled_trigger import ScheduledTrigger


T = TypeVar("T", bound="Rule")


@_attrs_define
class Rule:
    """The full rule, with its trigger and steps."""

    id: str
    """ The rule ID. """
    nickname: str
    """ The rule's name. """
    description: None | str
    """ A free-text description, or null. """
    status: RuleStatus
    """ Whether the rule runs. """
    trigger: ManualTrigger | OnFundsTransferredTrigger | ScheduledTrigger | UnknownVariant
    """ What starts the rule, one of by `type`. """
    steps: list[RuleStep]
    """ The rule's steps, in evaluation order. """
    created_at: datetime.datetime
    """ When the rule was created (UTC). """
    updated_at: datetime.datetime
    """ When the rule was last updated (UTC). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.manual_trigger import ManualTrigger  # noqa: PLC0415
        from ..models.scheduled_trigger import ScheduledTrigger  # noqa: PLC0415

        id = self.id

        nickname = self.nickname

        description: None | str
        description = self.description

        status: str = self.status

        trigger: dict[str, Any]
        if isinstance(self.trigger, UnknownVariant):
            trigger = self.trigger.to_dict()
        elif isinstance(self.trigger, ManualTrigger):
            trigger = self.trigger.to_dict()
        elif isinstance(self.trigger, ScheduledTrigger):
            trigger = self.trigger.to_dict()
        else:
            trigger = self.trigger.to_dict()

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)

        created_at = self.created_at.isoformat().replace("+00:00", "Z")

        updated_at = self.updated_at.isoformat().replace("+00:00", "Z")

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "nickname": nickname,
                "description": description,
                "status": status,
                "trigger": trigger,
                "steps": steps,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.manual_trigger import ManualTrigger  # noqa: PLC0415
        from ..models.on_funds_transferred_trigger import OnFundsTransferredTrigger  # noqa: PLC0415
        from ..models.rule_step import RuleStep  # noqa: PLC0415
        from ..models.scheduled_trigger import ScheduledTrigger  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        nickname = d.pop("nickname")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        status = check_rule_status(d.pop("status"))

        def _parse_trigger(
            data: object,
        ) -> ManualTrigger | OnFundsTransferredTrigger | ScheduledTrigger | UnknownVariant:
            if not isinstance(data, dict):
                raise TypeError(f"trigger: expected an object, got {type(data).__name__}")
            tag = data.get("type")
            if tag == "manual":
                return ManualTrigger.from_dict(data)
            if tag == "scheduled":
                return ScheduledTrigger.from_dict(data)
            if tag == "on_funds_transferred":
                return OnFundsTransferredTrigger.from_dict(data)
            return UnknownVariant(data)

        trigger = _parse_trigger(d.pop("trigger"))

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in _steps:
            steps_item = RuleStep.from_dict(steps_item_data)

            steps.append(steps_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        rule = cls(
            id=id,
            nickname=nickname,
            description=description,
            status=status,
            trigger=trigger,
            steps=steps,
            created_at=created_at,
            updated_at=updated_at,
        )

        rule.additional_properties = d
        return rule

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
