from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownTriggerType: TypeAlias = Literal["manual", "on_funds_transferred", "scheduled"]
TriggerType: TypeAlias = KnownTriggerType | UnknownValue
"""One of manual, on_funds_transferred, scheduled; a value added to the API since comes through as an `UnknownValue` (a str)."""

TRIGGER_TYPE_VALUES: set[KnownTriggerType] = {
    "manual",
    "on_funds_transferred",
    "scheduled",
}


def check_trigger_type(value: str) -> TriggerType:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(TriggerType, open_value(value, TRIGGER_TYPE_VALUES, "TriggerType"))
