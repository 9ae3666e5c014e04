"""Deterministic seed data: two organizations, with the seeds' own example objects.

``acc_01HGHI7890`` ("Amex Gold ••1234") and ``card_01HABC4567`` are exactly the
objects of the seed pages, so the seeds' curl examples return the seeds' bodies.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any, NamedTuple

from .store import Store


def rule_source(trigger: dict[str, Any], steps: list[dict[str, Any]]) -> str:
    """The account a rule is attached to: its trigger's account, else its first action's source."""
    account_id = trigger.get("account_id") or steps[0]["actions"][0]["source"]["id"]
    return str(account_id)


ORG_DEMO = "org_01HDEMO0001"
ORG_OTHER = "org_01HOTHER002"


class AccountRow(NamedTuple):
    org_id: str
    id: str
    name: str
    type: str
    description: str | None
    external_account_type: str | None
    beneficiary_name: str | None
    institution_name: str | None
    can_be_source: bool
    can_be_destination: bool
    routing_last4: str | None
    account_last4: str | None
    balance_in_cents: int
    available_balance_in_cents: int | None
    last_statement_balance_in_cents: int | None
    next_payment_minimum_in_cents: int | None
    next_payment_due_date: str | None
    balance_last_updated_at: str | None
    created_at: str
    updated_at: str


class RuleRow(NamedTuple):
    org_id: str
    id: str
    nickname: str
    description: str | None
    status: str
    trigger: dict[str, Any]
    steps: list[dict[str, Any]]
    created_at: str


class TransferRow(NamedTuple):
    org_id: str
    id: str
    amount_in_cents: int
    direction: str
    origin: str
    status: str
    source_id: str
    destination_id: str
    description: str | None
    rule_id: str | None
    rule_execution_id: str | None
    error_code: str | None
    created_at: str
    completed_at: str | None


class ExecutionRow(NamedTuple):
    org_id: str
    id: str
    rule_id: str
    body: dict[str, Any]


class CardRow(NamedTuple):
    org_id: str
    id: str
    type: str
    status: str
    last_four: str
    holder_name: str
    expiration_date: str
    account_id: str
    created_at: str


class CardTransactionRow(NamedTuple):
    org_id: str
    id: str
    card_id: str
    direction: str
    amount_in_cents: int
    description: str
    status: str
    created_at: str


T0 = "2024-01-15T10:00:00Z"

ACCOUNTS: list[AccountRow] = [AccountRow(*row) for row in [
    (ORG_DEMO, "acc_01HDEF0123", "Paycheck", "income_source", "Salary from Acme Corp", None, "John Smith",
     "Sequence", True, True, "0009", "4321", 750000, 750000, None, None, None, "2024-04-23T06:00:00Z",
     T0, "2024-04-23T06:00:00Z"),
    (ORG_DEMO, "acc_01HGHI7890", "Amex Gold ••1234", "external_account", None, "LIABILITY", "John Smith",
     "American Express", False, True, "0021", "1234", 245000, None, 198000, 3500, "2024-05-15",
     "2024-04-23T06:00:00Z", "2024-01-20T11:00:00Z", "2024-04-23T06:00:00Z"),
    (ORG_DEMO, "acc_01HKLM5678", "Savings", "pod", "Rainy-day fund", None, "John Smith", "Sequence", True, True,
     None, None, 120000, 120000, None, None, None, "2024-04-23T06:00:00Z", "2024-01-16T09:00:00Z",
     "2024-04-23T06:00:00Z"),
    (ORG_DEMO, "acc_01HNOP0001", "Bills", "pod", None, None, "John Smith", "Sequence", True, True, None, None,
     80000, 80000, None, None, None, "2024-04-23T06:00:00Z", "2024-01-16T09:05:00Z", "2024-04-23T06:00:00Z"),
    (ORG_DEMO, "acc_01HQRS0002", "Chase Checking ••9876", "external_account", "Everyday checking", "ASSET",
     "John Smith", "JPMorgan Chase", True, True, "0013", "9876", 310000, 305000, None, None, None,
     "2024-04-23T06:00:00Z", "2024-01-17T08:00:00Z", "2024-04-23T06:00:00Z"),
    (ORG_DEMO, "acc_01HTUV0003", "Vacation", "pod", None, None, "John Smith", "Sequence", True, True, None, None,
     5000, 5000, None, None, None, "2024-04-23T06:00:00Z", "2024-02-01T08:00:00Z", "2024-04-23T06:00:00Z"),
    (ORG_OTHER, "acc_02HAAA0001", "Freelance income", "income_source", None, None, "Ada Lovelace", "Sequence",
     True, True, "0042", "7777", 420000, 420000, None, None, None, "2024-04-23T06:00:00Z", T0,
     "2024-04-23T06:00:00Z"),
    (ORG_OTHER, "acc_02HAAA0002", "Taxes", "pod", None, None, "Ada Lovelace", "Sequence", True, True, None, None,
     90000, 90000, None, None, None, "2024-04-23T06:00:00Z", T0, "2024-04-23T06:00:00Z"),
]]  # fmt: skip


def _ref(account_id: str) -> dict[str, str]:
    for row in ACCOUNTS:
        if row[1] == account_id:
            return {"id": row[1], "type": row[3], "name": row[2]}
    raise KeyError(account_id)


def _condition(fact: str, operator: str, value: int, account_id: str | None = None) -> dict[str, Any]:
    params = {"account_id": account_id} if account_id else None
    return {"condition": {"fact": fact, "operator": operator, "value": value, "value_fact": None, "params": params}}


def _action(
    kind: str, source: str, destination: str, limit: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    return {"type": kind, "source": _ref(source), "destination": _ref(destination), "limit": limit, **extra}


PAY, AMEX, SAVE, BILLS, CHASE, TRIP = (
    "acc_01HDEF0123", "acc_01HGHI7890", "acc_01HKLM5678", "acc_01HNOP0001", "acc_01HQRS0002", "acc_01HTUV0003",
)  # fmt: skip

# (org, id, nickname, description, status, trigger, steps, created)
SEED_RULES: list[RuleRow] = [RuleRow(*row) for row in [  # type: ignore[arg-type]
    (ORG_DEMO, "rule_01HJKL2345", "Pay the Amex", "Pays the card's minimum when the paycheck arrives.", "enabled",
     {"type": "on_funds_transferred", "account_id": PAY},
     [{"conditions": {"all": [_condition("transfer_amount", "greater_than_or_equal", 100000),
                              {"any": [_condition("balance", "greater_than", 50000, PAY),
                                       _condition("date", "less_than_or_equal", 31)]}]},
       "actions": [_action("next_payment_minimum", PAY, AMEX),
                   _action("percentage", PAY, SAVE, {"period": "per_month", "amount_in_cents": 50000},
                           percentage_value=10, percentage_target="incoming_amount")]},
      {"conditions": None, "actions": [_action("fixed", PAY, SAVE, None, amount_in_cents=5000)]}],
     "2024-02-01T09:00:00Z"),
    (ORG_DEMO, "rule_01HJKL2346", "Top up bills", "Keeps the bills pod at $1,000.", "enabled",
     {"type": "manual", "account_id": PAY},
     [{"conditions": _condition("balance", "greater_than", 20000, PAY),
       "actions": [_action("top_up", PAY, BILLS, None, target_balance_in_cents=100000)]}],
     "2024-02-02T09:00:00Z"),
    (ORG_DEMO, "rule_01HJKL2347", "Weekly round-down", "Sweeps loose change into savings.", "enabled",
     {"type": "scheduled", "schedule_type": "weekly", "start_date": "2024-02-05", "account_id": CHASE},
     [{"conditions": None, "actions": [_action("round_down", CHASE, SAVE, None, round_to_in_cents=10000)]}],
     "2024-02-03T09:00:00Z"),
    (ORG_DEMO, "rule_01HJKL2348", "Vacation fund (paused)", None, "disabled",
     {"type": "manual", "account_id": PAY},
     [{"conditions": None, "actions": [_action("fixed", PAY, TRIP, None, amount_in_cents=2500)]}],
     "2024-02-04T09:00:00Z"),
    (ORG_DEMO, "rule_01HJKL2349", "Pay statement", "Pays the last statement from checking.", "enabled",
     {"type": "scheduled", "schedule_type": "monthly", "start_date": "2024-03-01", "account_id": None},
     [{"conditions": None, "actions": [
         _action("last_statement_balance", CHASE, AMEX, {"period": "per_transfer", "amount_in_cents": 500000})]}],
     "2024-02-05T09:00:00Z"),
    (ORG_OTHER, "rule_02HBBB0001", "Save for taxes", "30% of income to taxes.", "enabled",
     {"type": "on_funds_transferred", "account_id": "acc_02HAAA0001"},
     [{"conditions": None, "actions": [_action("percentage", "acc_02HAAA0001", "acc_02HAAA0002", None,
                                               percentage_value=30, percentage_target="incoming_amount")]}],
     "2024-02-01T09:00:00Z"),
]]  # fmt: skip

TRANSFERS: list[TransferRow] = [TransferRow(*row) for row in [
    (ORG_DEMO, "txr_01HPQR1230", 350000, "money_in", "paycheck", "complete", CHASE, PAY, "Acme Corp payroll", None,
     None, None, "2024-04-15T07:59:00Z", "2024-04-15T07:59:30Z"),
    (ORG_DEMO, "txr_01HPQR1234", 3500, "money_out", "rule", "complete", PAY, AMEX, None, "rule_01HJKL2345",
     "rex_01HMNO6789", None, "2024-04-15T08:00:01Z", "2024-04-15T08:00:05Z"),
    (ORG_DEMO, "txr_01HPQR1235", 35000, "internal", "rule", "complete", PAY, SAVE, None, "rule_01HJKL2345",
     "rex_01HMNO6789", None, "2024-04-15T08:00:02Z", "2024-04-15T08:00:05Z"),
    (ORG_DEMO, "txr_01HPQR1236", 20000, "internal", "user", "error", SAVE, TRIP, "Trip", None, None,
     "insufficient_funds", "2024-04-18T12:00:00Z", "2024-04-18T12:00:02Z"),
    (ORG_DEMO, "txr_01HPQR1237", 15000, "internal", "user", "cancelled", PAY, BILLS, None, None, None, None,
     "2024-04-19T12:00:00Z", "2024-04-19T12:10:00Z"),
    (ORG_DEMO, "txr_01HPQR1238", 9000, "money_out", "user", "pending_approval", CHASE, AMEX, "Extra payment", None,
     None, None, "2024-04-21T12:00:00Z", None),
    (ORG_OTHER, "txr_02HCCC0001", 126000, "internal", "rule", "complete", "acc_02HAAA0001", "acc_02HAAA0002", None,
     "rule_02HBBB0001", "rex_02HDDD0001", None, "2024-04-10T08:00:00Z", "2024-04-10T08:00:04Z"),
]]  # fmt: skip


def _execution(
    org: str, ex_id: str, rule_id: str, name: str, trigger_details: dict[str, Any], status: str,
    step: int | None, transfer_ids: list[str], created: str, completed: str | None,
) -> tuple[str, str, str, dict[str, Any]]:  # fmt: skip
    done = len(transfer_ids) if status == "executed" else 0
    body = {
        "id": ex_id,
        "rule_id": rule_id,
        "rule_name": name,
        "trigger_type": trigger_details["type"],
        "status": status,
        "trigger_details": trigger_details,
        "step_index_matched": step,
        "conditions_not_met": status == "executed" and step is None,
        "transfers_attempted": len(transfer_ids),
        "transfers_completed": done,
        "transfers_failed": len(transfer_ids) - done if status in ("failed", "partial") else 0,
        "transfers_pending": 0,
        "transfer_ids": transfer_ids,
        "error_message": "A transfer failed: insufficient_funds" if status == "failed" else None,
        "created_at": created,
        "completed_at": completed,
    }
    return org, ex_id, rule_id, body


EXECUTIONS: list[ExecutionRow] = [ExecutionRow(*row) for row in [
    _execution(ORG_DEMO, "rex_01HMNO6789", "rule_01HJKL2345", "Pay the Amex",
               {"type": "on_funds_transferred", "amount_in_cents": 350000}, "executed", 0,
               ["txr_01HPQR1234", "txr_01HPQR1235"], "2024-04-15T08:00:00Z", "2024-04-15T08:00:05Z"),
    _execution(ORG_DEMO, "rex_01HMNO6790", "rule_01HJKL2346", "Top up bills",
               {"type": "manual", "amount_in_cents": None}, "executed", None, [],
               "2024-04-16T08:00:00Z", "2024-04-16T08:00:01Z"),
    _execution(ORG_DEMO, "rex_01HMNO6791", "rule_01HJKL2347", "Weekly round-down",
               {"type": "scheduled", "scheduled_time": "2024-04-22T06:00:00Z"}, "failed", 0, [],
               "2024-04-22T06:00:00Z", "2024-04-22T06:00:03Z"),
    _execution(ORG_OTHER, "rex_02HDDD0001", "rule_02HBBB0001", "Save for taxes",
               {"type": "on_funds_transferred", "amount_in_cents": 420000}, "executed", 0, ["txr_02HCCC0001"],
               "2024-04-10T08:00:00Z", "2024-04-10T08:00:04Z"),
]]  # fmt: skip

CARDS: list[CardRow] = [CardRow(*row) for row in [
    (ORG_DEMO, "card_01HABC4567", "physical", "active", "4242", "John Smith", "09/28", PAY, T0),
    (ORG_DEMO, "card_01HABC4568", "virtual", "frozen", "1881", "John Smith", "03/27", CHASE, "2024-02-10T10:00:00Z"),
    (ORG_OTHER, "card_02HEEE0001", "virtual", "active", "5005", "Ada Lovelace", "11/29", "acc_02HAAA0001", T0),
]]  # fmt: skip

CARD_TRANSACTIONS: list[CardTransactionRow] = [CardTransactionRow(*row) for row in [
    (ORG_DEMO, "ctx_01HABC7000", "card_01HABC4567", "debit", 4599, "Whole Foods Market", "posted",
     "2024-04-20T18:10:00Z"),
    (ORG_DEMO, "ctx_01HABC7001", "card_01HABC4567", "debit", 1250, "Blue Bottle Coffee", "posted",
     "2024-04-21T08:30:00Z"),
    (ORG_DEMO, "ctx_01HABC7002", "card_01HABC4567", "credit", 4599, "Whole Foods Market refund", "pending",
     "2024-04-22T09:00:00Z"),
    (ORG_OTHER, "ctx_02HFFF0001", "card_02HEEE0001", "debit", 999, "Bookshop", "posted", "2024-04-21T10:00:00Z"),
]]  # fmt: skip


def seed(store: Store) -> None:
    """Fill an empty database with the demo data (one transaction)."""
    with store.transaction() as db:
        _seed(db)


def _seed(db: sqlite3.Connection) -> None:
    db.executemany(
        "INSERT INTO organizations (id, name) VALUES (?, ?)",
        [(ORG_DEMO, "Demo household"), (ORG_OTHER, "Other household")],
    )
    _insert(db, "accounts", ACCOUNTS)
    db.executemany(
        "INSERT INTO rules (org_id, id, nickname, description, status, trigger, steps, source_id, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (r.org_id, r.id, r.nickname, r.description, r.status, json.dumps(r.trigger), json.dumps(r.steps),
             rule_source(r.trigger, r.steps), r.created_at, r.created_at)
            for r in SEED_RULES
        ],
    )  # fmt: skip
    db.executemany(
        "INSERT INTO rule_executions (org_id, id, rule_id, status, trigger_type, body, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                e.org_id,
                e.id,
                e.rule_id,
                e.body["status"],
                e.body["trigger_type"],
                json.dumps(e.body),
                e.body["created_at"],
            )
            for e in EXECUTIONS
        ],
    )
    for table, rows in (("transfers", TRANSFERS), ("cards", CARDS), ("card_transactions", CARD_TRANSACTIONS)):
        _insert(db, table, rows)


def _insert(db: sqlite3.Connection, table: str, rows: Sequence[NamedTuple]) -> None:
    """INSERT the records into ``table``; their field names are its columns."""
    fields = rows[0]._fields
    db.executemany(f"INSERT INTO {table} ({', '.join(fields)}) VALUES ({', '.join('?' * len(fields))})", rows)
