"""The sandbox's state: an embedded SQLite database, read back in the API's shapes.

Account details are stored as their last four digits only, so a full account or
routing number cannot leak: the API shape masks them as ``••••1234``.
Every table has an ``seq`` (insertion order) that cursors are built on, so paging
is stable while rows are added.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MASK = "••••"

SCHEMA = """
CREATE TABLE IF NOT EXISTS organizations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, org_id TEXT NOT NULL,
    name TEXT NOT NULL, type TEXT NOT NULL, description TEXT, external_account_type TEXT,
    beneficiary_name TEXT, institution_name TEXT, can_be_source INTEGER NOT NULL, can_be_destination INTEGER NOT NULL,
    routing_last4 TEXT, account_last4 TEXT,
    balance_in_cents INTEGER NOT NULL, available_balance_in_cents INTEGER,
    last_statement_balance_in_cents INTEGER, next_payment_minimum_in_cents INTEGER,
    next_payment_due_date TEXT, balance_last_updated_at TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rules (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, org_id TEXT NOT NULL,
    nickname TEXT NOT NULL, description TEXT, status TEXT NOT NULL, trigger TEXT NOT NULL, steps TEXT NOT NULL,
    source_id TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rule_executions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, org_id TEXT NOT NULL,
    rule_id TEXT NOT NULL, status TEXT NOT NULL, trigger_type TEXT NOT NULL, body TEXT NOT NULL,
    created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS transfers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, org_id TEXT NOT NULL,
    amount_in_cents INTEGER NOT NULL, direction TEXT NOT NULL, origin TEXT NOT NULL, status TEXT NOT NULL,
    source_id TEXT NOT NULL, destination_id TEXT NOT NULL, description TEXT,
    rule_id TEXT, rule_execution_id TEXT, error_code TEXT, created_at TEXT NOT NULL, completed_at TEXT);
CREATE INDEX IF NOT EXISTS transfers_source ON transfers (source_id, seq);
CREATE INDEX IF NOT EXISTS transfers_destination ON transfers (destination_id, seq);
CREATE TABLE IF NOT EXISTS cards (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, org_id TEXT NOT NULL,
    type TEXT NOT NULL, status TEXT NOT NULL, last_four TEXT NOT NULL, holder_name TEXT NOT NULL,
    expiration_date TEXT NOT NULL, account_id TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS card_transactions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, org_id TEXT NOT NULL, card_id TEXT NOT NULL,
    direction TEXT NOT NULL, amount_in_cents INTEGER NOT NULL, description TEXT NOT NULL, status TEXT NOT NULL,
    created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (
    key_id TEXT NOT NULL, idempotency_key TEXT NOT NULL, operation TEXT NOT NULL, request_hash TEXT NOT NULL,
    status_code INTEGER NOT NULL, response TEXT NOT NULL, created_at REAL NOT NULL,
    PRIMARY KEY (key_id, idempotency_key));
CREATE TABLE IF NOT EXISTS api_keys (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, org_id TEXT NOT NULL, name TEXT NOT NULL,
    key_hash TEXT UNIQUE NOT NULL, permissions TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT);
"""


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    end_cursor: int | None
    has_next_page: bool


class Store:
    """One SQLite database; safe to share between threads (one connection, one lock)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":  # owner only: it holds the organizations' data and the keys' hashes
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))  # SQLite gives -wal/-shm the same mode
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._lock = threading.RLock()
        self._depth = 0  # transactions open in the thread holding the lock
        self._refs: dict[str, dict[str, Any]] = {}
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing: a failure inside rolls every write back. A transaction opened
        inside another (same thread) joins it, so both commit or roll back together."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._db
                finally:
                    self._depth -= 1
                return
            self._db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0
            self._db.execute("COMMIT")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def is_empty(self) -> bool:
        return not self.query("SELECT 1 FROM organizations LIMIT 1")

    # --- paging -------------------------------------------------------------------------

    def page(
        self,
        table: str,
        where: str,
        params: Sequence[Any],
        *,
        first: int,
        after: int | None,
        newest_first: bool,
    ) -> tuple[list[sqlite3.Row], int | None, bool]:
        """Rows of one page, ordered by ``seq``; the cursor is the last row's ``seq``."""
        clauses, args = [where], list(params)
        if after is not None:
            clauses.append("seq < ?" if newest_first else "seq > ?")
            args.append(after)
        order = "DESC" if newest_first else "ASC"
        rows = self.query(
            f"SELECT * FROM {table} WHERE {' AND '.join(clauses)} ORDER BY seq {order} LIMIT ?", [*args, first + 1]
        )
        has_next = len(rows) > first
        rows = rows[:first]
        return rows, (rows[-1]["seq"] if rows else None), has_next

    # --- reads in API shape -------------------------------------------------------------

    def account(self, org_id: str, account_id: str) -> dict[str, Any] | None:
        rows = self.query("SELECT * FROM accounts WHERE org_id = ? AND id = ?", (org_id, account_id))
        return account_detail(rows[0]) if rows else None

    def account_ref(self, account_id: str) -> dict[str, Any]:
        """{id, type, name}: no operation changes these, so they are cached (lists would ask 2 per item)."""
        ref = self._refs.get(account_id)
        if ref is None:
            row = self.query("SELECT id, type, name FROM accounts WHERE id = ?", (account_id,))[0]
            ref = self._refs[account_id] = {"id": row["id"], "type": row["type"], "name": row["name"]}
        return dict(ref)

    def rule(self, org_id: str, rule_id: str) -> dict[str, Any] | None:
        rows = self.query("SELECT * FROM rules WHERE org_id = ? AND id = ?", (org_id, rule_id))
        return rule_detail(rows[0]) if rows else None

    def execution(self, org_id: str, execution_id: str) -> dict[str, Any] | None:
        rows = self.query("SELECT body FROM rule_executions WHERE org_id = ? AND id = ?", (org_id, execution_id))
        return dict(json.loads(rows[0]["body"])) if rows else None

    def transfer(self, org_id: str, transfer_id: str) -> dict[str, Any] | None:
        rows = self.query("SELECT * FROM transfers WHERE org_id = ? AND id = ?", (org_id, transfer_id))
        return self.transfer_detail(rows[0]) if rows else None

    def card(self, org_id: str, card_id: str) -> dict[str, Any] | None:
        rows = self.query("SELECT * FROM cards WHERE org_id = ? AND id = ?", (org_id, card_id))
        return card_detail(rows[0]) if rows else None

    def transfer_detail(self, row: sqlite3.Row) -> dict[str, Any]:
        return {
            "id": row["id"],
            "amount_in_cents": row["amount_in_cents"],
            "direction": row["direction"],
            "origin": row["origin"],
            "status": row["status"],
            "source": self.account_ref(row["source_id"]),
            "destination": self.account_ref(row["destination_id"]),
            "description": row["description"],
            "rule_id": row["rule_id"],
            "rule_execution_id": row["rule_execution_id"],
            "error_code": row["error_code"],
            "created_at": row["created_at"],
            "completed_at": row["completed_at"],
        }


