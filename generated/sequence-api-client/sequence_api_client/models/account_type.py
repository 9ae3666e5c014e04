from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownAccountType: TypeAlias = Literal["external_account", "income_source", "pod"]
AccountType: TypeAlias = KnownAccountType | UnknownValue
"""One of external_account, income_source, pod; a value added to the API since comes through as an `UnknownValue` (a str)."""

ACCOUNT_TYPE_VALUES: set[KnownAccountType] = {
    "external_account",
    "income_source",
    "pod",
}


def check_account_type(value: str) -> AccountType:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(AccountType, open_value(value, ACCOUNT_TYPE_VALUES, "AccountType"))
