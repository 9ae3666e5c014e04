"""Issue 14, bug by bug, over real loopback HTTP: each test failed before its fix."""

from __future__ import annotations

import logging
import os
import socket
import stat
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from sequence_toolkit.sandbox.pipeline import Settings

from ..sandbox_server import RunningSandbox, run_sandbox
from .rawhttp import closed_within, connect, envelope_problem, read_response, request

PAY, SAVE, CHASE, OTHER_ORG_ACCOUNT = "acc_01HDEF0123", "acc_01HKLM5678", "acc_01HQRS0002", "acc_02HAAA0001"
CARD = "card_01HABC4567"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    with run_sandbox(tmp_path_factory.mktemp("hardening"), request_timeout=1.0) as running:
        yield running


def auth(sandbox: RunningSandbox, key: str = "full_access") -> dict[str, str]:
    return {"Authorization": f"ApiKey {sandbox.keys[key]}"}


def path_of(sandbox: RunningSandbox) -> str:
    """The base path the sandbox serves (/api/v1), for raw requests."""
    return urlsplit(sandbox.base_url).path


def assert_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert envelope_problem(response.status_code, response.headers, response.content) is None
    assert response.json()["error"]["code"] == code


# 1 -----------------------------------------------------------------------------------------------------


def test_a_cursor_past_the_64_bit_range_is_400_and_the_connection_stays_usable(sandbox: RunningSandbox) -> None:
    with httpx.Client(base_url=sandbox.base_url, headers=auth(sandbox)) as http:
        response = http.get("/accounts", params={"after": "Y3Vyc29yOjkyMjMzNzIwMzY4NTQ3NzU4MDg"})  # cursor:2**63
        assert_error(response, 400, "invalid_parameters")
        assert "'after'" in response.json()["error"]["message"]
        assert http.get("/accounts").status_code == 200  # same keep-alive connection


def test_a_server_failure_still_answers_in_the_envelope_with_a_request_id(tmp_path: Path) -> None:
    with run_sandbox(tmp_path) as broken:
        broken.store.close()  # a real fault: every query now raises inside the handler
        response = httpx.get(broken.base_url + "/accounts", headers={**auth(broken), "X-Request-ID": "req_fault_1"})
        assert response.status_code == 500
        assert envelope_problem(500, response.headers, response.content, server_error=True) is None
        assert response.headers["X-Request-ID"] == "req_fault_1"


# 2 -----------------------------------------------------------------------------------------------------


def test_a_declared_oversized_body_is_refused_before_it_is_read(sandbox: RunningSandbox) -> None:
    head = (
        f"POST {path_of(sandbox)}/transfers HTTP/1.1\r\nHost: x\r\nAuthorization: ApiKey {sandbox.keys['full_access']}"
        "\r\nContent-Type: application/json\r\nContent-Length: 300000000"
    )
    with connect(sandbox.port, timeout=3) as sock:  # 1 KiB of the 300 MB is sent: the answer must not wait
        sock.sendall(head.encode() + b"\r\n\r\n" + b"{" * 1024)
        response = read_response(sock)
    assert response.status == 400 and response.json()["error"]["code"] == "invalid_parameters"
    assert "65536" in response.json()["error"]["message"]
    assert response.header("connection") == "close"


def test_a_chunked_body_is_refused_as_soon_as_it_passes_the_limit(sandbox: RunningSandbox) -> None:
    head = (
        f"POST {path_of(sandbox)}/transfers HTTP/1.1\r\nHost: x\r\nAuthorization: ApiKey {sandbox.keys['full_access']}"
        "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked"
    )
    chunk = b"8000\r\n" + b" " * 0x8000 + b"\r\n"
    with connect(sandbox.port, timeout=3) as sock:  # 96 KiB and no final chunk: only the limit can end it
        sock.sendall(head.encode() + b"\r\n\r\n" + chunk * 3)
        response = read_response(sock)
    assert response.status == 400 and "65536" in response.json()["error"]["message"]


# 3 -----------------------------------------------------------------------------------------------------


