from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownPercentageTarget: TypeAlias = Literal["incoming_amount", "source_account"]
PercentageTarget: TypeAlias = KnownPercentageTarget | UnknownValue
"""One of incoming_amount, source_account; a value added to the API since comes through as an `UnknownValue` (a str)."""

PERCENTAGE_TARGET_VALUES: set[KnownPercentageTarget] = {
    "incoming_amount",
    "source_account",
}


def check_percentage_target(value: str) -> PercentageTarget:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(PercentageTarget, open_value(value, PERCENTAGE_TARGET_VALUES, "PercentageTarget"))
