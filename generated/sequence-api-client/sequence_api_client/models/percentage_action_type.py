from typing import Literal

PercentageActionType = Literal["percentage"]

PERCENTAGE_ACTION_TYPE_VALUES: set[PercentageActionType] = {
    "percentage",
}


def check_percentage_action_type(value: str) -> PercentageActionType:
    if value in PERCENTAGE_ACTION_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PERCENTAGE_ACTION_TYPE_VALUES!r}")
