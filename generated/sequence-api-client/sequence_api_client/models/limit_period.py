from typing import Literal

LimitPeriod = Literal["per_month", "per_transfer", "per_week", "per_year"]

LIMIT_PERIOD_VALUES: set[LimitPeriod] = {
    "per_month",
    "per_transfer",
    "per_week",
    "per_year",
}


def check_limit_period(value: str) -> LimitPeriod:
    if value in LIMIT_PERIOD_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LIMIT_PERIOD_VALUES!r}")