def account_balance(http: httpx.Client, account: str) -> tuple[int, int]:
    balance = http.get(f"/accounts/{account}").json()["data"]["balance"]
    return balance["balance_in_cents"], balance["available_balance_in_cents"]


def settled(http: httpx.Client, transfer_id: str) -> dict[str, object]:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        transfer: dict[str, object] = http.get(f"/transfers/{transfer_id}").json()["data"]
        if transfer["status"] != "processing":
            return transfer
        time.sleep(0.02)
    raise AssertionError(f"{transfer_id} still processing")


def test_settlement_takes_no_more_than_the_available_balance(tmp_path: Path) -> None:
    with (
        run_sandbox(tmp_path) as fresh,
        httpx.Client(base_url=fresh.base_url, headers=auth(fresh)) as http,
    ):
        assert account_balance(http, CHASE) == (310_000, 305_000)  # the seed: 5,000 held
        body = {"source_account_id": CHASE, "destination_account_id": SAVE, "amount_in_cents": 310_000}
        over = settled(http, http.post("/transfers", json=body).json()["data"]["id"])
        assert (over["status"], over["error_code"]) == ("error", "insufficient_funds")
        assert account_balance(http, CHASE) == (310_000, 305_000)
        exact = settled(http, http.post("/transfers", json={**body, "amount_in_cents": 305_000}).json()["data"]["id"])
        assert exact["status"] == "complete"
        assert account_balance(http, CHASE) == (5_000, 0)  # the hold stays; nothing goes below zero


# 4 -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"from": "2024-04-21T10:30:00+02:00"}, ["ctx_01HABC7002", "ctx_01HABC7001"]),  # 08:30Z included
        ({"from": "2024-04-21T08:30:00.5Z"}, ["ctx_01HABC7002"]),
        ({"to": "2024-04-21T10:30:00+02:00"}, ["ctx_01HABC7000"]),  # exclusive
        ({"to": "2024-04-21T04:30:00-04:00"}, ["ctx_01HABC7000"]),
        ({"from": "2024-04-20T13:10:00-05:00", "to": "2024-04-21T08:30:00.1Z"}, ["ctx_01HABC7001", "ctx_01HABC7000"]),
    ],
)
def test_from_and_to_honour_their_offsets(sandbox: RunningSandbox, query: dict[str, str], expected: list[str]) -> None:
    response = httpx.get(f"{sandbox.base_url}/cards/{CARD}/transactions", params=query, headers=auth(sandbox))
    assert [t["id"] for t in response.json()["data"]] == expected


# 5 -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["OPTIONS", "PUT", "DELETE", "PATCH", "HEAD"])
def test_a_method_the_path_lacks_is_405_listing_the_ones_it_has(sandbox: RunningSandbox, method: str) -> None:
    response = httpx.request(method, f"{sandbox.base_url}/transfers", headers=auth(sandbox))
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"
    if method != "HEAD":
        assert_error(response, 405, "method_not_allowed")


@pytest.mark.parametrize("path", ["/nope", "/accounts/", "/transfers/txr_01HPQR1234/extra", "//accounts"])
def test_unknown_paths_are_404_in_the_envelope_and_never_redirect(sandbox: RunningSandbox, path: str) -> None:
    headers = {**auth(sandbox), "Host": "evil.example"}
    response = httpx.get(sandbox.base_url + path, headers=headers, follow_redirects=False)
    assert "location" not in response.headers
    assert_error(response, 404, "resource_not_found")


