from typing import Literal

TransferStatus = Literal["cancelled", "complete", "error", "incomplete", "pending", "pending_approval", "processing"]

TRANSFER_STATUS_VALUES: set[TransferStatus] = {
    "cancelled",
    "complete",
    "error",
    "incomplete",
    "pending",
    "pending_approval",
    "processing",
}


def check_transfer_status(value: str) -> TransferStatus:
    if value in TRANSFER_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TRANSFER_STATUS_VALUES!r}")
