from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownExternalAccountType: TypeAlias = Literal["ASSET", "LIABILITY"]
ExternalAccountType: TypeAlias = KnownExternalAccountType | UnknownValue
"""One of ASSET, LIABILITY; a value added to the API since comes through as an `UnknownValue` (a str)."""

EXTERNAL_ACCOUNT_TYPE_VALUES: set[KnownExternalAccountType] = {
    "ASSET",
    "LIABILITY",
}


def check_external_account_type(value: str) -> ExternalAccountType:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(ExternalAccountType, open_value(value, EXTERNAL_ACCOUNT_TYPE_VALUES, "ExternalAccountType"))
