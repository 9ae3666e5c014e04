from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.rule_status import RuleStatus, check_rule_status
from ..models.trigger_type import TriggerType, check_trigger_type

if TYPE_CHECKING:
    from ..models.account_ref import AccountRef


T = TypeVar("T", bound="RuleSummary")


@_attrs_define
class RuleSummary:
    """A rule as listed, without its steps."""

    id: str
    """ The rule ID. """
    nickname: str
    """ The rule's name. """
    description: None | str
    """ A free-text description, or null. """
    status: RuleStatus
    """ Whether the rule runs. """
    trigger_type: TriggerType
    """ What starts a rule. """
    source: AccountRef
    """ A short reference to an account. """
    created_at: datetime.datetime
    """ When the rule was created (UTC). """
    updated_at: datetime.datetime
    """ When the rule was last updated (UTC). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        nickname = self.nickname

        description: None | str
        description = self.description

        status: str = self.status

        trigger_type: str = self.trigger_type

        source = self.source.to_dict()

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
                "trigger_type": trigger_type,
                "source": source,
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
        from ..models.account_ref import AccountRef  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        nickname = d.pop("nickname")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        status = check_rule_status(d.pop("status"))

        trigger_type = check_trigger_type(d.pop("trigger_type"))

        source = AccountRef.from_dict(d.pop("source"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        rule_summary = cls(
            id=id,
            nickname=nickname,
            description=description,
            status=status,
            trigger_type=trigger_type,
            source=source,
            created_at=created_at,
            updated_at=updated_at,
        )

        rule_summary.additional_properties = d
        return rule_summary

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
