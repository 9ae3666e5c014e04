from typing import Literal

PercentageLiabilityBalanceActionType = Literal["percentage_liability_balance"]

PERCENTAGE_LIABILITY_BALANCE_ACTION_TYPE_VALUES: set[PercentageLiabilityBalanceActionType] = {
    "percentage_liability_balance",
}


def check_percentage_liability_balance_action_type(value: str) -> PercentageLiabilityBalanceActionType:
    if value in PERCENTAGE_LIABILITY_BALANCE_ACTION_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PERCENTAGE_LIABILITY_BALANCE_ACTION_TYPE_VALUES!r}")
