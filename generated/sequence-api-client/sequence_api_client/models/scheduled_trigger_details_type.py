from typing import Literal

ScheduledTriggerDetailsType = Literal["scheduled"]

SCHEDULED_TRIGGER_DETAILS_TYPE_VALUES: set[ScheduledTriggerDetailsType] = {
    "scheduled",
}


def check_scheduled_trigger_details_type(value: str) -> ScheduledTriggerDetailsType:
    if value in SCHEDULED_TRIGGER_DETAILS_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SCHEDULED_TRIGGER_DETAILS_TYPE_VALUES!r}")
