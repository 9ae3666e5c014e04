from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownTransferDirection: TypeAlias = Literal["internal", "money_in", "money_out"]
TransferDirection: TypeAlias = KnownTransferDirection | UnknownValue
"""One of internal, money_in, money_out; a value added to the API since comes through as an `UnknownValue` (a str)."""

TRANSFER_DIRECTION_VALUES: set[KnownTransferDirection] = {
    "internal",
    "money_in",
    "money_out",
}


def check_transfer_direction(value: str) -> TransferDirection:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(TransferDirection, open_value(value, TRANSFER_DIRECTION_VALUES, "TransferDirection"))
