from typing import Literal

OnFundsTransferredTriggerType = Literal["on_funds_transferred"]

ON_FUNDS_TRANSFERRED_TRIGGER_TYPE_VALUES: set[OnFundsTransferredTriggerType] = {
    "on_funds_transferred",
}


def check_on_funds_transferred_trigger_type(value: str) -> OnFundsTransferredTriggerType:
    if value in ON_FUNDS_TRANSFERRED_TRIGGER_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ON_FUNDS_TRANSFERRED_TRIGGER_TYPE_VALUES!r}")
