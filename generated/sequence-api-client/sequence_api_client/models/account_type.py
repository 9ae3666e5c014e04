from typing import Literal

AccountType = Literal["external_account", "income_source", "pod"]

ACCOUNT_TYPE_VALUES: set[AccountType] = {
    "external_account",
    "income_source",
    "pod",
}


def check_account_type(value: str) -> AccountType:
    if value in ACCOUNT_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ACCOUNT_TYPE_VALUES!r}")
