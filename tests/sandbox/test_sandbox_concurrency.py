"""50 requests at once over loopback: one effect per Idempotency-Key; no overdraft; money conserved."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from ..sandbox_server import RunningSandbox, run_sandbox

PAY, SAVE, TRIP = "acc_01HDEF0123", "acc_01HKLM5678", "acc_01HTUV0003"


def post_transfer(
    sandbox: RunningSandbox, body: dict[str, object], idempotency_key: str | None = None
) -> httpx.Response:
    headers = {"Authorization": f"ApiKey {sandbox.keys['full_access']}"}
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    return httpx.post(f"{sandbox.base_url}/transfers", json=body, headers=headers, timeout=30)


def balances(sandbox: RunningSandbox) -> dict[str, int]:
    return {r["id"]: r["balance_in_cents"] for r in sandbox.store.query("SELECT id, balance_in_cents FROM accounts")}


def wait_settled(sandbox: RunningSandbox) -> None:
    deadline = time.monotonic() + 15
    while sandbox.store.query("SELECT 1 FROM transfers WHERE status = 'processing' LIMIT 1"):
        assert time.monotonic() < deadline, "transfers still processing"
        time.sleep(0.05)


def test_one_idempotency_key_fifty_requests_one_transfer(tmp_path: Path) -> None:
    with run_sandbox(tmp_path) as sandbox:
        before = sandbox.store.query("SELECT COUNT(*) AS n FROM transfers")[0]["n"]
        key = str(uuid.uuid4())
        body = {"source_account_id": PAY, "destination_account_id": SAVE, "amount_in_cents": 1000}
        with ThreadPoolExecutor(max_workers=50) as pool:
            responses = list(pool.map(lambda _: post_transfer(sandbox, body, key), range(50)))
        statuses = {r.status_code for r in responses}
        assert statuses <= {202, 409}, statuses
        ids = {r.json()["data"]["id"] for r in responses if r.status_code == 202}
        assert len(ids) == 1
        assert sandbox.store.query("SELECT COUNT(*) AS n FROM transfers")[0]["n"] == before + 1


def test_fifty_transfers_that_overdraw_never_overdraw_and_conserve_money(tmp_path: Path) -> None:
    with run_sandbox(tmp_path) as sandbox:
        start = balances(sandbox)
        assert start[TRIP] == 5000
        body = {"source_account_id": TRIP, "destination_account_id": SAVE, "amount_in_cents": 200}
        with ThreadPoolExecutor(max_workers=50) as pool:
            responses = list(pool.map(lambda _: post_transfer(sandbox, body), range(50)))
        assert all(r.status_code == 202 for r in responses)
        wait_settled(sandbox)
        end = balances(sandbox)
        complete = sandbox.store.query(
            "SELECT COUNT(*) AS n FROM transfers WHERE source_id = ? AND status = 'complete'", (TRIP,)
        )[0]["n"]
        failed = sandbox.store.query(
            "SELECT COUNT(*) AS n FROM transfers WHERE source_id = ? AND error_code = 'insufficient_funds'"
            " AND created_at >= '2025'",
            (TRIP,),
        )[0]["n"]
        assert end[TRIP] >= 0
        assert complete == 25 and failed == 25
        assert end[TRIP] + end[SAVE] == start[TRIP] + start[SAVE]
        assert end[TRIP] == start[TRIP] - 200 * complete
