"""The kit's own checks, each a plain function over a :class:`~.kit.Kit`.

They are derived from the spec's permission extension through :mod:`sequence_toolkit.permissions`
(which operation needs which scope, checked against which resource), applied to whatever keys
the keys file lists and whatever data the target holds: there is no per-endpoint list here.
Each failure names its check; ``error_envelope`` and ``masked_fields`` run on every response.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from typing import Any

from ..permissions import (
    WILDCARD,
    LoadedObject,
    ManualTransferRule,
    NoResource,
    PathParameter,
    TransferRequest,
    authorize,
    has_scope,
)
from .facts import request_id_problem
from .inventory import RESOURCE_KIND_OBJECTS, list_pages
from .kit import Kit

UNAUTHORIZED = {401}


def authentication(kit: Kit) -> None:
    """1. No key, another scheme word, a malformed, unknown or revoked key → 401 ``unauthorized``."""
    full = kit.keys.full.secret
    attempts: list[tuple[str, str | None]] = [
        ("no Authorization header", None),
        ("the Bearer scheme word", f"Bearer {full}"),
        ("the scheme word alone", "ApiKey"),
        ("a malformed key", f"ApiKey {full} {full}"),
        ("an unknown key", "ApiKey sk_unknown_" + secrets.token_urlsafe(24)),
    ]
    if kit.keys.revoked is not None:
        attempts.append(("a revoked key", kit.keys.revoked.authorization))
    for operation_id in kit.permissions:
        request = kit.request(operation_id)
        if request is None:
            continue
        for what, authorization in attempts:
            response = kit.send(request, authorization)
            kit.expect("authentication", response, operation_id, UNAUTHORIZED, {"unauthorized"}, f"with {what}")


def scope(kit: Kit) -> None:
    """2. A key without the operation's scope → 403 ``forbidden`` (the no-permissions key, and every narrow
    key that lacks the scope)."""
    for operation_id, permission in kit.permissions.items():
        request = kit.request(operation_id)
        if request is None:
            continue
        for key in (kit.keys.none, *kit.keys.narrow):
            if has_scope(permission, key.entries):
                continue
            response = kit.send(request, key.authorization)
            why = f"key {key.name!r} has no {permission.scope.name}"
            kit.expect("scope", response, operation_id, {403}, {"forbidden"}, why)


def resource_scope(kit: Kit) -> None:
    """3. A key with the scope but bound to other resources → 403; with the right resource → not 403."""
    for operation_id, permission in kit.permissions.items():
        check = permission.check
        if isinstance(check, NoResource | ManualTransferRule):
            continue
        for key in kit.keys.narrow:
            entry = key.entry(permission.scope.name)
            if entry is None or WILDCARD in entry.resources:
                continue
            candidates: list[tuple[str | None, dict[str, Any] | None, tuple[str, ...]]]
            if isinstance(check, LoadedObject):
                candidates = [
                    (None, obj, permission.resource_ids(loaded=obj)) for obj in kit.inventory.of(check.object)
                ]
            else:
                kind = RESOURCE_KIND_OBJECTS[permission.scope.resource_kind]
                candidates = [(rid, None, (rid,)) for rid in kit.inventory.ids(kind)]
            granted = next((c for c in candidates if set(c[2]) & set(entry.resources)), None)
            other = next((c for c in candidates if not set(c[2]) & set(entry.resources)), None)
            for candidate, allowed in ((granted, True), (other, False)):
                if candidate is None:
                    continue
                request = kit.request(operation_id, resource=candidate[0], obj=candidate[1])
                assert request is not None
                response = kit.send(request, key.authorization)
                kit.record.ran(operation_id, "resource_scope")
                body = kit.json(response)
                code = (body or {}).get("error", {}).get("code") if isinstance(body, dict) else None
                where = f"key {key.name!r} ({permission.scope.name} on {', '.join(entry.resources)})"
                if allowed and response.status_code == 403 and code == "forbidden":
                    kit.fail("resource_scope", operation_id, f"{where} was refused its own resource", response)
                elif not allowed:
                    why = f"{where} reached {', '.join(candidate[2])}, which it does not hold"
                    kit.expect("resource_scope", response, operation_id, {403}, {"forbidden"}, why)


def manual_transfer(kit: Kit) -> None:
    """4. MANUAL_TRANSFER: a pair not granted, or an amount over max_amount → 403, and no transfer appears."""
    for operation_id, permission in kit.permissions.items():
        check = permission.check
        if not isinstance(check, ManualTransferRule):
            continue
        minimum = kit.minimum_amount(operation_id)
        accounts = [a["id"] for a in kit.inventory.of("Account")]
        for key in kit.keys.narrow:
            grant = kit.transfer_grant(key)
            if grant is None:
                continue
            source, target, max_amount = grant
            attempts: list[tuple[str, str, int, str]] = []
            ungranted = next(
                ((s, t) for s in accounts for t in accounts if s != t and not _may_move(kit, key, operation_id, s, t)),
                None,
            )
            if ungranted:
                attempts.append((*ungranted, minimum, f"{ungranted[0]} -> {ungranted[1]} is not granted"))
            if max_amount is not None:
                attempts.append((source, target, max(max_amount + 1, minimum), f"above max_amount {max_amount}"))
            for s, t, amount, why in attempts:
                before = _transfer_ids(kit, s)
                request = kit.request(operation_id)
                assert request is not None
                body = kit.transfer_body(check, s, t, amount)
                response = kit.send(request, key.authorization, {"Idempotency-Key": str(uuid.uuid4())}, json=body)
                expected: set[str] = {
                    authorize(permission, key.entries, transfer=TransferRequest(s, t, amount)).code or ""
                }
                kit.expect("manual_transfer", response, operation_id, {403}, expected, f"key {key.name!r}: {why}")
                appeared = _transfer_ids(kit, s) - before
                if appeared:
                    kit.fail(
                        "manual_transfer", operation_id, f"refused transfer still created {sorted(appeared)}", response
                    )


def _may_move(kit: Kit, key: Any, operation_id: str, source: str, target: str) -> bool:
    transfer = TransferRequest(source, target, kit.minimum_amount(operation_id))
    return authorize(kit.model.for_operation(operation_id), key.entries, transfer=transfer).allowed


def _listed_ids(kit: Kit, operation_id: str, **query: str) -> set[str]:
    """Every id a list operation returns to the full-access key, across all pages."""
    ids: set[str] = set()
    for response in list_pages(kit.target, kit.model, operation_id, kit.keys.full.authorization, query=query):
        ids |= {item["id"] for item in (kit.json(response) or {}).get("data", [])}
    return ids


def _transfer_ids(kit: Kit, account_id: str) -> set[str]:
    return _listed_ids(kit, "listTransfers", account_id=account_id)


def request_id(kit: Kit) -> None:
    """5. ``X-Request-ID`` echoed in header and body; a generated one when absent, unique per request."""
    for operation_id in kit.permissions:
        request = kit.request(operation_id)
        if request is None or request.method != "get":
            continue
        sent = "req_contract_" + secrets.token_hex(8)
        seen: list[str] = []
        for authorization, header in (
            (kit.keys.full.authorization, sent),
            (kit.keys.full.authorization, None),
            (kit.keys.full.authorization, None),
            (None, sent),  # on an error response too
        ):
            response = kit.send(request, authorization, {"X-Request-ID": header} if header else None)
            kit.record.ran(operation_id, "request_id")
            problem = request_id_problem(header, response.headers.get("x-request-id"), kit.json(response))
            if problem:
                kit.fail("request_id", operation_id, problem, response)
            elif header is None:
                seen.append(response.headers["x-request-id"])
        if len(seen) == 2 and seen[0] == seen[1]:
            kit.fail("request_id", operation_id, f"two requests without X-Request-ID both got {seen[0]!r}")


def pagination(kit: Kit) -> None:
    """7. Following ``end_cursor`` until ``has_next_page`` is false visits each item once and honours ``first``;
    ``first`` outside 1..100 and a cursor the API never returned are 400."""
    for operation_id in kit.permissions:
        facts = kit.facts.operations[operation_id]
        request = kit.request(operation_id)
        if not facts.paginated or request is None:
            continue
        path, query = request.path, {k: v for k, v in request.params.items()}
        everything = _walk_pages(kit, operation_id, path, query, 100)
        if everything is None:
            continue
        size = 2 if len(everything) > 2 else 1
        paged = _walk_pages(kit, operation_id, path, query, size)
        kit.record.ran(operation_id, "pagination")
        if paged is not None and paged != everything:
            repeated = sorted({i for i in paged if paged.count(i) > 1})
            missing = sorted(set(everything) - set(paged))
            kit.fail(
                "pagination",
                operation_id,
                f"pages of {size} differ from one page of 100: repeated {repeated}, missing {missing}, "
                f"order {'differs' if not repeated and not missing else 'n/a'}",
            )
        for params, why in (
            ({**query, "first": 0}, "first=0"),
            ({**query, "first": 101}, "first=101"),
            ({**query, "after": "not-a-cursor-" + secrets.token_hex(4)}, "a cursor the API never returned"),
        ):
            response = kit.send(request, kit.keys.full.authorization, params=params)
            kit.expect("pagination", response, operation_id, {400}, {"invalid_parameters"}, why)


def _walk_pages(kit: Kit, operation_id: str, path: str, query: dict[str, Any], first: int) -> list[str] | None:
    ids: list[str] = []
    after = None
    for _ in range(1000):
        params = {**query, "first": first, **({"after": after} if after else {})}
        response = kit.target.send("get", path, authorization=kit.keys.full.authorization, params=params)
        kit.record.response(operation_id, response.status_code)
        body = kit.json(response)
        if response.status_code != 200 or not isinstance(body, dict):
            return None
        data = body.get("data", [])
        if len(data) > first:
            kit.fail("pagination", operation_id, f"first={first} returned {len(data)} items", response)
        ids += [item["id"] for item in data]
        info = body.get("page_info", {})
        after = info.get("end_cursor")
        if not info.get("has_next_page"):
            return ids
        if not after:
            kit.fail("pagination", operation_id, "has_next_page is true but end_cursor is null", response)
            return ids
    kit.fail("pagination", operation_id, f"still has_next_page after 1000 pages of {first}")
    return None


def idempotency(kit: Kit) -> None:
    """8. Replaying with the same Idempotency-Key and body returns the same response and creates nothing new;
    the same key with another body → 400 ``idempotency_key_mismatch``."""
    for operation_id in kit.permissions:
        facts = kit.facts.operations[operation_id]
        if facts.parameter("header", "Idempotency-Key") is None:
            continue
        scenario = _idempotent_scenario(kit, operation_id)
        if scenario is None:
            continue
        request, other_body, created = scenario
        headers = {"Idempotency-Key": str(uuid.uuid4())}
        before = created()
        first = kit.send(request, kit.keys.full.authorization, headers)
        replay = kit.send(request, kit.keys.full.authorization, headers)
        kit.record.ran(operation_id, "idempotency")
        if first.status_code >= 300:
            kit.fail("idempotency", operation_id, f"the first request failed with {first.status_code}", first)
            continue
        one, two = kit.json(first) or {}, kit.json(replay) or {}
        if replay.status_code != first.status_code or one.get("data") != two.get("data"):
            kit.fail(
                "idempotency",
                operation_id,
                f"the replay answered {replay.status_code} {two.get('data')!r:.120} instead of "
                f"{first.status_code} {one.get('data')!r:.120}",
                replay,
            )
        new = created() - before
        if len(new) != 1:
            kit.fail(
                "idempotency", operation_id, f"one request and its replay created {len(new)}: {sorted(new)}", replay
            )
        if other_body is not None:
            mismatch = kit.send(request, kit.keys.full.authorization, headers, json=other_body)
            why = "the same Idempotency-Key with another body"
            kit.expect("idempotency", mismatch, operation_id, {400}, {"idempotency_key_mismatch"}, why)


def _idempotent_scenario(kit: Kit, operation_id: str) -> tuple[Any, Any, Callable[[], set[str]]] | None:
    """The request to replay, another body for the mismatch, and how to list what it creates."""
    permission = kit.model.for_operation(operation_id)
    check = permission.check
    if isinstance(check, ManualTransferRule):
        request = kit.request(operation_id)
        if request is None:
            return None
        source = request.json[check.source]
        changed = {**request.json, check.amount: request.json[check.amount] + 1}
        return request, changed, lambda: _transfer_ids(kit, source)
    if isinstance(check, PathParameter):  # triggering a rule: the run shows up in its executions
        rules = [r for r in kit.inventory.of("Rule") if r.get("status") == "enabled"]
        manual = [r for r in rules if r.get("trigger", {}).get("type") == "manual"]
        if not rules:
            return None
        rule = (manual or rules)[0]
        request = kit.request(operation_id, resource=rule["id"])
        assert request is not None
        other_body = {"manual_execute_amount": 12345} if manual else None

        return request, other_body, lambda: _listed_ids(kit, "listRuleExecutions", rule_id=rule["id"])
    return None


def organization_isolation(kit: Kit) -> None:
    """Another organization's resources are 404 ``resource_not_found``, never 403 (existence does not leak)."""
    other = kit.keys.other_org
    if other is None:
        return
    for operation_id, permission in kit.permissions.items():
        if not isinstance(permission.check, PathParameter | LoadedObject) or not has_scope(permission, other.entries):
            continue
        request = kit.request(operation_id)
        if request is None:
            continue
        response = kit.send(request, other.authorization)
        why = f"key {other.name!r} of {other.org_id} asked for a resource of {kit.keys.full.org_id}"
        kit.expect("organization_isolation", response, operation_id, {404}, {"resource_not_found"}, why)


CHECKS: dict[str, Callable[[Kit], None]] = {
    "authentication": authentication,
    "scope": scope,
    "resource_scope": resource_scope,
    "manual_transfer": manual_transfer,
    "request_id": request_id,
    "pagination": pagination,
    "idempotency": idempotency,
    "organization_isolation": organization_isolation,
}
