from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownConditionFact: TypeAlias = Literal["balance", "date", "transfer_amount"]
ConditionFact: TypeAlias = KnownConditionFact | UnknownValue
"""One of balance, date, transfer_amount; a value added to the API since comes through as an `UnknownValue` (a str)."""

CONDITION_FACT_VALUES: set[KnownConditionFact] = {
    "balance",
    "date",
    "transfer_amount",
}


def check_condition_fact(value: str) -> ConditionFact:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(ConditionFact, open_value(value, CONDITION_FACT_VALUES, "ConditionFact"))
