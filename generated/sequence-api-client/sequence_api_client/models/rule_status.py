from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownRuleStatus: TypeAlias = Literal["disabled", "enabled"]
RuleStatus: TypeAlias = KnownRuleStatus | UnknownValue
"""One of disabled, enabled; a value added to the API since comes through as an `UnknownValue` (a str)."""

RULE_STATUS_VALUES: set[KnownRuleStatus] = {
    "disabled",
    "enabled",
}


def check_rule_status(value: str) -> RuleStatus:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(RuleStatus, open_value(value, RULE_STATUS_VALUES, "RuleStatus"))
