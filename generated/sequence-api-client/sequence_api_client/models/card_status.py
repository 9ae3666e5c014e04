from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownCardStatus: TypeAlias = Literal["active", "frozen", "inactive", "lost", "stolen"]
CardStatus: TypeAlias = KnownCardStatus | UnknownValue
"""One of active, frozen, inactive, lost, stolen; a value added to the API since comes through as an `UnknownValue` (a str)."""

CARD_STATUS_VALUES: set[KnownCardStatus] = {
    "active",
    "frozen",
    "inactive",
    "lost",
    "stolen",
}


def check_card_status(value: str) -> CardStatus:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(CardStatus, open_value(value, CARD_STATUS_VALUES, "CardStatus"))
