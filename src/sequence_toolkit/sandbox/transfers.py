"""Transfers: created as ``processing``, settled later in one transaction with the balances.

A settlement moves the money and sets the final status together, so a crash
leaves either both or neither; transfers still ``processing`` at start-up are
settled again (:func:`settle_pending`).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from datetime import UTC, datetime
from typing import Any

from .store import Store

MINIMUM_AMOUNT = 100


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(8).upper()}"


def direction(source: sqlite3.Row, destination: sqlite3.Row) -> str:
    if source["type"] == "external_account":
        return "money_in"
    if destination["type"] == "external_account":
        return "money_out"
    return "internal"


def create_transfer(
    store: Store,
    org_id: str,
    *,
    source_id: str,
    destination_id: str,
    amount: int,
    description: str | None,
    origin: str,
    settle_delay: float,
    rule_id: str | None = None,
    execution_id: str | None = None,
) -> dict[str, Any]:
    """Insert a ``processing`` transfer and schedule its settlement; ValueError names what is wrong."""
    if amount < MINIMUM_AMOUNT:
        raise ValueError(f"amount_in_cents must be at least {MINIMUM_AMOUNT}")
    if source_id == destination_id:
        raise ValueError("source_account_id and destination_account_id must differ")
    transfer_id = new_id("txr")
    with store.transaction() as db:
        accounts = {
            r["id"]: r
            for r in db.execute(
                "SELECT * FROM accounts WHERE org_id = ? AND id IN (?, ?)", (org_id, source_id, destination_id)
            )
        }
        for field, ident in (("source_account_id", source_id), ("destination_account_id", destination_id)):
            if ident not in accounts:
                raise ValueError(f"{field}: no account '{ident}' in this organization")
        if not accounts[source_id]["can_be_source"]:
            raise ValueError(f"source_account_id: account '{source_id}' cannot be a transfer source")
        if not accounts[destination_id]["can_be_destination"]:
            raise ValueError(f"destination_account_id: account '{destination_id}' cannot be a transfer destination")
        db.execute(
            "INSERT INTO transfers (org_id, id, amount_in_cents, direction, origin, status, source_id, destination_id,"
            " description, rule_id, rule_execution_id, created_at)"
            " VALUES (?, ?, ?, ?, ?, 'processing', ?, ?, ?, ?, ?, ?)",
            (
                org_id,
                transfer_id,
                amount,
                direction(accounts[source_id], accounts[destination_id]),
                origin,
                source_id,
                destination_id,
                description,
                rule_id,
                execution_id,
                now(),
            ),
        )
    schedule_settlement(store, transfer_id, settle_delay)
    transfer = store.transfer(org_id, transfer_id)
    assert transfer is not None
    return transfer


def schedule_settlement(store: Store, transfer_id: str, delay: float) -> None:
    if delay <= 0:
        settle(store, transfer_id)
        return
    timer = threading.Timer(delay, settle, args=(store, transfer_id))
    timer.daemon = True
    timer.start()


def settle(store: Store, transfer_id: str) -> None:
    """Complete the transfer and move the money, or fail it with insufficient_funds; all at once."""
    try:
        with store.transaction() as db:
            row = db.execute("SELECT * FROM transfers WHERE id = ?", (transfer_id,)).fetchone()
            if row is None or row["status"] != "processing":
                return
            source = db.execute("SELECT * FROM accounts WHERE id = ?", (row["source_id"],)).fetchone()
            destination = db.execute("SELECT * FROM accounts WHERE id = ?", (row["destination_id"],)).fetchone()
            amount, stamp = row["amount_in_cents"], now()
            if spendable(source) < amount:
                db.execute(
                    "UPDATE transfers SET status = 'error', error_code = 'insufficient_funds', completed_at = ?"
                    " WHERE id = ?",
                    (stamp, transfer_id),
                )
            else:
                _move(db, source, -amount, stamp)
                # paying a liability lowers what is owed; any other destination gains the money
                _move(
                    db, destination, -amount if destination["external_account_type"] == "LIABILITY" else amount, stamp
                )
                db.execute(
                    "UPDATE transfers SET status = 'complete', completed_at = ? WHERE id = ?", (stamp, transfer_id)
                )
            if row["rule_execution_id"]:
                refresh_execution(db, row["rule_execution_id"])
    except sqlite3.ProgrammingError:  # the store was closed (server stopping): settle_pending picks it up
        return


def spendable(account: sqlite3.Row) -> int:
    """What a transfer may take: the available balance where the account reports one (the ledger balance less
    the holds on it), else the ledger balance. Settling moves both by the amount, so the holds stay the same."""
    available = account["available_balance_in_cents"]
    return int(account["balance_in_cents"] if available is None else available)


def _move(db: sqlite3.Connection, account: sqlite3.Row, delta: int, stamp: str) -> None:
    db.execute(
        "UPDATE accounts SET balance_in_cents = balance_in_cents + ?,"
        " available_balance_in_cents = CASE WHEN available_balance_in_cents IS NULL THEN NULL"
        " ELSE available_balance_in_cents + ? END, balance_last_updated_at = ?, updated_at = ? WHERE id = ?",
        (delta, delta, stamp, stamp, account["id"]),
    )


def refresh_execution(db: sqlite3.Connection, execution_id: str) -> None:
    """Recount an execution's transfers and finish it when none is in flight."""
    row = db.execute("SELECT body FROM rule_executions WHERE id = ?", (execution_id,)).fetchone()
    body = json.loads(row["body"])
    statuses = [
        r["status"] for r in db.execute("SELECT status FROM transfers WHERE rule_execution_id = ?", (execution_id,))
    ]
    completed = statuses.count("complete")
    failed = sum(s in ("error", "cancelled", "incomplete") for s in statuses)
    pending = len(statuses) - completed - failed
    body.update(transfers_completed=completed, transfers_failed=failed, transfers_pending=pending)
    if pending == 0:
        if failed == 0 and not body["error_message"]:
            body["status"] = "executed"
        else:
            body["status"] = "failed" if completed == 0 else "partial"
            body["error_message"] = body["error_message"] or "A transfer failed: insufficient_funds"
        body["completed_at"] = now()
    else:
        body.update(status="in_progress", completed_at=None)
    db.execute(
        "UPDATE rule_executions SET status = ?, body = ? WHERE id = ?", (body["status"], json.dumps(body), execution_id)
    )


def settle_pending(store: Store) -> int:
    """Settle every transfer left ``processing`` (after a restart); returns how many."""
    rows = store.query("SELECT id FROM transfers WHERE status = 'processing' ORDER BY seq")
    for row in rows:
        settle(store, row["id"])
    return len(rows)
