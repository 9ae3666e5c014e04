from typing import Literal

RoundDownActionType = Literal["round_down"]

ROUND_DOWN_ACTION_TYPE_VALUES: set[RoundDownActionType] = {
    "round_down",
}


def check_round_down_action_type(value: str) -> RoundDownActionType:
    if value in ROUND_DOWN_ACTION_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ROUND_DOWN_ACTION_TYPE_VALUES!r}")
