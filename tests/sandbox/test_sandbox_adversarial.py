"""Hostile input over loopback HTTP: oversized and malformed bodies, cursors, headers, types, methods and paths.

Whatever is sent, the sandbox answers below 500, and every error carries the envelope
``{"error": {"code", "message"}, "request_id"}`` with the same id in ``X-Request-ID``; the next request on the
same connection still works. The expected status of each case comes from the spec: the decision order in its
security scheme, 400 for input it does not allow, 404/405 for paths and methods it does not have.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..sandbox_server import RunningSandbox, run_sandbox
from .rawhttp import connect, envelope_problem, read_response

PAY, SAVE = "acc_01HDEF0123", "acc_01HKLM5678"
GOOD_TRANSFER = {"source_account_id": PAY, "destination_account_id": SAVE, "amount_in_cents": 100}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    with run_sandbox(tmp_path_factory.mktemp("adversarial"), request_timeout=2.0) as running:
        yield running


@pytest.fixture(scope="module")
def http(sandbox: RunningSandbox) -> Iterator[httpx.Client]:
    """One keep-alive connection for a whole group of cases: a case that broke it would break the next."""
    headers = {"Authorization": f"ApiKey {sandbox.keys['full_access']}"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers, timeout=10) as client:
        yield client


def check(response: httpx.Response, *statuses: int) -> None:
    assert envelope_problem(response.status_code, response.headers, response.content) is None, (
        response.request.url,
        response.status_code,
        response.content[:300],
    )
    if statuses:
        assert response.status_code in statuses, (response.request.url, response.status_code, response.text[:300])


def cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


# --- bodies --------------------------------------------------------------------------------------------

BODIES: list[tuple[str, bytes | str, str]] = [
    ("not JSON", "{", "application/json"),
    ("truncated", json.dumps(GOOD_TRANSFER)[:-1], "application/json"),
    ("a list", "[]", "application/json"),
    ("a string", '"x"', "application/json"),
    ("null", "null", "application/json"),
    ("NaN", '{"source_account_id": "a", "destination_account_id": "b", "amount_in_cents": NaN}', "application/json"),
    ("Infinity", '{"amount_in_cents": Infinity}', "application/json"),
    ("a huge integer", json.dumps({**GOOD_TRANSFER, "amount_in_cents": 10**40}), "application/json"),
    ("a negative amount", json.dumps({**GOOD_TRANSFER, "amount_in_cents": -100}), "application/json"),
    ("an exponent", '{"source_account_id": "a", "destination_account_id": "b", "amount_in_cents": 1e3}',
     "application/json"),
    ("a duplicate key", '{"amount_in_cents": 100, "amount_in_cents": 5, "source_account_id": "a"}', "application/json"),
    ("deep nesting", "[" * 20000 + "]" * 20000, "application/json"),
    ("deep nesting in a field", '{"description": ' + "[" * 5000 + "]" * 5000 + "}", "application/json"),
    ("invalid UTF-8", b'{"description": "\xff\xfe"}', "application/json"),
    ("UTF-16", json.dumps(GOOD_TRANSFER).encode("utf-16"), "application/json"),
    ("a NUL byte", '{"description": "a\\u0000b"}', "application/json"),
    ("a lone surrogate", '{"source_account_id": "\\ud800", "destination_account_id": "b", "amount_in_cents": 100}',
     "application/json"),
    ("an unknown field", json.dumps({**GOOD_TRANSFER, "memo": "x"}), "application/json"),
    ("form data", "a=1", "application/x-www-form-urlencoded"),
    ("no media type", json.dumps(GOOD_TRANSFER), ""),
    ("text/plain", json.dumps(GOOD_TRANSFER), "text/plain"),
    ("application/jsonx", json.dumps(GOOD_TRANSFER), "application/jsonx"),
    ("just over 64 KiB", json.dumps({**GOOD_TRANSFER, "description": "x" * 65536}), "application/json"),
    ("whitespace only", "   ", "application/json"),
    ("a long description", json.dumps({**GOOD_TRANSFER, "description": "x" * 141}), "application/json"),
    ("ids of the wrong type", json.dumps({**GOOD_TRANSFER, "source_account_id": 5}), "application/json"),
    ("an empty id", json.dumps({**GOOD_TRANSFER, "source_account_id": ""}), "application/json"),
]  # fmt: skip


@pytest.mark.parametrize("name, body, media_type", BODIES, ids=[b[0] for b in BODIES])
@pytest.mark.parametrize("path", ["/transfers", "/rules/rule_01HJKL2346/trigger"])
def test_malformed_bodies_are_400(http: httpx.Client, path: str, name: str, body: bytes | str, media_type: str) -> None:
    headers = {"Content-Type": media_type} if media_type else {}
    if path != "/transfers" and name in (
        "an unknown field",
        "a long description",
        "ids of the wrong type",
        "an empty id",
    ):
        body = json.dumps({"manual_execute_amount": 100, "memo": 1})
    response = http.post(path, content=body, headers=headers)
    check(response, 400)
    check(http.get("/accounts"), 200)


@pytest.mark.parametrize("size", [65_537, 1_000_000, 5_000_000])
@pytest.mark.parametrize("chunked", [False, True])
def test_oversized_bodies_are_400_and_close_the_connection(sandbox: RunningSandbox, size: int, chunked: bool) -> None:
    url = sandbox.base_url + "/transfers"
    headers = {"Authorization": f"ApiKey {sandbox.keys['full_access']}", "Content-Type": "application/json"}

    def stream() -> Iterator[bytes]:
        for start in range(0, size, 65536):
            yield b" " * min(65536, size - start)

    try:
        response = httpx.post(url, content=stream() if chunked else b" " * size, headers=headers)
    except httpx.TransportError:  # the server may close while the rest of the body is still being sent
        return
    check(response, 400)
    assert response.headers.get("connection") == "close"


# --- query parameters and cursors ----------------------------------------------------------------------

QUERIES = [
    "/accounts?first=1&first=2",  # a scalar parameter given twice: which one was meant cannot be told
    "/transfers?account_id=acc_01HGHI7890&account_id=acc_01HQRS0002",
    "/accounts?after=" + cursor("cursor:9223372036854775808"),
    "/accounts?after=" + cursor("cursor:" + "9" * 400),
    "/accounts?after=" + cursor("cursor:-1"),
    "/accounts?after=" + cursor("cursor:1.5"),
    "/accounts?after=" + cursor("cursor:\u0663"),
    "/accounts?after=" + cursor("cursor:\u00b2"),
    "/accounts?after=" + cursor("cursor:"),
    "/accounts?after=" + cursor("other:1"),
    "/accounts?after=%00",
    "/accounts?after=" + "A" * 5000,
    "/accounts?after=",
    "/accounts?after=====",
    "/accounts?first=99999999999999999999999",
    "/accounts?first=-1",
    "/accounts?first=1e2",
    "/accounts?first=%20",
    "/accounts?first=１０",
    "/accounts?type=%ff",
    "/transfers?account_id=",
    "/transfers?account_id=acc_01HDEF0123&account_role=nope",
    "/rule-executions?rule_id=rule_01HJKL2345&from=0001-01-01T00:00:00%2B05:00",
    "/rule-executions?rule_id=rule_01HJKL2345&to=9999-12-31T23:59:59-05:00",
    "/rule-executions?rule_id=rule_01HJKL2345&from=2024-13-01T00:00:00Z",
    "/rule-executions?rule_id=rule_01HJKL2345&from=2024-01-01",
    "/cards/card_01HABC4567/transactions?from=2024-01-01T00:00:00",
]


@pytest.mark.parametrize("path", QUERIES)
def test_bad_query_parameters_and_cursors_are_400(http: httpx.Client, path: str) -> None:
    check(http.get(path), 400)


@pytest.mark.parametrize(
    "path",
    [
        "/accounts?unknown=1",
        "/rule-executions?rule_id=rule_01HJKL2345&from=0001-01-01T00:00:00Z",
        "/rule-executions?rule_id=rule_01HJKL2345&to=9999-12-31T23:59:59Z",
        "/rule-executions?rule_id=rule_01HJKL2345&to=9999-12-31T23:59:59.9Z",
        "/rule-executions?rule_id=rule_01HJKL2345&from=9999-12-31T23:59:59.9Z",
    ],
)
def test_odd_but_valid_queries_are_answered(http: httpx.Client, path: str) -> None:
    check(http.get(path), 200)


# --- headers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers, status",
    [
        ({"X-Request-ID": "x" * 129}, 400),
        ({"X-Request-ID": "has space"}, 400),
        ({"X-Request-ID": ""}, 400),
        ({"Authorization": ""}, 401),
        ({"Authorization": "ApiKey"}, 401),
        ({"Authorization": "ApiKey  two  spaces"}, 401),
        ({"Authorization": "ApiKey " + "k" * 10000}, 401),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, 401),
    ],
)
def test_bad_headers(http: httpx.Client, headers: dict[str, str], status: int) -> None:
    check(http.get("/accounts", headers=headers), status)


@pytest.mark.parametrize(
    "value", ["nope", "5F0C6A1E-8D2B-4C3A-9F7E-2B1D4E6A8C9", "{5f0c6a1e-8d2b-4c3a-9f7e-2b1d4e6a8c90}"]
)
def test_bad_idempotency_keys_are_400(http: httpx.Client, value: str) -> None:
    check(http.post("/transfers", json=GOOD_TRANSFER, headers={"Idempotency-Key": value}), 400)


@pytest.mark.parametrize(
    "raw",
    [
        "X-Request-ID: caf\xe9",  # not ASCII
        "Authorization: ApiKey \xff\xfe",
        "Content-Length: -1",
        "Content-Length: 5\r\nContent-Length: 6",
        "Content-Length: 0x10",
    ],
)
def test_raw_headers_no_client_would_send(sandbox: RunningSandbox, raw: str) -> None:
    head = f"POST {urlsplit(sandbox.base_url).path}/transfers HTTP/1.1\r\nHost: x\r\n{raw}"
    with connect(sandbox.port, timeout=5) as sock:
        sock.sendall(head.encode("latin-1") + b"\r\n\r\n")
        try:
            response = read_response(sock)
        except ConnectionError:
            return  # the HTTP parser refused the request outright and closed: no answer is an answer here
    if (
        response.status == 400
        and response.header(
            "content-type",
        )
        == "text/plain; charset=utf-8"
    ):
        return  # uvicorn's own answer to a request it cannot parse (no app involved, so no request id)
    assert envelope_problem(response.status, response.headers, response.body) is None, response


# --- methods and paths ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"])
@pytest.mark.parametrize(
    "path", ["/accounts", "/accounts/acc_01HDEF0123", "/transfers", "/rules/rule_01HJKL2345/trigger", "/cards"]
)
def test_unsupported_methods_are_405_with_allow(http: httpx.Client, method: str, path: str) -> None:
    response = http.request(method, path)
    check(response, 405)
    assert response.headers["Allow"] in ("GET", "POST", "GET, POST")


@pytest.mark.parametrize(
    "path",
    ["/", "/api", "/api/v2/accounts", "/accounts/", "/accounts/acc_01HDEF0123/",
     "/ACCOUNTS", "/cards/card_01HABC4567/transactions/x", "/" + "a" * 5000, "/accounts/%00"],
)  # fmt: skip
def test_unknown_paths_are_404(http: httpx.Client, path: str) -> None:
    check(http.get(path), 404)


@pytest.mark.parametrize("ident", ["%00", "' OR 1=1 --", "a" * 2000, "%F0%9F%92%A5", "..", "%2e%2e"])
def test_odd_ids_are_404_or_403(http: httpx.Client, ident: str) -> None:
    for path in (f"/accounts/{ident}", f"/transfers/{ident}", f"/cards/{ident}/transactions"):
        check(http.get(path), 403, 404)


# --- random bodies and queries (hypothesis) ------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "source_account_id": JSON | st.sampled_from([PAY, SAVE, "acc_02HAAA0001"]),
        "destination_account_id": JSON | st.sampled_from([PAY, SAVE]),
        "amount_in_cents": JSON | st.integers(min_value=-(2**70), max_value=2**70),
        "description": JSON,
        "manual_execute_amount": JSON | st.integers(min_value=-(2**70), max_value=2**70),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=FIELDS | JSON, path=st.sampled_from(["/transfers", "/rules/rule_01HJKL2346/trigger"]))
def test_random_bodies_never_reach_a_5xx(http: httpx.Client, body: object, path: str) -> None:
    check(http.post(path, json=body))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(["first", "after", "from", "to", "type", "account_id", "rule_id", "status", "direction"]),
    value=st.text(max_size=40) | st.integers().map(str),
    path=st.sampled_from(
        ["/accounts", "/transfers", "/rule-executions", "/cards", "/cards/card_01HABC4567/transactions"]
    ),
)
def test_random_query_values_never_reach_a_5xx(http: httpx.Client, name: str, value: str, path: str) -> None:
    check(http.get(path, params={name: value}))
