from typing import Literal

TransferOrigin = Literal["cashback", "check_deposit", "external_pull", "paycheck", "rule", "user", "user_pull"]

TRANSFER_ORIGIN_VALUES: set[TransferOrigin] = {
    "cashback",
    "check_deposit",
    "external_pull",
    "paycheck",
    "rule",
    "user",
    "user_pull",
}


def check_transfer_origin(value: str) -> TransferOrigin:
    if value in TRANSFER_ORIGIN_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TRANSFER_ORIGIN_VALUES!r}")
