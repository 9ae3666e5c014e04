"""What every kit check works with: the target, the spec, the permission model, the keys, the data found,
and the record of what was sent (per operation) and what failed."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx

from ..permissions import (
    LoadedObject,
    ManualTransferRule,
    OperationPermission,
    PathParameter,
    PermissionModel,
    QueryParameter,
)
from .facts import SpecFacts, error_envelope_problem, masked_problem
from .inventory import RESOURCE_KIND_OBJECTS, Inventory, fill_path
from .keyring import Key, KeyRing
from .target import Target, curl


@dataclass(frozen=True)
class Failure:
    check: str
    operation: str
    message: str
    curl: str = ""


@dataclass
class Record:
    """Per operation: how many requests, by status class, and which checks ran."""

    statuses: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    checks: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    failures: list[Failure] = field(default_factory=list)

    def response(self, operation_id: str, status: int) -> None:
        counts = self.statuses[operation_id]
        counts["cases"] += 1
        counts[f"{status // 100}xx"] += 1

    def ran(self, operation_id: str, check: str) -> None:
        self.checks[operation_id].add(check)


@dataclass(frozen=True)
class Request:
    operation_id: str
    method: str
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None


@dataclass
class Kit:
    target: Target
    facts: SpecFacts
    model: PermissionModel
    operations: tuple[str, ...]  # the operationIds under test
    keys: KeyRing
    inventory: Inventory
    record: Record = field(default_factory=Record)

    @property
    def permissions(self) -> dict[str, OperationPermission]:
        return {operation_id: self.model.for_operation(operation_id) for operation_id in self.operations}

    # --- requests ------------------------------------------------------------------------

    def send(
        self, request: Request, authorization: str | None, headers: dict[str, str] | None = None, **changes: Any
    ) -> httpx.Response:
        """Send ``request`` (with ``changes`` to params/json), record it, and apply the response-level checks."""
        params = changes.get("params", request.params)
        body = changes.get("json", request.json)
        response = self.target.send(
            request.method, request.path, authorization=authorization, headers=headers, params=params, json=body
        )
        self.record.response(request.operation_id, response.status_code)
        parsed = self.json(response)
        for check, problem in (
            ("error_envelope", error_envelope_problem(self.facts, response.status_code, parsed)),
            ("masked_fields", masked_problem(self.facts, parsed)),
        ):
            self.record.ran(request.operation_id, check)
            if problem:
                self.fail(check, request.operation_id, problem, response)
        return response

    @staticmethod
    def json(response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            return None

    def fail(self, check: str, operation_id: str, message: str, response: httpx.Response | None = None) -> None:
        line = curl(response.request) if response is not None else ""
        failure = Failure(check, operation_id, message, line)
        if failure not in self.record.failures:
            self.record.failures.append(failure)

    def expect(
        self,
        check: str,
        response: httpx.Response,
        operation_id: str,
        statuses: set[int],
        codes: set[str] | None = None,
        why: str = "",
    ) -> bool:
        """Fail ``check`` unless the status is one of ``statuses`` (and the error code one of ``codes``)."""
        self.record.ran(operation_id, check)
        body = self.json(response)
        code = (
            body.get("error", {}).get("code")
            if isinstance(body, dict) and isinstance(body.get("error"), dict)
            else None
        )
        if response.status_code in statuses and (codes is None or code in codes):
            return True
        wanted = "/".join(map(str, sorted(statuses))) + (f" {'/'.join(sorted(codes))}" if codes else "")
        self.fail(
            check, operation_id, f"{why}: expected {wanted}, got {response.status_code} {code or ''}".strip(), response
        )
        return False

    # --- requests a full-access key can make, on real data ----------------------------------

    def request(
        self, operation_id: str, resource: str | None = None, obj: dict[str, Any] | None = None
    ) -> Request | None:
        """A well-formed request for the operation on existing data: on ``resource`` (path or query id),
        or on the loaded object ``obj``; None when the target has no data for it."""
        permission = self.model.for_operation(operation_id)
        facts = self.facts.operations[operation_id]
        check = permission.check
        path: dict[str, str] = {}
        params: dict[str, Any] = {}
        body: Any = None
        if isinstance(check, PathParameter | QueryParameter):
            kind = RESOURCE_KIND_OBJECTS[permission.scope.resource_kind]
            resource = resource or next(iter(self.inventory.ids(kind)), None)
            if resource is None:
                return None
            (path if isinstance(check, PathParameter) else params)[check.parameter] = resource
        elif isinstance(check, LoadedObject):
            obj = obj or next(iter(self.inventory.of(check.object)), None)
            if obj is None:
                return None
            path[check.parameter] = obj["id"]
        elif isinstance(check, ManualTransferRule):
            grant = self.transfer_grant(self.keys.full)
            if grant is None:
                return None
            body = self.transfer_body(check, grant[0], grant[1], self.minimum_amount(operation_id))
        for parameter in facts.parameters:  # other required query parameters: their example or first value
            if parameter["in"] == "query" and parameter.get("required") and parameter["name"] not in params:
                schema = parameter.get("schema", {})
                params[parameter["name"]] = parameter.get(
                    "example", schema.get("default", (schema.get("enum") or [""])[0])
                )
        if body is None and facts.body_schema is not None:
            body = {}
        return Request(operation_id, permission.method, fill_path(permission.path, path), params, body)

    def transfer_grant(self, key: Key) -> tuple[str, str, int | None] | None:
        """A (source, target, max_amount) the key may move money along, between accounts that exist."""
        accounts = set(self.inventory.ids("Account"))
        for entry in key.entries:
            for grant in entry.transfers:
                if grant.source in accounts and grant.target in accounts:
                    return grant.source, grant.target, grant.max_amount
        return None

    @staticmethod
    def transfer_body(check: ManualTransferRule, source: str, target: str, amount: int) -> dict[str, Any]:
        return {check.source: source, check.target: target, check.amount: amount, "description": "contract kit"}

    def minimum_amount(self, operation_id: str) -> int:
        check = self.model.for_operation(operation_id).check
        schema = self.facts.operations[operation_id].body_schema or {}
        field_schema = schema.get("properties", {}).get(getattr(check, "amount", ""), {})
        return int(field_schema.get("minimum", 1))
