"""The rule engine: evaluate a rule's steps, run the first matching step's actions as transfers.

Facts: ``transfer_amount`` (the trigger's amount, cents), ``balance`` (of
``params.account_id``, cents) and ``date`` (today's day of the month). The
execution stays ``in_progress`` until its transfers settle
(:func:`transfers.refresh_execution` finishes it).
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from .store import Store
from .transfers import MINIMUM_AMOUNT, create_transfer, new_id, now, refresh_execution

OPERATORS: dict[str, Callable[[int, int], bool]] = {
    "equals": operator.eq,
    "not_equals": operator.ne,
    "greater_than": operator.gt,
    "less_than": operator.lt,
    "greater_than_or_equal": operator.ge,
    "less_than_or_equal": operator.le,
}
PERIODS = {"per_week": timedelta(days=7), "per_month": timedelta(days=30), "per_year": timedelta(days=365)}


class Facts:
    def __init__(self, store: Store, org_id: str, transfer_amount: int) -> None:
        self.store, self.org_id, self.transfer_amount = store, org_id, transfer_amount

    def account(self, account_id: str) -> dict[str, Any]:
        account = self.store.account(self.org_id, account_id)
        if account is None:
            raise LookupError(f"account '{account_id}' no longer exists")
        return account

    def value(self, fact: str, params: dict[str, Any] | None) -> int:
        if fact == "transfer_amount":
            return self.transfer_amount
        if fact == "balance":
            if not params:
                raise LookupError("the balance fact needs params.account_id")
            return int(self.account(params["account_id"])["balance"]["balance_in_cents"])
        return int(datetime.now(UTC).day)


def holds(chain: dict[str, Any] | None, facts: Facts) -> bool:
    """Whether a chainable condition holds: {condition} | {any: [...]} | {all: [...]}; None always holds."""
    if chain is None:
        return True
    if "any" in chain:
        return any(holds(c, facts) for c in chain["any"])
    if "all" in chain:
        return all(holds(c, facts) for c in chain["all"])
    condition = chain["condition"]
    left = facts.value(condition["fact"], condition["params"])
    right = (
        facts.value(condition["value_fact"], condition["params"])
        if condition["value_fact"]
        else int(condition["value"] or 0)
    )
    return bool(OPERATORS[condition["operator"]](left, right))


def action_amount(action: dict[str, Any], facts: Facts) -> int:
    """What one action moves, in cents, before its limit."""
    kind = action["type"]
    source = facts.account(action["source"]["id"])["balance"]
    destination = facts.account(action["destination"]["id"])["balance"]
    if kind == "fixed":
        return int(action["amount_in_cents"])
    if kind == "percentage":
        base = facts.transfer_amount if action["percentage_target"] == "incoming_amount" else source["balance_in_cents"]
        return int(base * action["percentage_value"] / 100)
    if kind == "top_up":
        return max(0, int(action["target_balance_in_cents"]) - int(destination["balance_in_cents"]))
    if kind == "round_down":
        return int(source["balance_in_cents"] % action["round_to_in_cents"])
    if kind == "next_payment_minimum":
        return int(destination["next_payment_minimum_in_cents"] or 0)
    if kind == "total_amount_due":
        return max(0, int(destination["balance_in_cents"]))
    if kind == "last_statement_balance":
        return int(destination["last_statement_balance_in_cents"] or 0)
    if kind == "percentage_liability_balance":
        return int(destination["balance_in_cents"] * action["percentage_value"] / 100)
    raise ValueError(f"unknown action type {kind!r}")


def apply_limit(store: Store, rule_id: str, action: dict[str, Any], amount: int) -> int:
    limit = action.get("limit")
    if not limit:
        return amount
    cap = int(limit["amount_in_cents"])
    if limit["period"] == "per_transfer":
        return min(amount, cap)
    since = (datetime.now(UTC) - PERIODS[limit["period"]]).strftime("%Y-%m-%dT%H:%M:%SZ")
    used = store.query(
        "SELECT COALESCE(SUM(amount_in_cents), 0) AS used FROM transfers WHERE rule_id = ? AND source_id = ?"
        " AND destination_id = ? AND created_at >= ? AND status NOT IN ('error', 'cancelled')",
        (rule_id, action["source"]["id"], action["destination"]["id"], since),
    )[0]["used"]
    return max(0, min(amount, cap - int(used)))


def start_execution(store: Store, org_id: str, rule: dict[str, Any], amount: int | None, settle_delay: float) -> str:
    """Record an ``in_progress`` execution, run the matching step's actions; returns the execution id."""
    execution_id = new_id("rex")
    trigger_type = rule["trigger"]["type"]
    details: dict[str, Any] = {"type": trigger_type}
    if trigger_type == "scheduled":
        details["scheduled_time"] = now()
    else:
        details["amount_in_cents"] = amount if trigger_type == "manual" else int(amount or 0)
    body: dict[str, Any] = {
        "id": execution_id,
        "rule_id": rule["id"],
        "rule_name": rule["nickname"],
        "trigger_type": trigger_type,
        "status": "in_progress",
        "trigger_details": details,
        "step_index_matched": None,
        "conditions_not_met": False,
        "transfers_attempted": 0,
        "transfers_completed": 0,
        "transfers_failed": 0,
        "transfers_pending": 0,
        "transfer_ids": [],
        "error_message": None,
        "created_at": now(),
        "completed_at": None,
    }
    with store.transaction() as db:
        db.execute(
            "INSERT INTO rule_executions (org_id, id, rule_id, status, trigger_type, body, created_at)"
            " VALUES (?, ?, ?, 'in_progress', ?, ?, ?)",
            (org_id, execution_id, rule["id"], trigger_type, json.dumps(body), body["created_at"]),
        )
    facts = Facts(store, org_id, int(amount or 0))
    errors: list[str] = []
    try:
        step_index = next((i for i, step in enumerate(rule["steps"]) if holds(step["conditions"], facts)), None)
    except LookupError as exc:
        step_index, errors = None, [str(exc)]
    transfer_ids: list[str] = []
    if step_index is not None:
        for action in rule["steps"][step_index]["actions"]:
            try:
                moved = apply_limit(store, rule["id"], action, action_amount(action, facts))
                if moved < MINIMUM_AMOUNT:
                    continue
                transfer = create_transfer(
                    store,
                    org_id,
                    source_id=action["source"]["id"],
                    destination_id=action["destination"]["id"],
                    amount=moved,
                    description=f"{rule['nickname']}: {action['type']}",
                    origin="rule",
                    settle_delay=settle_delay,
                    rule_id=rule["id"],
                    execution_id=execution_id,
                )
                transfer_ids.append(transfer["id"])
            except (ValueError, LookupError) as exc:
                errors.append(str(exc))
    with store.transaction() as db:
        row = db.execute("SELECT body FROM rule_executions WHERE id = ?", (execution_id,)).fetchone()
        current = json.loads(row["body"])
        current.update(
            step_index_matched=step_index,
            conditions_not_met=step_index is None and not errors,
            transfers_attempted=len(transfer_ids),
            transfer_ids=transfer_ids,
            error_message="; ".join(errors) or None,
        )
        db.execute("UPDATE rule_executions SET body = ? WHERE id = ?", (json.dumps(current), execution_id))
        refresh_execution(db, execution_id)
    return execution_id
