from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.condition_fact import ConditionFact, check_condition_fact
from ..models.condition_operator import ConditionOperator, check_condition_operator

if TYPE_CHECKING:
    from ..models.condition_params import ConditionParams


T = TypeVar("T", bound="Condition")


@_attrs_define
class Condition:
    """A comparison of a fact with a value (or with another fact)."""

    fact: ConditionFact
    """ What a condition looks at: the incoming transfer amount (cents), an account balance (cents), or the day of
    the month. """
    operator: ConditionOperator
    """ How the fact is compared with the value. """
    value: int | None
    """ The value compared with, in cents (or day of month for `date`); null when `value_fact` is set. """
    value_fact: ConditionFact | None
    """ A fact compared with instead of `value`, or null. """
    params: ConditionParams | None
    """ The fact's parameters (the account for `balance`), or null. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.condition_params import ConditionParams  # noqa: PLC0415

        fact: str = self.fact

        operator: str = self.operator

        value: int | None
        value = self.value

        value_fact: None | str
        if isinstance(self.value_fact, str):
            value_fact = self.value_fact
        else:
            value_fact = self.value_fact

        params: dict[str, Any] | None
        if isinstance(self.params, ConditionParams):
            params = self.params.to_dict()
        else:
            params = self.params

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fact": fact,
                "operator": operator,
                "value": value,
                "value_fact": value_fact,
                "params": params,
            }
        )

        return field_dict

    def to_json(self, *, indent: int | None = None) -> str:
        """The object as JSON, as the API writes it (`to_dict()` serialized)."""
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.condition_params import ConditionParams  # noqa: PLC0415

        d = dict(src_dict)
        fact = check_condition_fact(d.pop("fact"))

        operator = check_condition_operator(d.pop("operator"))

        def _parse_value(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        value = _parse_value(d.pop("value"))

        def _parse_value_fact(data: object) -> ConditionFact | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                value_fact_type_0 = check_condition_fact(data)

                return value_fact_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConditionFact | None, data)

        value_fact = _parse_value_fact(d.pop("value_fact"))

        def _parse_params(data: object) -> ConditionParams | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                params_type_0 = ConditionParams.from_dict(data)

                return params_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConditionParams | None, data)

        params = _parse_params(d.pop("params"))

        condition = cls(
            fact=fact,
            operator=operator,
            value=value,
            value_fact=value_fact,
            params=params,
        )

        condition.additional_properties = d
        return condition

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
