from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownLimitPeriod: TypeAlias = Literal["per_month", "per_transfer", "per_week", "per_year"]
LimitPeriod: TypeAlias = KnownLimitPeriod | UnknownValue
"""One of per_month, per_transfer, per_week, per_year; a value added to the API since comes through as an `UnknownValue` (a str)."""

LIMIT_PERIOD_VALUES: set[KnownLimitPeriod] = {
    "per_month",
    "per_transfer",
    "per_week",
    "per_year",
}


def check_limit_period(value: str) -> LimitPeriod:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(LimitPeriod, open_value(value, LIMIT_PERIOD_VALUES, "LimitPeriod"))