def mask(last4: str | None) -> str | None:
    return None if last4 is None else MASK + last4


def account_summary(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "type": row["type"],
        "description": row["description"],
        "external_account_type": row["external_account_type"],
        "beneficiary_name": row["beneficiary_name"],
        "institution_name": row["institution_name"],
        "can_be_source": bool(row["can_be_source"]),
        "can_be_destination": bool(row["can_be_destination"]),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def account_detail(row: sqlite3.Row) -> dict[str, Any]:
    summary = account_summary(row)
    updated_at = summary.pop("updated_at")
    created_at = summary.pop("created_at")
    return {
        **summary,
        "routing_number": mask(row["routing_last4"]),
        "bank_account_number": mask(row["account_last4"]),
        "balance": {
            "balance_in_cents": row["balance_in_cents"],
            "available_balance_in_cents": row["available_balance_in_cents"],
            "last_statement_balance_in_cents": row["last_statement_balance_in_cents"],
            "next_payment_minimum_in_cents": row["next_payment_minimum_in_cents"],
            "next_payment_due_date": row["next_payment_due_date"],
            "balance_last_updated_at": row["balance_last_updated_at"],
        },
        "created_at": created_at,
        "updated_at": updated_at,
    }


def rule_summary(row: sqlite3.Row, source: dict[str, Any]) -> dict[str, Any]:
    trigger = json.loads(row["trigger"])
    return {
        "id": row["id"],
        "nickname": row["nickname"],
        "description": row["description"],
        "status": row["status"],
        "trigger_type": trigger["type"],
        "source": source,
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def rule_detail(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "nickname": row["nickname"],
        "description": row["description"],
        "status": row["status"],
        "trigger": json.loads(row["trigger"]),
        "steps": json.loads(row["steps"]),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def card_detail(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "type": row["type"],
        "status": row["status"],
        "last_four": row["last_four"],
        "holder_name": row["holder_name"],
        "expiration_date": row["expiration_date"],
        "account_id": row["account_id"],
        "created_at": row["created_at"],
    }


def card_transaction(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "card_id": row["card_id"],
        "direction": row["direction"],
        "amount_in_cents": row["amount_in_cents"],
        "description": row["description"],
        "status": row["status"],
        "created_at": row["created_at"],
    }
