from typing import Literal

TotalAmountDueActionType = Literal["total_amount_due"]

TOTAL_AMOUNT_DUE_ACTION_TYPE_VALUES: set[TotalAmountDueActionType] = {
    "total_amount_due",
}


def check_total_amount_due_action_type(value: str) -> TotalAmountDueActionType:
    if value in TOTAL_AMOUNT_DUE_ACTION_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TOTAL_AMOUNT_DUE_ACTION_TYPE_VALUES!r}")