# 6 -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, body",
    [
        ("/transfers", {"source_account_id": PAY, "destination_account_id": SAVE, "amount_in_cents": "150"}),
        ("/transfers", {"source_account_id": PAY, "destination_account_id": SAVE, "amount_in_cents": 150.0}),
        ("/transfers", {"source_account_id": PAY, "destination_account_id": SAVE, "amount_in_cents": True}),
        (
            "/transfers",
            {"source_account_id": PAY, "destination_account_id": SAVE, "amount_in_cents": 150, "description": None},
        ),
        ("/rules/rule_01HJKL2346/trigger", {"manual_execute_amount": True}),
        ("/rules/rule_01HJKL2346/trigger", {"manual_execute_amount": "5"}),
        ("/rules/rule_01HJKL2346/trigger", {"manual_execute_amount": 1.0}),
    ],
)
def test_the_spec_types_are_enforced_strictly(sandbox: RunningSandbox, path: str, body: object) -> None:
    before = len(
        httpx.get(f"{sandbox.base_url}/transfers?account_id={PAY}&first=100", headers=auth(sandbox)).json()["data"]
    )
    response = httpx.post(sandbox.base_url + path, json=body, headers=auth(sandbox))
    assert_error(response, 400, "invalid_parameters")
    assert "body field" in response.json()["error"]["message"]
    after = len(
        httpx.get(f"{sandbox.base_url}/transfers?account_id={PAY}&first=100", headers=auth(sandbox)).json()["data"]
    )
    assert after == before


# 7 -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("second", ["full_access", "no_permissions"])
def test_two_authorization_headers_are_401(sandbox: RunningSandbox, second: str) -> None:
    head = (
        f"GET {path_of(sandbox)}/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: ApiKey {sandbox.keys['full_access']}"
        f"\r\nAuthorization: ApiKey {sandbox.keys[second]}"
    )
    response = request(sandbox.port, head)
    assert response.status == 401 and response.json()["error"]["code"] == "unauthorized"
    assert envelope_problem(response.status, response.headers, response.body) is None


# 8 -----------------------------------------------------------------------------------------------------


def test_decision_order_401_429_400_403(tmp_path: Path, sandbox: RunningSandbox) -> None:
    bad_body = {"source_account_id": PAY, "destination_account_id": SAVE, "amount_in_cents": "x"}
    bad_id = {"X-Request-ID": "has spaces"}
    url = sandbox.base_url + "/transfers"
    assert_error(httpx.post(url, json=bad_body, headers=bad_id), 401, "unauthorized")  # 401 before 400
    no_scope = auth(sandbox, "no_permissions")
    assert_error(httpx.post(url, json=bad_body, headers=no_scope), 400, "invalid_parameters")  # 400 before 403
    assert_error(httpx.get(url, params={"account_id": PAY}, headers={**no_scope, **bad_id}), 400, "invalid_parameters")
    assert_error(httpx.post(url, json={**bad_body, "amount_in_cents": 500}, headers=no_scope), 403, "forbidden")
    with run_sandbox(tmp_path, Settings(rate_limit_per_minute=1, settle_delay_seconds=0)) as limited:
        limited_url = limited.base_url + "/transfers"
        assert httpx.get(limited.base_url + "/accounts", headers=auth(limited)).status_code == 200
        assert_error(httpx.post(limited_url, json=bad_body, headers=auth(limited)), 429, "rate_limit_exceeded")
        assert_error(httpx.post(limited_url, json=bad_body, headers=bad_id), 401, "unauthorized")  # 401 before 429


# 9 -----------------------------------------------------------------------------------------------------


def test_an_idempotency_key_is_one_key_in_either_case(sandbox: RunningSandbox) -> None:
    key = str(uuid.uuid4())
    body = {"source_account_id": PAY, "destination_account_id": SAVE, "amount_in_cents": 101}
    url = sandbox.base_url + "/transfers"
    first = httpx.post(url, json=body, headers={**auth(sandbox), "Idempotency-Key": key.upper()})
    again = httpx.post(url, json=body, headers={**auth(sandbox), "Idempotency-Key": key.lower()})
    assert first.status_code == again.status_code == 202
    assert first.json()["data"]["id"] == again.json()["data"]["id"]


def test_two_request_ids_are_400_naming_the_header(sandbox: RunningSandbox) -> None:
    headers = [*auth(sandbox).items(), ("X-Request-ID", "req_one"), ("X-Request-ID", "req_two")]
    response = httpx.get(sandbox.base_url + "/accounts", headers=headers)
    assert_error(response, 400, "invalid_parameters")
    assert "'x-request-id' must be given once" in response.json()["error"]["message"]


