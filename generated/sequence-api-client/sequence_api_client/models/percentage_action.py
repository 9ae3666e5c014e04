from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.percentage_action_type import PercentageActionType, check_percentage_action_type
from ..models.percentage_target import PercentageTarget, check_percentage_target

if TYPE_CHECKING:
    from ..models.account_ref import AccountRef
    from ..models.action_limit import ActionLimit


T = TypeVar("T", bound="PercentageAction")


@_attrs_define
class PercentageAction:
    """Moves a percentage of the incoming amount or of the source balance."""

    type_: PercentageActionType
    """ Always `percentage`. """
    source: AccountRef
    """ A short reference to an account. """
    destination: AccountRef
    """ A short reference to an account. """
    limit: ActionLimit | None
    """ A cap on what the action moves, or null for none. """
    percentage_value: float
    """ The percentage to move, 0 to 100. """
    percentage_target: PercentageTarget
    """ What a percentage action takes its percentage of. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.action_limit import ActionLimit  # noqa: PLC0415

        type_: str = self.type_

        source = self.source.to_dict()

        destination = self.destination.to_dict()

        limit: dict[str, Any] | None
        if isinstance(self.limit, ActionLimit):
            limit = self.limit.to_dict()
        else:
            limit = self.limit

        percentage_value = self.percentage_value

        percentage_target: str = self.percentage_target

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "source": source,
                "destination": destination,
                "limit": limit,
                "percentage_value": percentage_value,
                "percentage_target": percentage_target,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_ref import AccountRef  # noqa: PLC0415
        from ..models.action_limit import ActionLimit  # noqa: PLC0415

        d = dict(src_dict)
        type_ = check_percentage_action_type(d.pop("type"))

        source = AccountRef.from_dict(d.pop("source"))

        destination = AccountRef.from_dict(d.pop("destination"))

        def _parse_limit(data: object) -> ActionLimit | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                limit_type_0 = ActionLimit.from_dict(data)

                return limit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ActionLimit | None, data)

        limit = _parse_limit(d.pop("limit"))

        percentage_value = d.pop("percentage_value")

        percentage_target = check_percentage_target(d.pop("percentage_target"))

        percentage_action = cls(
            type_=type_,
            source=source,
            destination=destination,
            limit=limit,
            percentage_value=percentage_value,
            percentage_target=percentage_target,
        )

        percentage_action.additional_properties = d
        return percentage_action

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
