from typing import Literal

PercentageTarget = Literal["incoming_amount", "source_account"]

PERCENTAGE_TARGET_VALUES: set[PercentageTarget] = {
    "incoming_amount",
    "source_account",
}


def check_percentage_target(value: str) -> PercentageTarget:
    if value in PERCENTAGE_TARGET_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PERCENTAGE_TARGET_VALUES!r}")
