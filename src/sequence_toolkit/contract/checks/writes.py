"""Operations that change state: manual transfers (grants, direction, max_amount), rule triggers (a
disabled rule), and Idempotency-Key replays. Each also checks that a refused request created nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from ...keysfile import ApiKey
from ...permissions import ManualTransferRule, PathParameter, TransferRequest, authorize
from ..kit import Kit
from ..responses import error_code


def _listed_ids(kit: Kit, operation_id: str, **query: str) -> set[str]:
    return {item["id"] for item, _ in kit.list_items(operation_id, **query)}


def transfer_ids(kit: Kit, account_id: str) -> set[str]:
    return _listed_ids(kit, "listTransfers", account_id=account_id)


def _may_move(kit: Kit, key: ApiKey, operation_id: str, source: str, target: str, amount: int) -> bool:
    transfer = TransferRequest(source, target, amount)
    return authorize(kit.permission(operation_id), key.entries, transfer=transfer).allowed


def manual_transfer(kit: Kit, operation_id: str) -> None:
    """MANUAL_TRANSFER: a pair not granted (the reverse of a grant, another target) or an amount over
    max_amount → 403, and no transfer appears; exactly max_amount is allowed."""
    permission = kit.permission(operation_id)
    check = permission.check
    if not isinstance(check, ManualTransferRule):
        return
    minimum = kit.minimum_amount(operation_id)
    accounts = kit.inventory.ids("Account")
    for key in kit.keys.narrow:
        grant = kit.transfer_grant(key)
        if grant is None:
            continue
        source, target, max_amount = grant
        refused: list[tuple[str, str, int, str]] = []
        if not _may_move(kit, key, operation_id, target, source, minimum):
            refused.append((target, source, minimum, f"{target} -> {source} is the reverse of its grant"))
        other = next((t for t in accounts if t not in (source, target)), None)
        if other and not _may_move(kit, key, operation_id, source, other, minimum):
            refused.append((source, other, minimum, f"{source} -> {other} is not granted"))
        if max_amount is not None:
            refused.append((source, target, max(max_amount + 1, minimum), f"{max_amount + 1} is above max_amount"))
        for s, t, amount, why in refused:
            before = transfer_ids(kit, s)
            response = _transfer(kit, operation_id, key, check, s, t, amount)
            expected: set[str] = {authorize(permission, key.entries, transfer=TransferRequest(s, t, amount)).code or ""}
            kit.expect("manual_transfer", response, operation_id, {403}, expected, f"key {key.name!r}: {why}")
            appeared = transfer_ids(kit, s) - before
            if appeared:
                kit.fail(
                    "manual_transfer", operation_id, f"refused transfer still created {sorted(appeared)}", response
                )
        if max_amount is not None and max_amount >= minimum:
            response = _transfer(kit, operation_id, key, check, source, target, max_amount)
            kit.record.ran(operation_id, "manual_transfer")
            if response.status_code == 403:
                why = f"key {key.name!r}: exactly max_amount {max_amount} from {source} to {target} was refused"
                kit.fail("manual_transfer", operation_id, f"{why} ({error_code(kit.json(response))})", response)


def _transfer(kit: Kit, operation_id: str, key: ApiKey, check: ManualTransferRule, s: str, t: str, amount: int) -> Any:
    request = kit.request(operation_id)
    assert request is not None
    body = kit.transfer_body(check, s, t, amount)
    return kit.send(request, key.authorization, {"Idempotency-Key": str(uuid.uuid4())}, json=body)


def _enabled(rule: dict[str, Any]) -> bool:
    return rule.get("status") == "enabled"


def rule_state(kit: Kit, operation_id: str) -> None:
    """Triggering a disabled rule → 403 ``rule_deactivated``, and no execution appears."""
    if not isinstance(kit.permission(operation_id).check, PathParameter) or "trigger" not in operation_id.lower():
        return
    disabled = [r for r in kit.inventory.of("Rule") if "status" in r and not _enabled(r)]
    if not disabled:
        kit.record.gap(f"{operation_id}: the target has no disabled rule to trigger")
        return
    rule = disabled[0]["id"]
    before = _listed_ids(kit, "listRuleExecutions", rule_id=rule)
    request = kit.request(operation_id, resource=rule)
    assert request is not None
    response = kit.send(request, kit.keys.full.authorization, {"Idempotency-Key": str(uuid.uuid4())})
    why = f"triggering the disabled rule {rule}"
    kit.expect("rule_state", response, operation_id, {403}, {"rule_deactivated"}, why)
    appeared = _listed_ids(kit, "listRuleExecutions", rule_id=rule) - before
    if appeared:
        kit.fail("rule_state", operation_id, f"{why} created executions {sorted(appeared)}", response)


def idempotency(kit: Kit, operation_id: str) -> None:
    """Replaying with the same Idempotency-Key and body returns the same response and creates nothing new;
    the same key with another body → 400 ``idempotency_key_mismatch``."""
    if kit.spec.operation(operation_id).parameter("header", "Idempotency-Key") is None:
        return
    scenario = _idempotent_scenario(kit, operation_id)
    if scenario is None:
        return
    request, other_body, created = scenario
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    before = created()
    first = kit.send(request, kit.keys.full.authorization, headers)
    kit.record.ran(operation_id, "idempotency")
    if first.status_code >= 300:
        kit.fail("idempotency", operation_id, f"the first request failed with {first.status_code}", first)
        return
    replay = kit.send(request, kit.keys.full.authorization, headers)
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
        kit.fail("idempotency", operation_id, f"one request and its replay created {len(new)}: {sorted(new)}", replay)
    if other_body is not None:
        mismatch = kit.send(request, kit.keys.full.authorization, headers, json=other_body)
        why = "the same Idempotency-Key with another body"
        kit.expect("idempotency", mismatch, operation_id, {400}, {"idempotency_key_mismatch"}, why)


def _idempotent_scenario(kit: Kit, operation_id: str) -> tuple[Any, Any, Callable[[], set[str]]] | None:
    """The request to replay, another body for the mismatch, and how to list what it creates."""
    check = kit.permission(operation_id).check
    if isinstance(check, ManualTransferRule):
        request = kit.request(operation_id)
        if request is None:
            return None
        source = request.json[check.source]
        changed = {**request.json, check.amount: request.json[check.amount] + 1}
        return request, changed, lambda: transfer_ids(kit, source)
    if isinstance(check, PathParameter):  # triggering a rule: the run shows up in its executions
        rules = [r for r in kit.inventory.of("Rule") if _enabled(r)]
        manual = [r for r in rules if r.get("trigger", {}).get("type") == "manual"]
        if not rules:
            return None
        rule = (manual or rules)[0]
        request = kit.request(operation_id, resource=rule["id"])
        assert request is not None
        other_body = {"manual_execute_amount": 12345} if manual else None
        return request, other_body, lambda: _listed_ids(kit, "listRuleExecutions", rule_id=rule["id"])
    return None
