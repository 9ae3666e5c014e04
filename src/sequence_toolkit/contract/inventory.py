"""Real data from the target: the objects a key can list, found by following the list operations.

The kit feeds these ids to generation and builds its own requests on them, so operations run on
existing resources rather than on random ids that all answer 404. Discovery lists only what the
operations under test need; ids can also be given (the keys file's ``ids:`` section, or ``--ids``), for a
target whose list operations are not implemented.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from ..permissions import LoadedObject, ManualTransferRule, PathParameter, PermissionModel, QueryParameter
from .responses import error_code
from .target import Target

MAX_PAGES = 1000
UNIMPLEMENTED_STATUSES = (404, 405, 501)


class DiscoveryError(RuntimeError):
    """The full-access key could not list what the kit needs; the message says which request failed."""


# (object schema, list operationId, parent schema, how to call it for each parent object) in discovery order.
# The parents are objects found earlier: executions are listed per rule, transfers and cards per account.
LISTINGS: tuple[tuple[str, str, str | None, Callable[[Mapping[str, Any]], dict[str, Any]]], ...] = (
    ("Account", "listAccounts", None, lambda _: {}),
    ("Rule", "listRules", None, lambda _: {}),
    ("RuleExecution", "listRuleExecutions", "Rule", lambda rule: {"query": {"rule_id": rule["id"]}}),
    ("Transfer", "listTransfers", "Account", lambda account: {"query": {"account_id": account["id"]}}),
    ("Card", "listCards", "Account", lambda account: {"query": {"account_id": account["id"]}}),
    ("CardTransaction", "listCardTransactions", "Card", lambda card: {"path": {"id": card["id"]}}),
)
RESOURCE_KIND_OBJECTS = {"account": "Account", "rule": "Rule"}


@dataclass
class Inventory:
    objects: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # schema -> id -> object

    def of(self, kind: str) -> list[dict[str, Any]]:
        return list(self.objects.get(kind, {}).values())

    def ids(self, kind: str) -> list[str]:
        return list(self.objects.get(kind, {}))

    def add(self, kind: str, obj: dict[str, Any]) -> None:
        found = self.objects.setdefault(kind, {})
        if len(found.get(obj["id"], {})) <= 1:  # a listed object replaces a bare id
            found[obj["id"]] = obj


def fill_path(path: str, values: Mapping[str, str]) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return path


def needed_kinds(model: PermissionModel, operations: Collection[str]) -> set[str]:
    """The objects the operations under test run on, and those their listings need first."""
    kinds: set[str] = set()
    for operation_id in operations:
        permission = model.for_operation(operation_id)
        check = permission.check
        if isinstance(check, PathParameter | QueryParameter):
            kinds.add(RESOURCE_KIND_OBJECTS.get(permission.scope.resource_kind, ""))
        elif isinstance(check, LoadedObject):
            kinds.add(check.object)
        elif isinstance(check, ManualTransferRule):
            kinds.add("Account")
        kinds |= {kind for kind, listing, _, _ in LISTINGS if listing == operation_id}
    parents = {kind: parent for kind, _, parent, _ in LISTINGS}
    for kind in list(kinds):
        while parents.get(kind):
            kind = parents[kind] or ""
            kinds.add(kind)
    return kinds - {""}


def implemented(response: httpx.Response) -> bool:
    """An answer of a server that has the route: anything but 404/405/501 without the error envelope."""
    if response.status_code not in UNIMPLEMENTED_STATUSES:
        return True
    try:
        return error_code(response.json()) is not None and response.status_code == 404
    except ValueError:
        return False


def list_pages(
    target: Target,
    model: PermissionModel,
    operation_id: str,
    authorization: str,
    *,
    path: Mapping[str, str] | None = None,
    query: Mapping[str, Any] | None = None,
    first: int = 100,
) -> Iterator[httpx.Response]:
    """Each page of a list operation, following ``end_cursor`` until ``has_next_page`` is false.
    A non-200 page is yielded and ends the walk."""
    permission = model.for_operation(operation_id)
    after: str | None = None
    for _ in range(MAX_PAGES):
        params = {**(query or {}), "first": first, **({"after": after} if after else {})}
        response = target.send(
            permission.method, fill_path(permission.path, path or {}), authorization=authorization, params=params
        )
        yield response
        if response.status_code != 200:
            return
        page_info = response.json().get("page_info") or {}
        after = page_info.get("end_cursor")
        if not page_info.get("has_next_page") or not after:
            return


def discover(
    target: Target,
    model: PermissionModel,
    authorization: str,
    kinds: Collection[str],
    known: Mapping[str, list[str]] | None = None,
    unimplemented: list[str] | None = None,
    *,
    strict: bool = True,
) -> Inventory:
    """List the objects of ``kinds``; ``known`` ids are added as bare objects. A list operation the target
    does not implement is noted in ``unimplemented``; another non-200 raises :class:`DiscoveryError`
    (with ``strict``; else the walk just stops)."""
    inventory = Inventory()
    for kind, ids in (known or {}).items():
        for ident in ids:
            inventory.add(kind, {"id": ident})
    missing = unimplemented if unimplemented is not None else []
    for kind, operation_id, parent, arguments in LISTINGS:
        if kind not in kinds or operation_id in missing or operation_id not in model.operations:
            continue
        for parent_object in inventory.of(parent) if parent else [{}]:
            args = arguments(parent_object)
            pages = list_pages(
                target, model, operation_id, authorization, path=args.get("path"), query=args.get("query")
            )
            for response in pages:
                if response.status_code == 200:
                    for item in response.json().get("data", []):
                        inventory.add(kind, item)
                    continue
                if not implemented(response):
                    missing.append(operation_id)
                elif strict:
                    raise DiscoveryError(
                        f"{operation_id} with the full-access key answered {response.status_code}: "
                        f"{target.redactor(response.text[:300])} ({response.request.method} {response.request.url})"
                    )
                break
            if operation_id in missing:
                break
    return inventory
