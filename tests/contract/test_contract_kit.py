"""The contract kit's interface: keys-file errors before any request, the CLI over real loopback HTTP with a
JUnit report, and the pytest fixture in process."""

from __future__ import annotations

import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from sequence_toolkit.contract import Options, Target, run
from sequence_toolkit.contract.pytest_plugin import run_contract
from sequence_toolkit.contract.sandbox_target import sandbox_in_process, sandbox_over_http, start_sandbox_process
from sequence_toolkit.keysfile import KeysFileError, read_keys_file, write_keys_file
from sequence_toolkit.permissions import PermissionModel
from sequence_toolkit.spec import load_document

from ..conftest import BUNDLED, REPO

SPEC: dict[str, Any] = load_document(BUNDLED)


def no_requests_target(sent: list[httpx.Request]) -> Target:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    return Target("http://nowhere.invalid", httpx.Client(transport=httpx.MockTransport(handler)))


@pytest.mark.parametrize(
    "keys, message",
    [
        (None, "no keys file"),
        ({"keys": [{"name": "a", "key": "k", "organization": "o"}]}, r"keys\[0\]: missing `permissions`"),
        ({"keys": [{"name": "a", "key": "k", "organization": "o", "permissions": []}]}, "no full-access key"),
    ],
)
def test_a_bad_keys_file_is_refused_before_any_request(tmp_path: Path, keys: Any, message: str) -> None:
    path = tmp_path / "keys.yaml"
    if keys is not None:
        path.write_text(yaml.safe_dump(keys))
    sent: list[httpx.Request] = []
    with pytest.raises(KeysFileError, match=message):
        run(SPEC, no_requests_target(sent), path, Options())
    assert sent == []


def test_keys_file_without_a_no_permission_key_names_the_role(tmp_path: Path) -> None:
    with sandbox_in_process(SPEC) as (_, keys):
        issued = read_keys_file(keys, PermissionModel.from_spec(SPEC))
    path = tmp_path / "keys.yaml"
    write_keys_file(path, [k for k in issued if k.entries or k.revoked])
    with pytest.raises(KeysFileError, match=r"no key with no permissions"):
        run(SPEC, no_requests_target([]), path, Options())


def test_unknown_operation_or_phase_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown operation"):
        run(SPEC, no_requests_target([]), tmp_path / "k.yaml", Options(operations=("getAccounts",)))
    with pytest.raises(ValueError, match="unknown phase"):
        run(SPEC, no_requests_target([]), tmp_path / "k.yaml", Options(phases=("fuzz",)))


def contract_cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sequence_toolkit.contract", *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)


def test_cli_url_needs_keys() -> None:
    result = contract_cli("--url", "http://127.0.0.1:9")
    assert result.returncode == 2
    assert "--url needs --keys" in result.stderr


def test_cli_on_a_url_nothing_answers_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    with sandbox_in_process(SPEC) as (_, keys):
        (tmp_path / "keys.yaml").write_bytes(keys.read_bytes())
    result = contract_cli("--url", "http://127.0.0.1:9/api/v1", "--keys", str(tmp_path / "keys.yaml"))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "http://127.0.0.1:9/api/v1 did not answer" in result.stderr


