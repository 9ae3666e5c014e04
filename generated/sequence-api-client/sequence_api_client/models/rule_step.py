from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._runtime._open import UnknownVariant

if TYPE_CHECKING:
    from ..models.all_condition import AllCondition
    from ..models.any_condition import AnyCondition
    from ..models.fixed_action import FixedAction
    from ..models.last_statement_balance_action import LastStatementBalanceAction
    from ..models.next_payment_minimum_action import NextPaymentMinimumAction
    from ..models.percentage_action import PercentageAction
    from ..models.percentage_liability_balance_action import PercentageLiabilityBalanceAction
    from ..models.round_down_action import RoundDownAction
    from ..models.single_condition import SingleCondition
    from ..models.top_up_action import TopUpAction
    from ..models.total_amount_due_action import TotalAmountDueAction


T = TypeVar("T", bound="RuleStep")


@_attrs_define
class RuleStep:
    """One step of a rule. Steps are evaluated in order; the first whose conditions hold runs its actions."""

    conditions: AllCondition | AnyCondition | None | SingleCondition | UnknownVariant
    """ The conditions under which the step runs, or null to run always. """
    actions: list[
        FixedAction
        | LastStatementBalanceAction
        | NextPaymentMinimumAction
        | PercentageAction
        | PercentageLiabilityBalanceAction
        | RoundDownAction
        | TopUpAction
        | TotalAmountDueAction
        | UnknownVariant
    ]
    """ The actions the step runs, in order. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.all_condition import AllCondition  # noqa: PLC0415
        from ..models.any_condition import AnyCondition  # noqa: PLC0415
        from ..models.fixed_action import FixedAction  # noqa: PLC0415
        from ..models.last_statement_balance_action import LastStatementBalanceAction  # noqa: PLC0415
        from ..models.next_payment_minimum_action import NextPaymentMinimumAction  # noqa: PLC0415
        from ..models.percentage_action import PercentageAction  # noqa: PLC0415
        from ..models.round_down_action import RoundDownAction  # noqa: PLC0415
        from ..models.single_condition import SingleCondition  # noqa: PLC0415
        from ..models.top_up_action import TopUpAction  # noqa: PLC0415
        from ..models.total_amount_due_action import TotalAmountDueAction  # noqa: PLC0415

        conditions: dict[str, Any] | None
        if isinstance(self.conditions, UnknownVariant):
            conditions = self.conditions.to_dict()
        elif isinstance(self.conditions, SingleCondition):
            conditions = self.conditions.to_dict()
        elif isinstance(self.conditions, AnyCondition):
            conditions = self.conditions.to_dict()
        elif isinstance(self.conditions, AllCondition):
            conditions = self.conditions.to_dict()
        else:
            conditions = self.conditions

        actions = []
        for actions_item_data in self.actions:
            actions_item: dict[str, Any]
            if isinstance(actions_item_data, UnknownVariant):
                actions_item = actions_item_data.to_dict()
            elif isinstance(actions_item_data, FixedAction):
                actions_item = actions_item_data.to_dict()
            elif isinstance(actions_item_data, PercentageAction):
                actions_item = actions_item_data.to_dict()
            elif isinstance(actions_item_data, TopUpAction):
                actions_item = actions_item_data.to_dict()
            elif isinstance(actions_item_data, RoundDownAction):
                actions_item = actions_item_data.to_dict()
            elif isinstance(actions_item_data, NextPaymentMinimumAction):
                actions_item = actions_item_data.to_dict()
            elif isinstance(actions_item_data, TotalAmountDueAction):
                actions_item = actions_item_data.to_dict()
            elif isinstance(actions_item_data, LastStatementBalanceAction):
                actions_item = actions_item_data.to_dict()
            else:
                actions_item = actions_item_data.to_dict()

            actions.append(actions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conditions": conditions,
                "actions": actions,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.all_condition import AllCondition  # noqa: PLC0415
        from ..models.any_condition import AnyCondition  # noqa: PLC0415
        from ..models.fixed_action import FixedAction  # noqa: PLC0415
        from ..models.last_statement_balance_action import LastStatementBalanceAction  # noqa: PLC0415
        from ..models.next_payment_minimum_action import NextPaymentMinimumAction  # noqa: PLC0415
        from ..models.percentage_action import PercentageAction  # noqa: PLC0415
        from ..models.percentage_liability_balance_action import PercentageLiabilityBalanceAction  # noqa: PLC0415
        from ..models.round_down_action import RoundDownAction  # noqa: PLC0415
        from ..models.single_condition import SingleCondition  # noqa: PLC0415
        from ..models.top_up_action import TopUpAction  # noqa: PLC0415
        from ..models.total_amount_due_action import TotalAmountDueAction  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_conditions(data: object) -> AllCondition | AnyCondition | None | SingleCondition | UnknownVariant:
            if data is None:
                return data
            if not isinstance(data, dict):
                raise TypeError(f"conditions: expected an object, got {type(data).__name__}")
            try:
                return SingleCondition.from_dict(data)
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                return AnyCondition.from_dict(data)
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                return AllCondition.from_dict(data)
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return UnknownVariant(data)

        conditions = _parse_conditions(d.pop("conditions"))

        actions = []
        _actions = d.pop("actions")
        for actions_item_data in _actions:

            def _parse_actions_item(
                data: object,
            ) -> (
                FixedAction
                | LastStatementBalanceAction
                | NextPaymentMinimumAction
                | PercentageAction
                | PercentageLiabilityBalanceAction
                | RoundDownAction
                | TopUpAction
                | TotalAmountDueAction
                | UnknownVariant
            ):
                if not isinstance(data, dict):
                    raise TypeError(f"actions_item: expected an object, got {type(data).__name__}")
                tag = data.get("type")
                if tag == "fixed":
                    return FixedAction.from_dict(data)
                if tag == "percentage":
                    return PercentageAction.from_dict(data)
                if tag == "top_up":
                    return TopUpAction.from_dict(data)
                if tag == "round_down":
                    return RoundDownAction.from_dict(data)
                if tag == "next_payment_minimum":
                    return NextPaymentMinimumAction.from_dict(data)
                if tag == "total_amount_due":
                    return TotalAmountDueAction.from_dict(data)
                if tag == "last_statement_balance":
                    return LastStatementBalanceAction.from_dict(data)
                if tag == "percentage_liability_balance":
                    return PercentageLiabilityBalanceAction.from_dict(data)
                return UnknownVariant(data)

            actions_item = _parse_actions_item(actions_item_data)

            actions.append(actions_item)

        rule_step = cls(
            conditions=conditions,
            actions=actions,
        )

        rule_step.additional_properties = d
        return rule_step

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
