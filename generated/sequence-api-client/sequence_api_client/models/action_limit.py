from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.limit_period import LimitPeriod, check_limit_period

T = TypeVar("T", bound="ActionLimit")


@_attrs_define
class ActionLimit:
    """A cap on what an action moves in a period."""

    period: LimitPeriod
    """ The period an action's limit applies to. """
    amount_in_cents: int
    """ The most the action moves in the period, in cents. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        period: str = self.period

        amount_in_cents = self.amount_in_cents

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "period": period,
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
        period = check_limit_period(d.pop("period"))

        amount_in_cents = d.pop("amount_in_cents")

        action_limit = cls(
            period=period,
            amount_in_cents=amount_in_cents,
        )

        action_limit.additional_properties = d
        return action_limit

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
