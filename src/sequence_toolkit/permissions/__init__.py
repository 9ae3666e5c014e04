"""The permission model of the Sequence api/v1, read from the spec.

This is the one place that knows how API-key permissions work. The sandbox, the
contract kit and the generated docs all ask it; none of them restates a rule.

The spec declares the model in two extensions:

- ``x-sequence-scopes`` on the root: the seeds' scope table, one entry per scope
  (``scope``, ``resources``, ``grants``, word for word) plus ``resource_kind``,
  what the scope's resources are: ``none``, ``account``, ``rule`` or
  ``transfer_pair``;
- on every operation, ``security: [{ApiKeyAuth: [SCOPE]}]`` names the scope and
  ``x-sequence-permission`` names the resource it is checked against::

      resource: none                                   # LIST_* scopes
      resource: path_parameter   parameter: id
      resource: query_parameter  parameter: rule_id    # a required filter
      resource: loaded_object    object: Card  parameter: id  fields: [account_id]
      resource: manual_transfer  source: ...  target: ...  amount: ...   # body fields

  For ``loaded_object`` the object named by the path parameter is loaded first;
  the key must hold ANY of ``fields`` (dotted paths into the object).

A server decides in the order the spec's security scheme states, :func:`authorize` being the
resource step:

1. 401 ``unauthorized``: no key, two keys, another scheme word, a malformed, unknown or revoked key;
2. 429 ``rate_limit_exceeded``;
3. 400 ``invalid_parameters``: a header, a query parameter or the body does not match the spec;
4. 403 ``forbidden``: the key has no entry for the operation's scope;
5. the resource: an id in the path or a query filter is authorized first (403 whether or not it
   exists), then looked up (404); a loaded object is looked up first (404 unless it is in the
   key's organization), then authorized (403 ``forbidden`` / ``maximum_amount_exceeded``).
"""

from __future__ import annotations

from .decide import (
    Decision,
    PermissionEntry,
    PermissionEntryError,
    TransferGrant,
    TransferRequest,
    authorize,
    has_scope,
)
from .model import PermissionModel, PermissionSpecError, parse
from .types import (
    PERMISSION_EXTENSION,
    RESOURCE_KINDS,
    SCOPES_EXTENSION,
    SECURITY_SCHEME,
    WILDCARD,
    LoadedObject,
    ManualTransferRule,
    NoResource,
    OperationPermission,
    PathParameter,
    QueryParameter,
    ResourceCheck,
    ResourceKind,
    Scope,
    field_value,
)

__all__ = [
    "PERMISSION_EXTENSION",
    "RESOURCE_KINDS",
    "SCOPES_EXTENSION",
    "SECURITY_SCHEME",
    "WILDCARD",
    "Decision",
    "LoadedObject",
    "ManualTransferRule",
    "NoResource",
    "OperationPermission",
    "PathParameter",
    "PermissionEntry",
    "PermissionEntryError",
    "PermissionModel",
    "PermissionSpecError",
    "QueryParameter",
    "ResourceCheck",
    "ResourceKind",
    "Scope",
    "TransferGrant",
    "TransferRequest",
    "authorize",
    "field_value",
    "has_scope",
    "parse",
]
