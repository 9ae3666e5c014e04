from typing import Literal

ScheduleType = Literal["bi_weekly", "daily", "every_other_week", "monthly", "one_time", "weekly"]

SCHEDULE_TYPE_VALUES: set[ScheduleType] = {
    "bi_weekly",
    "daily",
    "every_other_week",
    "monthly",
    "one_time",
    "weekly",
}


def check_schedule_type(value: str) -> ScheduleType:
    if value in SCHEDULE_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SCHEDULE_TYPE_VALUES!r}")
