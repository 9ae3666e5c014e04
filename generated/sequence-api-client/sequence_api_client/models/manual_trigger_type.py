from typing import Literal

ManualTriggerType = Literal["manual"]

MANUAL_TRIGGER_TYPE_VALUES: set[ManualTriggerType] = {
    "manual",
}


def check_manual_trigger_type(value: str) -> ManualTriggerType:
    if value in MANUAL_TRIGGER_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MANUAL_TRIGGER_TYPE_VALUES!r}")
