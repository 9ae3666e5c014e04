"""What every kit check works with: the target, the spec, the permission model, the keys, the data found,
and the record of what was sent (per operation) and what failed."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx

from ..keysfile import ApiKey
from ..permissions import (
    LoadedObject,
    ManualTransferRule,
    OperationPermission,
    PathParameter,
    PermissionModel,
    QueryParameter,
)
from ..spec import Spec
from .inventory import RESOURCE_KIND_OBJECTS, Inventory, fill_path, list_pages
from .keyring import KeyRing
from .responses import error_code, error_envelope_problem, masked_problem, undocumented_problem
from .target import Target


@dataclass(frozen=True)
class Failure:
    """One failed check on one request; ``curl`` replays the request (keys as placeholders)."""

    check: str
    operation: str
    message: str
    curl: str = ""


@dataclass
class Record:
    """Per operation: how many requests, by status class, and which checks ran; failures; what could not be
    decided (``inconclusive``: rate limiting hid the answer) and what could not be tried (``gaps``)."""

    statuses: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    checks: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    failures: list[Failure] = field(default_factory=list)
    inconclusive: list[Failure] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    unimplemented: list[str] = field(default_factory=list)

    def response(self, operation_id: str, status: int) -> None:
        counts = self.statuses[operation_id]
        counts["cases"] += 1
        counts[f"{status // 100}xx"] += 1
        if status == 429:
            counts["429"] += 1

    def ran(self, operation_id: str, check: str) -> None:
        self.checks[operation_id].add(check)

    def add(self, failure: Failure, rate_limited: bool = False) -> None:
        found = self.inconclusive if rate_limited else self.failures
        if failure not in found:
            found.append(failure)

    def gap(self, text: str) -> None:
        if text not in self.gaps:
            self.gaps.append(text)


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
    spec: Spec
    model: PermissionModel
    operations: tuple[str, ...]  # the operationIds under test
    keys: KeyRing
    inventory: Inventory
    other_inventory: Inventory = field(default_factory=Inventory)  # another organization's, when it has a key
    record: Record = field(default_factory=Record)

    def permission(self, operation_id: str) -> OperationPermission:
        return self.model.for_operation(operation_id)

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
        schema = self.spec.operation(request.operation_id).response_schema(str(response.status_code))
        for check, problem in (
            ("error_envelope", error_envelope_problem(self.spec, response.status_code, parsed)),
            ("masked_fields", masked_problem(self.spec, parsed)),
            ("undocumented_fields", undocumented_problem(self.spec, schema, parsed)),
        ):
            self.record.ran(request.operation_id, check)
            if problem:
                self.fail(check, request.operation_id, problem, response)
        return response

    def list_items(self, operation_id: str, **query: Any) -> list[tuple[dict[str, Any], httpx.Response]]:
        """Every item a list operation returns to the full-access key across all pages, with its page."""
        found: list[tuple[dict[str, Any], httpx.Response]] = []
        if operation_id not in self.model.operations:
            return found
        for response in list_pages(self.target, self.model, operation_id, self.keys.full.authorization, query=query):
            self.record.response(operation_id, response.status_code)
            body = self.json(response)
            if response.status_code == 200 and isinstance(body, dict):
                found += [(item, response) for item in body.get("data", []) if isinstance(item, dict)]
        return found

    @staticmethod
    def json(response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            return None

    def fail(self, check: str, operation_id: str, message: str, response: httpx.Response | None = None) -> None:
        """Record a failure; one whose evidence is a 429 (after the retries) is inconclusive, not a failure."""
        line = self.target.curl(response.request) if response is not None else ""
        limited = response is not None and response.status_code == 429
        if limited:
            message = f"rate limited (429 after {self.target.max_retries_on_429} retries) where {message}"
        self.record.add(Failure(check, operation_id, self.target.redactor(message), line), limited)

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
        code = error_code(self.json(response))
        if response.status_code in statuses and (codes is None or code in codes):
            return True
        wanted = "/".join(map(str, sorted(statuses))) + (f" {'/'.join(sorted(codes))}" if codes else "")
        got = f"{response.status_code} {code or ''}".strip()
        self.fail(check, operation_id, f"{why}: expected {wanted}, got {got}", response)
        return False

    # --- requests a full-access key can make, on real data ----------------------------------

    def request(
        self, operation_id: str, resource: str | None = None, obj: dict[str, Any] | None = None
    ) -> Request | None:
        """A well-formed request for the operation on existing data: on ``resource`` (path or query id),
        or on the loaded object ``obj``; None when the target has no data for it."""
        permission = self.permission(operation_id)
        operation = self.spec.operation(operation_id)
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
            if obj is None and resource is not None:
                obj = {"id": resource}
            obj = obj or next(iter(self.inventory.of(check.object)), None)
            if obj is None:
                return None
            path[check.parameter] = obj["id"]
        elif isinstance(check, ManualTransferRule):
            grant = self.transfer_grant(self.keys.full)
            if grant is None:
                return None
            body = self.transfer_body(check, grant[0], grant[1], self.minimum_amount(operation_id))
        for parameter in operation.parameters:  # other required query parameters: their example or first value
            if parameter.location == "query" and parameter.required and parameter.name not in params:
                schema = parameter.schema
                params[parameter.name] = parameter.raw.get(
                    "example", schema.get("default", (schema.get("enum") or [""])[0])
                )
        if body is None and operation.body_schema is not None:
            body = {}
        return Request(operation_id, permission.method, fill_path(permission.path, path), params, body)

    def transfer_grant(self, key: ApiKey) -> tuple[str, str, int | None] | None:
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
        check = self.permission(operation_id).check
        schema = self.spec.operation(operation_id).body_schema or {}
        field_schema = self.spec.properties(schema).get(getattr(check, "amount", ""), {})
        return int(self.spec.deref(field_schema).get("minimum", 1))
