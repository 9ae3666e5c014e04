from typing import Literal

OnFundsTransferredTriggerDetailsType = Literal["on_funds_transferred"]

ON_FUNDS_TRANSFERRED_TRIGGER_DETAILS_TYPE_VALUES: set[OnFundsTransferredTriggerDetailsType] = {
    "on_funds_transferred",
}


def check_on_funds_transferred_trigger_details_type(value: str) -> OnFundsTransferredTriggerDetailsType:
    if value in ON_FUNDS_TRANSFERRED_TRIGGER_DETAILS_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ON_FUNDS_TRANSFERRED_TRIGGER_DETAILS_TYPE_VALUES!r}")
