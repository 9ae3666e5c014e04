from typing import Literal

ManualTriggerDetailsType = Literal["manual"]

MANUAL_TRIGGER_DETAILS_TYPE_VALUES: set[ManualTriggerDetailsType] = {
    "manual",
}


def check_manual_trigger_details_type(value: str) -> ManualTriggerDetailsType:
    if value in MANUAL_TRIGGER_DETAILS_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MANUAL_TRIGGER_DETAILS_TYPE_VALUES!r}")
