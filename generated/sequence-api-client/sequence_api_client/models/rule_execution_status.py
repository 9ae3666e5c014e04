from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownRuleExecutionStatus: TypeAlias = Literal["executed", "failed", "in_progress", "partial"]
RuleExecutionStatus: TypeAlias = KnownRuleExecutionStatus | UnknownValue
"""One of executed, failed, in_progress, partial; a value added to the API since comes through as an `UnknownValue` (a str)."""

RULE_EXECUTION_STATUS_VALUES: set[KnownRuleExecutionStatus] = {
    "executed",
    "failed",
    "in_progress",
    "partial",
}


def check_rule_execution_status(value: str) -> RuleExecutionStatus:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(RuleExecutionStatus, open_value(value, RULE_EXECUTION_STATUS_VALUES, "RuleExecutionStatus"))
