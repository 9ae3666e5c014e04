from typing import Literal

RuleExecutionStatus = Literal["executed", "failed", "in_progress", "partial"]

RULE_EXECUTION_STATUS_VALUES: set[RuleExecutionStatus] = {
    "executed",
    "failed",
    "in_progress",
    "partial",
}


def check_rule_execution_status(value: str) -> RuleExecutionStatus:
    if value in RULE_EXECUTION_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RULE_EXECUTION_STATUS_VALUES!r}")
