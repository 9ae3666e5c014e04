from typing import Literal

FixedActionType = Literal["fixed"]

FIXED_ACTION_TYPE_VALUES: set[FixedActionType] = {
    "fixed",
}


def check_fixed_action_type(value: str) -> FixedActionType:
    if value in FIXED_ACTION_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {FIXED_ACTION_TYPE_VALUES!r}")
