from typing import Literal

ExternalAccountType = Literal["ASSET", "LIABILITY"]

EXTERNAL_ACCOUNT_TYPE_VALUES: set[ExternalAccountType] = {
    "ASSET",
    "LIABILITY",
}


def check_external_account_type(value: str) -> ExternalAccountType:
    if value in EXTERNAL_ACCOUNT_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {EXTERNAL_ACCOUNT_TYPE_VALUES!r}")
