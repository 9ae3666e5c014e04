"""A sandbox process killed with SIGKILL mid-burst restarts with a consistent ledger."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from sequence_toolkit.contract.sandbox_target import free_port
from sequence_toolkit.keysfile import read_keys_file
from sequence_toolkit.permissions import PermissionModel

from ..conftest import BUNDLED

PAY, SAVE = "acc_01HDEF0123", "acc_01HKLM5678"


def start(tmp: Path, port: int, *extra: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "sequence_toolkit.sandbox", "--db", str(tmp / "db.sqlite"),
               "--keys", str(tmp / "keys.yaml"), "serve", "--port", str(port), "--rate-limit", "0", *extra]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/accounts", timeout=1)
            return process
        except httpx.TransportError:
            assert process.poll() is None, "the sandbox exited"
            time.sleep(0.05)
    process.kill()
    raise AssertionError("the sandbox did not start")


def ledger(db: Path) -> tuple[int, dict[str, int], list[tuple[str, str, str, int]]]:
    with sqlite3.connect(db) as conn:
        balances = dict(conn.execute("SELECT id, balance_in_cents FROM accounts WHERE id IN (?, ?)", (PAY, SAVE)))
        transfers = conn.execute(
            "SELECT status, source_id, destination_id, amount_in_cents FROM transfers WHERE created_at >= '2025'"
        ).fetchall()
    return sum(balances.values()), balances, transfers


def applied(transfers: list[tuple[str, str, str, int]], account: str) -> int:
    return sum((-a if s == account else a) for st, s, d, a in transfers if st == "complete" and account in (s, d))


def test_kill_during_a_burst_then_restart(tmp_path: Path) -> None:
    port = free_port()
    server = start(tmp_path, port, "--reset", "--settle-delay", "0.05")
    key = read_keys_file(tmp_path / "keys.yaml", PermissionModel.load(BUNDLED))[0].secret
    total_before, start_balances, _ = ledger(tmp_path / "db.sqlite")
    stop = threading.Event()

    def burst(source: str, target: str) -> None:
        headers = {"Authorization": f"ApiKey {key}"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}/api/v1", headers=headers) as http:
            while not stop.is_set():
                try:
                    http.post("/transfers", json={"source_account_id": source, "destination_account_id": target,
                                                  "amount_in_cents": 137}, timeout=2)  # fmt: skip
                except httpx.TransportError:
                    return

    threads = [threading.Thread(target=burst, args=pair) for pair in [(PAY, SAVE), (SAVE, PAY)] * 4]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    os.kill(server.pid, signal.SIGKILL)
    server.wait()
    stop.set()
    for thread in threads:
        thread.join()

    total, balances, transfers = ledger(tmp_path / "db.sqlite")
    assert transfers, "the burst created transfers before the kill"
    assert total == total_before, "no half-applied transfer: money is conserved"
    for account in (PAY, SAVE):
        assert balances[account] == start_balances[account] + applied(transfers, account)

    restarted = start(tmp_path, port, "--settle-delay", "0.05")  # same database, no --reset
    try:
        response = httpx.get(f"http://127.0.0.1:{port}/accounts/{PAY}", headers={"Authorization": f"ApiKey {key}"})
        assert response.status_code == 200, "the keys and data survived the restart"
        total, balances, transfers_after = ledger(tmp_path / "db.sqlite")
        assert len(transfers_after) == len(transfers)
        assert not [t for t in transfers_after if t[0] == "processing"], "processing transfers settled at start"
        assert total == total_before
        for account in (PAY, SAVE):
            assert balances[account] == start_balances[account] + applied(transfers_after, account)
    finally:
        restarted.terminate()
        restarted.wait(timeout=10)