def test_two_idempotency_keys_are_400_and_create_nothing(sandbox: RunningSandbox) -> None:
    body = {"source_account_id": PAY, "destination_account_id": SAVE, "amount_in_cents": 102}
    keys = [("Idempotency-Key", str(uuid.uuid4())), ("Idempotency-Key", str(uuid.uuid4()))]
    with httpx.Client(base_url=sandbox.base_url, headers=auth(sandbox)) as http:
        before = len(http.get("/transfers", params={"account_id": PAY, "first": 100}).json()["data"])
        assert_error(http.post("/transfers", json=body, headers=keys), 400, "invalid_parameters")
        assert len(http.get("/transfers", params={"account_id": PAY, "first": 100}).json()["data"]) == before


def test_the_media_type_is_case_insensitive(sandbox: RunningSandbox) -> None:
    body = (
        b'{"source_account_id": "acc_01HDEF0123", "destination_account_id": "acc_01HKLM5678", "amount_in_cents": 102}'
    )
    headers = {**auth(sandbox), "Content-Type": "APPLICATION/JSON; charset=UTF-8"}
    assert httpx.post(sandbox.base_url + "/transfers", content=body, headers=headers).status_code == 202


# 10 ----------------------------------------------------------------------------------------------------


def test_the_keys_file_and_the_database_are_private(tmp_path: Path) -> None:
    with run_sandbox(tmp_path):
        for name in ("keys.yaml", "sandbox.db", "sandbox.db-wal"):
            assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o600, name


# 11 ----------------------------------------------------------------------------------------------------


def test_idle_slow_header_and_slow_body_connections_are_closed(sandbox: RunningSandbox) -> None:
    """request_timeout is 1 s here: a request must arrive in full within it, idle or not."""
    with connect(sandbox.port) as idle:
        assert (closed_within(idle, 4) or 99) < 3
    with connect(sandbox.port) as slow:
        slow.sendall(f"GET {path_of(sandbox)}/accounts HTTP/1.1\r\n".encode())
        start = time.monotonic()
        while time.monotonic() - start < 4:
            try:
                slow.sendall(b"X-Slow: 1\r\n")
            except OSError:
                break
            time.sleep(0.2)
        assert time.monotonic() - start < 3, "a dribbling header kept the connection open"
    with connect(sandbox.port) as body:
        body.sendall(
            f"POST {path_of(sandbox)}/transfers HTTP/1.1\r\nHost: x\r\nAuthorization: ApiKey "
            f"{sandbox.keys['full_access']}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{".encode()
        )
        assert (closed_within(body, 4) or 99) < 3
    with connect(sandbox.port) as kept:  # after a response, an idle keep-alive connection goes too
        kept.sendall(f"GET {path_of(sandbox)}/accounts HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        assert read_response(kept).status == 401
        assert (closed_within(kept, 4) or 99) < 3


# 12 ----------------------------------------------------------------------------------------------------


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_client_leaving_mid_body_logs_no_traceback(sandbox: RunningSandbox) -> None:
    records = Records()
    loggers = [logging.getLogger(name) for name in ("uvicorn.error", "uvicorn", "sequence_toolkit.sandbox", "")]
    for logger in loggers:
        logger.addHandler(records)
    try:
        for _ in range(3):
            with connect(sandbox.port) as sock:
                sock.sendall(
                    f"POST {path_of(sandbox)}/transfers HTTP/1.1\r\nHost: x\r\nAuthorization: ApiKey "
                    f"{sandbox.keys['full_access']}\r\nContent-Type: application/json\r\nContent-Length: 5000"
                    "\r\n\r\n{".encode()
                )
                time.sleep(0.1)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST
        time.sleep(0.5)
        assert httpx.get(sandbox.base_url + "/accounts", headers=auth(sandbox)).status_code == 200
    finally:
        for logger in loggers:
            logger.removeHandler(records)
    assert [r.getMessage() for r in records.records if r.exc_info or r.levelno >= logging.ERROR] == []
