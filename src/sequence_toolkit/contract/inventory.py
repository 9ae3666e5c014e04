"""Real data from the target: every object the full-access key can list, found by following the list operations.

The kit feeds these ids to generation and builds its own requests on them, so operations
run on existing resources rather than on random ids that all answer 404.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from ..permissions import PermissionModel
from .target import Target

MAX_PAGES = 1000


class DiscoveryError(RuntimeError):
    """The full-access key could not list what the kit needs; the message says which request failed."""


# (object schema, list operationId, how to call it for each parent object) in discovery order.
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


def fill_path(path: str, values: Mapping[str, str]) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return path


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
    """Each page of a list operation, following ``end_cursor`` until ``has_next_page`` is false."""
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


def discover(target: Target, model: PermissionModel, authorization: str) -> Inventory:
    inventory = Inventory()
    for kind, operation_id, parent, arguments in LISTINGS:
        found = inventory.objects.setdefault(kind, {})
        for parent_object in inventory.of(parent) if parent else [{}]:
            args = arguments(parent_object)
            for response in list_pages(
                target, model, operation_id, authorization, path=args.get("path"), query=args.get("query")
            ):
                if response.status_code != 200:
                    raise DiscoveryError(
                        f"{operation_id} with the full-access key answered {response.status_code}: "
                        f"{response.text[:300]} ({response.request.method} {response.request.url})"
                    )
                for item in response.json().get("data", []):
                    found.setdefault(item["id"], item)
    return inventory
