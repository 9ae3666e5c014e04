from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownCardTransactionDirection: TypeAlias = Literal["credit", "debit"]
CardTransactionDirection: TypeAlias = KnownCardTransactionDirection | UnknownValue
"""One of credit, debit; a value added to the API since comes through as an `UnknownValue` (a str)."""

CARD_TRANSACTION_DIRECTION_VALUES: set[KnownCardTransactionDirection] = {
    "credit",
    "debit",
}


def check_card_transaction_direction(value: str) -> CardTransactionDirection:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(
        CardTransactionDirection, open_value(value, CARD_TRANSACTION_DIRECTION_VALUES, "CardTransactionDirection")
    )
