from typing import Literal

CardTransactionDirection = Literal["credit", "debit"]

CARD_TRANSACTION_DIRECTION_VALUES: set[CardTransactionDirection] = {
    "credit",
    "debit",
}


def check_card_transaction_direction(value: str) -> CardTransactionDirection:
    if value in CARD_TRANSACTION_DIRECTION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CARD_TRANSACTION_DIRECTION_VALUES!r}")
