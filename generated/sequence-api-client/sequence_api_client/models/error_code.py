from typing import Literal

ErrorCode = Literal[
    "forbidden",
    "idempotency_key_in_use",
    "idempotency_key_mismatch",
    "invalid_parameters",
    "maximum_amount_exceeded",
    "rate_limit_exceeded",
    "resource_not_found",
    "rule_deactivated",
    "unauthorized",
]

ERROR_CODE_VALUES: set[ErrorCode] = {
    "forbidden",
    "idempotency_key_in_use",
    "idempotency_key_mismatch",
    "invalid_parameters",
    "maximum_amount_exceeded",
    "rate_limit_exceeded",
    "resource_not_found",
    "rule_deactivated",
    "unauthorized",
}


def check_error_code(value: str) -> ErrorCode:
    if value in ERROR_CODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ERROR_CODE_VALUES!r}")
