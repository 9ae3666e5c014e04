from typing import Literal

ScheduledTriggerType = Literal["scheduled"]

SCHEDULED_TRIGGER_TYPE_VALUES: set[ScheduledTriggerType] = {
    "scheduled",
}


def check_scheduled_trigger_type(value: str) -> ScheduledTriggerType:
    if value in SCHEDULED_TRIGGER_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SCHEDULED_TRIGGER_TYPE_VALUES!r}")
