from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownCardTransactionStatus: TypeAlias = Literal["declined", "pending", "posted"]
CardTransactionStatus: TypeAlias = KnownCardTransactionStatus | UnknownValue
"""One of declined, pending, posted; a value added to the API since comes through as an `UnknownValue` (a str)."""

CARD_TRANSACTION_STATUS_VALUES: set[KnownCardTransactionStatus] = {
    "declined",
    "pending",
    "posted",
}


def check_card_transaction_status(value: str) -> CardTransactionStatus:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(CardTransactionStatus, open_value(value, CARD_TRANSACTION_STATUS_VALUES, "CardTransactionStatus"))
