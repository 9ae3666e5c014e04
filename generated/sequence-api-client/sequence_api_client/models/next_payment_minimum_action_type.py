from typing import Literal

NextPaymentMinimumActionType = Literal["next_payment_minimum"]

NEXT_PAYMENT_MINIMUM_ACTION_TYPE_VALUES: set[NextPaymentMinimumActionType] = {
    "next_payment_minimum",
}


def check_next_payment_minimum_action_type(value: str) -> NextPaymentMinimumActionType:
    if value in NEXT_PAYMENT_MINIMUM_ACTION_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {NEXT_PAYMENT_MINIMUM_ACTION_TYPE_VALUES!r}")
