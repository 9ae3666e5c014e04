from typing import Literal

TopUpActionType = Literal["top_up"]

TOP_UP_ACTION_TYPE_VALUES: set[TopUpActionType] = {
    "top_up",
}


def check_top_up_action_type(value: str) -> TopUpActionType:
    if value in TOP_UP_ACTION_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TOP_UP_ACTION_TYPE_VALUES!r}")
