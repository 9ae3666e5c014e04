from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TriggerRuleRequest")


@_attrs_define
class TriggerRuleRequest:
    """Options for a rule run."""

    manual_execute_amount: int | None | Unset = UNSET
    """ For rules with a manual trigger only, the amount in cents the run treats as the incoming transfer amount
    (the `transfer_amount` fact). """

    def to_dict(self) -> dict[str, Any]:
        manual_execute_amount: int | None | Unset
        if isinstance(self.manual_execute_amount, Unset):
            manual_execute_amount = UNSET
        else:
            manual_execute_amount = self.manual_execute_amount

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if manual_execute_amount is not UNSET:
            field_dict["manual_execute_amount"] = manual_execute_amount

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_manual_execute_amount(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        manual_execute_amount = _parse_manual_execute_amount(d.pop("manual_execute_amount", UNSET))

        trigger_rule_request = cls(
            manual_execute_amount=manual_execute_amount,
        )

        return trigger_rule_request
