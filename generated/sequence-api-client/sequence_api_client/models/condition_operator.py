from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownConditionOperator: TypeAlias = Literal[
    "equals", "greater_than", "greater_than_or_equal", "less_than", "less_than_or_equal", "not_equals"
]
ConditionOperator: TypeAlias = KnownConditionOperator | UnknownValue
"""One of equals, greater_than, greater_than_or_equal, less_than, less_than_or_equal, not_equals; a value added to the API since comes through as an `UnknownValue` (a str)."""

CONDITION_OPERATOR_VALUES: set[KnownConditionOperator] = {
    "equals",
    "greater_than",
    "greater_than_or_equal",
    "less_than",
    "less_than_or_equal",
    "not_equals",
}


def check_condition_operator(value: str) -> ConditionOperator:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(ConditionOperator, open_value(value, CONDITION_OPERATOR_VALUES, "ConditionOperator"))
