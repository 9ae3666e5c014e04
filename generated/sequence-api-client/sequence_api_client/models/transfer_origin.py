from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownTransferOrigin: TypeAlias = Literal[
    "cashback", "check_deposit", "external_pull", "paycheck", "rule", "user", "user_pull"
]
TransferOrigin: TypeAlias = KnownTransferOrigin | UnknownValue
"""One of cashback, check_deposit, external_pull, paycheck, rule, user, user_pull; a value added to the API since comes through as an `UnknownValue` (a str)."""

TRANSFER_ORIGIN_VALUES: set[KnownTransferOrigin] = {
    "cashback",
    "check_deposit",
    "external_pull",
    "paycheck",
    "rule",
    "user",
    "user_pull",
}


def check_transfer_origin(value: str) -> TransferOrigin:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(TransferOrigin, open_value(value, TRANSFER_ORIGIN_VALUES, "TransferOrigin"))
