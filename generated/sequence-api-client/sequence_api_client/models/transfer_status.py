from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownTransferStatus: TypeAlias = Literal[
    "cancelled", "complete", "error", "incomplete", "pending", "pending_approval", "processing"
]
TransferStatus: TypeAlias = KnownTransferStatus | UnknownValue
"""One of cancelled, complete, error, incomplete, pending, pending_approval, processing; a value added to the API since comes through as an `UnknownValue` (a str)."""

TRANSFER_STATUS_VALUES: set[KnownTransferStatus] = {
    "cancelled",
    "complete",
    "error",
    "incomplete",
    "pending",
    "pending_approval",
    "processing",
}


def check_transfer_status(value: str) -> TransferStatus:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(TransferStatus, open_value(value, TRANSFER_STATUS_VALUES, "TransferStatus"))
