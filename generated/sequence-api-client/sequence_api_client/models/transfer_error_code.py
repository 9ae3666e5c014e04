from typing import Literal

TransferErrorCode = Literal["account_not_eligible", "institution_error", "insufficient_funds", "limit_exceeded"]

TRANSFER_ERROR_CODE_VALUES: set[TransferErrorCode] = {
    "account_not_eligible",
    "institution_error",
    "insufficient_funds",
    "limit_exceeded",
}


def check_transfer_error_code(value: str) -> TransferErrorCode:
    if value in TRANSFER_ERROR_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TRANSFER_ERROR_CODE_VALUES!r}")
