from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownListTransfersAccountRole: TypeAlias = Literal["destination", "either", "source"]
ListTransfersAccountRole: TypeAlias = KnownListTransfersAccountRole | UnknownValue
"""One of destination, either, source; a value added to the API since comes through as an `UnknownValue` (a str)."""

LIST_TRANSFERS_ACCOUNT_ROLE_VALUES: set[KnownListTransfersAccountRole] = {
    "destination",
    "either",
    "source",
}


def check_list_transfers_account_role(value: str) -> ListTransfersAccountRole:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(
        ListTransfersAccountRole, open_value(value, LIST_TRANSFERS_ACCOUNT_ROLE_VALUES, "ListTransfersAccountRole")
    )
