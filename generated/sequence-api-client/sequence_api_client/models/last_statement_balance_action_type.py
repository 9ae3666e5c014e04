from typing import Literal

LastStatementBalanceActionType = Literal["last_statement_balance"]

LAST_STATEMENT_BALANCE_ACTION_TYPE_VALUES: set[LastStatementBalanceActionType] = {
    "last_statement_balance",
}


def check_last_statement_balance_action_type(value: str) -> LastStatementBalanceActionType:
    if value in LAST_STATEMENT_BALANCE_ACTION_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LAST_STATEMENT_BALANCE_ACTION_TYPE_VALUES!r}")
