from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownScheduleType: TypeAlias = Literal["bi_weekly", "daily", "every_other_week", "monthly", "one_time", "weekly"]
ScheduleType: TypeAlias = KnownScheduleType | UnknownValue
"""One of bi_weekly, daily, every_other_week, monthly, one_time, weekly; a value added to the API since comes through as an `UnknownValue` (a str)."""

SCHEDULE_TYPE_VALUES: set[KnownScheduleType] = {
    "bi_weekly",
    "daily",
    "every_other_week",
    "monthly",
    "one_time",
    "weekly",
}


def check_schedule_type(value: str) -> ScheduleType:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(ScheduleType, open_value(value, SCHEDULE_TYPE_VALUES, "ScheduleType"))
