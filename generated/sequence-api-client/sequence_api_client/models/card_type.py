from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownCardType: TypeAlias = Literal["physical", "virtual"]
CardType: TypeAlias = KnownCardType | UnknownValue
"""One of physical, virtual; a value added to the API since comes through as an `UnknownValue` (a str)."""

CARD_TYPE_VALUES: set[KnownCardType] = {
    "physical",
    "virtual",
}


def check_card_type(value: str) -> CardType:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(CardType, open_value(value, CARD_TYPE_VALUES, "CardType"))
