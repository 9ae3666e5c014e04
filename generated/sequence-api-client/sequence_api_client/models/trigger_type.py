from typing import Literal

TriggerType = Literal["manual", "on_funds_transferred", "scheduled"]

TRIGGER_TYPE_VALUES: set[TriggerType] = {
    "manual",
    "on_funds_transferred",
    "scheduled",
}


def check_trigger_type(value: str) -> TriggerType:
    if value in TRIGGER_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TRIGGER_TYPE_VALUES!r}")
