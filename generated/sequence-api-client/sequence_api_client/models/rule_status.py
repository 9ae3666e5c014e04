from typing import Literal

RuleStatus = Literal["disabled", "enabled"]

RULE_STATUS_VALUES: set[RuleStatus] = {
    "disabled",
    "enabled",
}


def check_rule_status(value: str) -> RuleStatus:
    if value in RULE_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RULE_STATUS_VALUES!r}")
