from typing import Literal, TypeAlias, cast

from .._runtime._open import UnknownValue, open_value

KnownErrorCode: TypeAlias = Literal[
    "forbidden",
    "idempotency_key_in_use",
    "idempotency_key_mismatch",
    "internal_error",
    "invalid_parameters",
    "maximum_amount_exceeded",
    "method_not_allowed",
    "rate_limit_exceeded",
    "resource_not_found",
    "rule_deactivated",
    "unauthorized",
]
ErrorCode: TypeAlias = KnownErrorCode | UnknownValue
"""One of forbidden, idempotency_key_in_use, idempotency_key_mismatch, internal_error, invalid_parameters, maximum_amount_exceeded, method_not_allowed, rate_limit_exceeded, resource_not_found, rule_deactivated, unauthorized; a value added to the API since comes through as an `UnknownValue` (a str)."""

ERROR_CODE_VALUES: set[KnownErrorCode] = {
    "forbidden",
    "idempotency_key_in_use",
    "idempotency_key_mismatch",
    "internal_error",
    "invalid_parameters",
    "maximum_amount_exceeded",
    "method_not_allowed",
    "rate_limit_exceeded",
    "resource_not_found",
    "rule_deactivated",
    "unauthorized",
}


def check_error_code(value: str) -> ErrorCode:
    """`value` when it is a known value, else an `UnknownValue`; TypeError for anything but a string."""
    return cast(ErrorCode, open_value(value, ERROR_CODE_VALUES, "ErrorCode"))
