from typing import Literal

ConditionFact = Literal["balance", "date", "transfer_amount"]

CONDITION_FACT_VALUES: set[ConditionFact] = {
    "balance",
    "date",
    "transfer_amount",
}


def check_condition_fact(value: str) -> ConditionFact:
    if value in CONDITION_FACT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONDITION_FACT_VALUES!r}")