def test_cli_runs_on_a_fresh_sandbox_over_http_and_writes_junit(tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    result = contract_cli("--max-examples", "3", "--phases", "kit,examples", "--seed", "1", "--report", str(report))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "contract: testing http://127.0.0.1:" in result.stdout
    assert "all checks passed" in result.stdout
    assert "getAccount" in result.stdout
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None and int(suite.get("tests", "0")) > 50 and suite.get("failures") == "0"
    names = {(c.get("classname"), c.get("name")) for c in suite.iter("testcase")}
    assert ("createTransfer", "manual_transfer") in names


def test_pytest_fixture_runs_in_process(sequence_contract: Any) -> None:
    with sandbox_in_process(SPEC) as (target, keys):
        result = sequence_contract(app=target.app, keys=keys, phases=("kit",), checks=("scope",))
    result.raise_for_failures()
    assert result.record.statuses["getAccount"]["4xx"] > 0
    with pytest.raises(ValueError, match="exactly one"):
        run_contract(keys=keys)


class DroppingTransport(httpx.BaseTransport):
    """A real HTTP transport that loses the connection for the requests ``drop`` picks (a server that resets
    the connection after an error)."""

    def __init__(self, drop: Any) -> None:
        self.inner = httpx.HTTPTransport()
        self.drop = drop
        self.dropped: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.drop(request):
            self.dropped.append(str(request.url))
            raise httpx.ReadError("connection reset by peer", request=request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def test_a_dropped_connection_is_a_failure_of_that_request_and_the_run_goes_on(tmp_path: Path) -> None:
    with sandbox_over_http() as (sandbox, keys):
        transport = DroppingTransport(lambda r: r.url.path.endswith("/rules") and r.url.params.get("first") == "0")
        target = Target(sandbox.base_url, httpx.Client(transport=transport))
        result = run(SPEC, target, keys, Options(phases=("kit", "examples"), max_examples=2, seed=5))
    assert transport.dropped, "the faulty transport dropped nothing"
    dropped = [f for f in result.failures if "no response: ReadError" in f.message]
    assert [(f.check, f.operation) for f in dropped] == [("pagination", "listRules")], result.summary()
    assert "first=0" in dropped[0].curl
    text = result.summary()
    assert "getCard" in text and "seed: 5" in text  # the summary covers every operation and names the seed


def test_no_secret_in_any_output_and_curl_lines_replay_with_placeholders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sequence_toolkit.sandbox import handlers as sandbox_handlers
    from sequence_toolkit.sandbox import pipeline as sandbox_app

    async def get_account(s: Any, c: Any) -> tuple[int, Any]:  # a broken server: no permission check at all
        return 200, {"data": s.store.account(c.key.org_id, c.path["id"])}

    monkeypatch.setattr(sandbox_app, "has_scope", lambda permission, entries: True)
    monkeypatch.setitem(sandbox_handlers.HANDLERS, "getAccount", get_account)
    with sandbox_in_process(SPEC) as (target, keys):
        secrets = [k.secret for k in read_keys_file(keys, PermissionModel.from_spec(SPEC))]
        options = Options(phases=("kit", "fuzzing"), checks=("scope",), operations=("getAccount",), max_examples=5)
        result = run(SPEC, target, keys, options)
        report = tmp_path / "junit.xml"
        result.write_junit(report)
    text = result.summary() + report.read_text() + "".join(f.message + f.curl for f in result.failures)
    assert not result.ok and "scope" in result.failed_checks()
    assert not [s for s in secrets if s in text], "a key leaked into the output"
    curl = next(f.curl for f in result.failures if f.check == "scope")
    assert '"authorization: apikey $sequence_key_' in curl.lower()
    assert f"seed: {result.seed}" in result.summary() and "export SEQUENCE_KEY_" in result.summary()
    assert 'name="seed"' in report.read_text()


def only_get_account(app: Any) -> Any:
    """A partial implementation: GET /accounts/{id} only; every other route is a bare 404."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and not (path.startswith("/accounts/") and scope["method"] == "GET"):
            await send({"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"Not Found"})
            return
        await app(scope, receive, send)

    return wrapped


def test_a_partial_implementation_is_tested_on_what_it_has() -> None:
    with sandbox_in_process(SPEC, app_wrapper=only_get_account) as (target, keys):
        options = Options(operations=("getAccount",), ids={"Account": ["acc_01HGHI7890", "acc_01HDEF0123"]},
                          phases=("kit", "examples", "stateful"), max_examples=3)  # fmt: skip
        result = run(SPEC, target, keys, options)
    assert result.ok, result.summary()
    assert result.record.unimplemented == ["listAccounts"]
    assert result.summary().count("not implemented by the target") == 1
    assert result.record.statuses["getAccount"]["2xx"] > 0
    assert {"authentication", "scope", "resource_scope"} <= result.record.checks["getAccount"]
    assert any(
        "no link" in gap for gap in result.record.gaps
    )  # a lone operation has no stateful phase: said, not failed


def test_request_validation_reaches_trigger_rule_on_the_sandbox() -> None:
    # listed rules are summaries without a trigger: the kit reads one with getRule to find an enabled manual rule
    with sandbox_in_process(SPEC) as (target, keys):
        result = run(SPEC, target, keys, Options(operations=("triggerRule",), phases=("kit",), max_examples=2))
    assert result.ok, result.summary()
    assert "request_validation" in result.record.checks["triggerRule"]
    assert not any("triggerRule" in gap for gap in result.record.gaps), result.record.gaps


def test_the_sandbox_process_keeps_answering_after_many_malformed_requests(tmp_path: Path) -> None:
    # uvicorn warns on stderr once per malformed request (a fuzzer sends many): stderr must not be a pipe nobody
    # reads, or the sandbox blocks writing once 64 KiB of warnings fill it
    process, url, _ = start_sandbox_process(tmp_path)
    try:
        port = httpx.URL(url).port
        assert port is not None
        for _ in range(2500):
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(b"GARBAGE \x00 nonsense\r\n\r\n")
                sock.recv(100)
        assert httpx.get(url + "/accounts", timeout=5).status_code == 401
        assert (tmp_path / "sandbox.stderr.log").stat().st_size > 64 * 1024
    finally:
        process.kill()
        process.wait(timeout=10)
