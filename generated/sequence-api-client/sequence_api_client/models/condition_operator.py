from typing import Literal

ConditionOperator = Literal[
    "equals", "greater_than", "greater_than_or_equal", "less_than", "less_than_or_equal", "not_equals"
]

CONDITION_OPERATOR_VALUES: set[ConditionOperator] = {
    "equals",
    "greater_than",
    "greater_than_or_equal",
    "less_than",
    "less_than_or_equal",
    "not_equals",
}


def check_condition_operator(value: str) -> ConditionOperator:
    if value in CONDITION_OPERATOR_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONDITION_OPERATOR_VALUES!r}")
