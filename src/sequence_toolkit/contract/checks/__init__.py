"""The kit's own checks: plain functions ``check(kit, operation_id)``, each failing under its own name.

They are derived from the spec's permission extension through :mod:`sequence_toolkit.permissions`
(which operation needs which scope, checked against which resource), applied to whatever keys the keys
file lists and whatever data the target holds: there is no per-endpoint list here. ``error_envelope``
and ``masked_fields`` run on every response the kit receives.
"""

from __future__ import annotations

from collections.abc import Callable

from ..kit import Kit
from .access import authentication, organization_isolation, resource_scope, scope
from .listing import list_isolation, pagination
from .requests import request_id, request_validation
from .writes import idempotency, manual_transfer, rule_state

Check = Callable[[Kit, str], None]

CHECKS: dict[str, Check] = {
    "authentication": authentication,
    "scope": scope,
    "resource_scope": resource_scope,
    "organization_isolation": organization_isolation,
    "list_isolation": list_isolation,
    "manual_transfer": manual_transfer,
    "rule_state": rule_state,
    "request_validation": request_validation,
    "request_id": request_id,
    "pagination": pagination,
    "idempotency": idempotency,
}

__all__ = ["CHECKS", "Check"]
