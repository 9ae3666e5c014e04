"""`sequence-sandbox` as a new user drives it: the base URL it prints, keys beside the database, a busy port."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from sequence_toolkit.contract.sandbox_target import free_port
from sequence_toolkit.keysfile import read_keys_file
from sequence_toolkit.permissions import PermissionModel

from ..conftest import BUNDLED, REPO

MODEL = PermissionModel.load(BUNDLED)
CLI = [sys.executable, "-m", "sequence_toolkit.sandbox"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=60)


@contextmanager
def serving(cwd: Path, *args: str) -> Iterator[tuple[str, str]]:
    """``serve`` in a subprocess; yields the base URL it printed and everything it printed before."""
    port = free_port()
    command = [*CLI, *args, "serve", "--port", str(port), "--rate-limit", "0"]
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        printed = ""
        while "serving" not in printed:
            line = process.stdout.readline()
            assert line, f"the sandbox exited: {printed}"
            printed += line
        found = re.search(r"serving (http://\S+)", printed)
        assert found, printed
        yield found.group(1), printed
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_prints_the_spec_base_url_and_keys_go_beside_the_database(tmp_path: Path) -> None:
    with serving(tmp_path, "--db", "other/other.db") as (base_url, printed):
        assert base_url.endswith("/api/v1")
        keys_file = tmp_path / "other" / "keys.yaml"
        demo = read_keys_file(keys_file, MODEL)
        assert not any(key.secret in printed for key in demo), "a secret was printed"
        full = {"Authorization": f"ApiKey {demo[0].secret}"}
        assert httpx.get(base_url + "/accounts", headers=full).status_code == 200
        # the README's order: then create a key, naming the database after the command
        created = run(
            "keys", "create", "--db", "other/other.db", "--name", "ci", "--permission", "LIST_ACCOUNTS", cwd=tmp_path
        )
        assert created.returncode == 0, created.stderr
        keys = read_keys_file(keys_file, MODEL)
        assert [k.name for k in keys] == [k.name for k in demo] + ["ci"]
        assert keys[-1].secret not in created.stdout + created.stderr
        response = httpx.get(base_url + "/accounts", headers={"Authorization": f"ApiKey {keys[-1].secret}"})
        assert response.status_code == 200, "the new key must work on the running server"
        # revoked: refused at once, and the keys file says so (a contract run reading it must not use the key)
        revoked = run("--db", "other/other.db", "keys", "revoke", "ci", cwd=tmp_path)
        assert revoked.returncode == 0, revoked.stderr
        response = httpx.get(base_url + "/accounts", headers={"Authorization": f"ApiKey {keys[-1].secret}"})
        assert response.status_code == 401
        after = read_keys_file(keys_file, MODEL)
        assert [(k.name, k.revoked) for k in after] == [(k.name, k.revoked) for k in keys[:-1]] + [("ci", True)]
    assert not (tmp_path / ".sandbox").exists(), "no other database may have been created"


def test_keys_commands_never_create_a_database(tmp_path: Path) -> None:
    for args in (["keys", "list"], ["--db", "x.db", "keys", "list"], ["keys", "create", "--db", "x.db", "--name", "n"]):
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2 and "no sandbox database at" in result.stderr, result
    assert list(tmp_path.iterdir()) == []


def test_keys_of_another_organizations_resources_are_refused(tmp_path: Path) -> None:
    with serving(tmp_path):
        before = (tmp_path / ".sandbox" / "keys.yaml").read_text()
        for permission in (
            "READ_ACCOUNTS=acc_01HDEF0123,acc_02HAAA0001",
            "MANUAL_TRANSFER=acc_01HDEF0123>acc_02HAAA0002",
        ):
            result = run("keys", "create", "--name", "x", "--permission", permission, cwd=tmp_path)
            assert result.returncode == 2
            assert "acc_02HAAA" in result.stderr and "another organization" in result.stderr
        assert (tmp_path / ".sandbox" / "keys.yaml").read_text() == before
        listed = run("keys", "list", cwd=tmp_path).stdout
        assert "name: x" not in listed


def test_a_new_database_says_it_replaced_the_old_keys_file(tmp_path: Path) -> None:
    with serving(tmp_path):
        pass
    with serving(tmp_path, "--keys", ".sandbox/keys.yaml") as (_, printed):
        assert "replaced" not in printed  # the same database: its keys file stays
    (tmp_path / ".sandbox" / "sandbox.db").unlink()
    with serving(tmp_path) as (_, printed):
        assert "replaced .sandbox/keys.yaml" in printed


def test_a_busy_port_is_one_clear_error_and_nothing_is_served(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", "--port", str(port), cwd=tmp_path)
    assert result.returncode == 2
    assert f"127.0.0.1:{port}" in result.stderr and "serving" not in result.stdout
    assert not (tmp_path / ".sandbox").exists()


def test_make_sandbox_passes_its_options() -> None:
    dry = subprocess.run(
        ["make", "-n", "sandbox", "RATE_LIMIT=0", "RESET=1", "SETTLE_DELAY=0.1", "KEYS=k.yaml", "DB=o.db"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in dry.splitlines() if "sequence_toolkit.sandbox" in line)
    for option in ("--db o.db", "--keys k.yaml", "--rate-limit 0", "--reset", "--settle-delay 0.1"):
        assert option in line, line
