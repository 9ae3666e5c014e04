from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownTransferErrorCode: TypeAlias = Literal[
    "account_not_eligible", "institution_error", "insufficient_funds", "limit_exceeded"
]
TransferErrorCode: TypeAlias = KnownTransferErrorCode | UnknownValue
"""One of account_not_eligible, institution_error, insufficient_funds, limit_exceeded; a value added to the API since comes through as an `UnknownValue` (a str)."""

TRANSFER_ERROR_CODE_VALUES: set[KnownTransferErrorCode] = {
    "account_not_eligible",
    "institution_error",
    "insufficient_funds",
    "limit_exceeded",
}


def check_transfer_error_code(value: str) -> TransferErrorCode:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(TransferErrorCode, open_value(value, TRANSFER_ERROR_CODE_VALUES, "TransferErrorCode"))
