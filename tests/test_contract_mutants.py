"""The contract kit proves its power: it fails on each deliberately broken sandbox, naming the check that
catches it, and passes on the clean sandbox (kill rate 100%).

Each mutant breaks one promise, through a switch local to these tests: a handler or helper of the sandbox
replaced with ``monkeypatch``, or an ASGI wrapper that rewrites responses. The runs are in process and
restricted to what the mutant touches, so that all of them fit in CI.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from sequence_toolkit.contract import Options, Result, run
from sequence_toolkit.contract.sandbox_target import sandbox_in_process
from sequence_toolkit.permissions import Decision, authorize
from sequence_toolkit.sandbox import app as sandbox_app
from sequence_toolkit.sandbox.keys import ApiKey, authenticate
from sequence_toolkit.sandbox.store import Store

from .conftest import BUNDLED

SPEC: dict[str, Any] = __import__("yaml").safe_load(BUNDLED.read_text(encoding="utf-8"))
ASGI = Callable[..., Any]
Rewrite = Callable[
    [dict[str, Any], int, list[tuple[bytes, bytes]], bytes], tuple[int, list[tuple[bytes, bytes]], bytes]
]


def rewriting(rewrite: Rewrite) -> Callable[[ASGI], ASGI]:
    """An ASGI wrapper that lets ``rewrite`` change each response's status, headers and body."""

    def wrap(app: ASGI) -> ASGI:
        async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            start: dict[str, Any] = {}
            chunks: list[bytes] = []

            async def capture(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    start.update(message)
                    return
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                status, headers, body = rewrite(scope, start["status"], list(start["headers"]), b"".join(chunks))
                headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({"type": "http.response.start", "status": status, "headers": headers})
                await send({"type": "http.response.body", "body": body})

            await app(scope, receive, capture)

        return wrapped

    return wrap


def json_rewrite(change: Callable[[dict[str, Any], int, Any], tuple[int, Any]]) -> Callable[[ASGI], ASGI]:
    def rewrite(scope: dict[str, Any], status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> Any:
        try:
            document = json.loads(body)
        except ValueError:
            return status, headers, body
        status, document = change(scope, status, document)
        return status, headers, json.dumps(document, ensure_ascii=False).encode()

    return rewriting(rewrite)


def _forbidden_for_unauthorized(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    if status == 401:
        body["error"] = {"code": "forbidden", "message": "no"}
        return 403, body
    return status, body


def _full_numbers(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    return status, json.loads(json.dumps(body, ensure_ascii=False).replace("••••", "02100021"))


def _balance_as_string(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    data = body.get("data") if isinstance(body, dict) else None
    if isinstance(data, dict) and isinstance(data.get("balance"), dict):
        data["balance"]["balance_in_cents"] = str(data["balance"].get("balance_in_cents"))
    return status, body


def _non_authoritative_for_ok(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    return (203 if status == 200 and scope["path"].startswith("/transfers/") else status), body


def _wrong_code_on_400(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    if status == 400:
        body["error"]["code"] = "resource_not_found"
    return status, body


def _drop_request_id(scope: dict[str, Any], status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> Any:
    return status, [(k, v) for k, v in headers if k.lower() != b"x-request-id"], body


# --- mutants that replace a piece of the sandbox -------------------------------------------


async def _get_account_without_resource_check(s: sandbox_app.Sandbox, c: sandbox_app.Context) -> tuple[int, Any]:
    account = s.store.account(c.key.org_id, c.path["id"])
    if account is None:
        raise sandbox_app.not_found("Account", c.path["id"])
    return 200, {"data": account}


def _patch_skip_resource_check(mp: pytest.MonkeyPatch) -> None:
    mp.setitem(sandbox_app.HANDLERS, "getAccount", _get_account_without_resource_check)


def _patch_ignore_max_amount(mp: pytest.MonkeyPatch) -> None:
    real = authorize

    def lenient(*args: Any, **kwargs: Any) -> Decision:
        decision = real(*args, **kwargs)
        return Decision(True) if decision.code == "maximum_amount_exceeded" else decision

    mp.setattr(sandbox_app, "authorize", lenient)


def _patch_500_on_bad_cursor(mp: pytest.MonkeyPatch) -> None:
    real = sandbox_app.decode_cursor

    def fragile(cursor: str | None) -> int | None:
        try:
            return real(cursor)
        except sandbox_app.ApiError:
            raise RuntimeError("cursor decoding crashed") from None

    mp.setattr(sandbox_app, "decode_cursor", fragile)


def _patch_pagination_repeats(mp: pytest.MonkeyPatch) -> None:
    real = Store.page

    def overlapping(self: Store, *args: Any, after: int | None, newest_first: bool, **kwargs: Any) -> Any:
        if after is not None:
            after = after + 1 if newest_first else after - 1  # the previous page's last item comes again
        return real(self, *args, after=after, newest_first=newest_first, **kwargs)

    mp.setattr(Store, "page", overlapping)


def _patch_replay_creates_again(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(sandbox_app.Sandbox, "idempotent", lambda self, context, body, effect: effect())


def _patch_other_org_403(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(sandbox_app, "not_found", lambda kind, ident: sandbox_app.ApiError(403, "forbidden", "forbidden"))


def _patch_accept_revoked(mp: pytest.MonkeyPatch) -> None:
    real = authenticate

    def forgetful(*args: Any, **kwargs: Any) -> Any:
        key = real(*args, **kwargs)
        return None if key is None else ApiKey(key.id, key.org_id, key.name, key.entries, False)

    mp.setattr(sandbox_app, "authenticate", forgetful)


def _patch_skip_scope_check(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(sandbox_app, "has_scope", lambda permission, entries: True)


@dataclass(frozen=True)
class Mutant:
    name: str
    caught_by: str
    options: Options
    patch: Callable[[pytest.MonkeyPatch], None] | None = None
    wrapper: Callable[[ASGI], ASGI] | None = None


def kit_only(*checks: str, operations: tuple[str, ...] = ()) -> Options:
    return Options(phases=("kit",), checks=checks, operations=operations)


def fuzz_only(*operations: str, phases: tuple[str, ...] = ("examples", "fuzzing")) -> Options:
    return Options(max_examples=10, seed=7, phases=phases, operations=operations, checks=())


MUTANTS = [
    Mutant("skips the resource check on getAccount", "resource_scope", kit_only("resource_scope"),
           patch=_patch_skip_resource_check),
    Mutant("answers 403 where 401 is due", "authentication", kit_only("authentication", operations=("getRule",)),
           wrapper=json_rewrite(_forbidden_for_unauthorized)),
    Mutant("drops X-Request-ID", "request_id", kit_only("request_id", operations=("getCard",)),
           wrapper=rewriting(_drop_request_id)),
    Mutant("returns the full account number", "masked_fields", kit_only("request_id", operations=("getAccount",)),
           wrapper=json_rewrite(_full_numbers)),
    Mutant("ignores max_amount", "manual_transfer", kit_only("manual_transfer"), patch=_patch_ignore_max_amount),
    Mutant("500 on a bad cursor", "pagination", kit_only("pagination", operations=("listRules",)),
           patch=_patch_500_on_bad_cursor),
    Mutant("a field of the wrong type", "response_schema_conformance", fuzz_only("getAccount"),
           wrapper=json_rewrite(_balance_as_string)),
    Mutant("an undocumented status code", "status_code_conformance", fuzz_only("getTransfer"),
           wrapper=json_rewrite(_non_authoritative_for_ok)),
    Mutant("pagination repeats an item", "pagination", kit_only("pagination", operations=("listAccounts",)),
           patch=_patch_pagination_repeats),
    Mutant("an idempotent replay creates a second transfer", "idempotency",
           kit_only("idempotency", operations=("createTransfer",)), patch=_patch_replay_creates_again),
    Mutant("another organization's resource is 403, not 404", "organization_isolation",
           kit_only("organization_isolation"), patch=_patch_other_org_403),
    Mutant("accepts a revoked key", "authentication", kit_only("authentication", operations=("listAccounts",)),
           patch=_patch_accept_revoked),
    Mutant("skips the scope check", "scope", kit_only("scope", operations=("listRules",)),
           patch=_patch_skip_scope_check),
    Mutant("an error code documented for another status", "error_envelope",
           kit_only("pagination", operations=("listCards",)), wrapper=json_rewrite(_wrong_code_on_400)),
]  # fmt: skip


def run_kit(options: Options, wrapper: Callable[[ASGI], ASGI] | None = None) -> Result:
    with sandbox_in_process(SPEC, settle_delay=0.05, app_wrapper=wrapper) as (target, keys):
        return run(SPEC, target, keys, options)


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.name for m in MUTANTS])
def test_the_kit_kills_each_mutant(mutant: Mutant, monkeypatch: pytest.MonkeyPatch) -> None:
    if mutant.patch is not None:
        mutant.patch(monkeypatch)
    result = run_kit(mutant.options, mutant.wrapper)
    assert not result.ok, f"mutant '{mutant.name}' survived:\n{result.summary()}"
    assert mutant.caught_by in result.failed_checks(), result.summary()


def test_the_kit_passes_on_the_clean_sandbox() -> None:
    result = run_kit(Options(max_examples=8, seed=3))
    assert result.ok, result.summary()
    statuses = result.record.statuses
    assert all(statuses[op]["2xx"] for op in result.operations), "every operation got a 2xx on the sandbox"
    ran = set().union(*result.record.checks.values())
    for check in (
        "authentication", "scope", "resource_scope", "manual_transfer", "request_id", "pagination", "idempotency",
        "organization_isolation", "error_envelope", "masked_fields", "not_a_server_error",
        "response_schema_conformance", "status_code_conformance", "negative_data_rejection",
    ):  # fmt: skip
        assert check in ran, f"{check} never ran"


def test_at_least_twelve_mutants() -> None:
    assert len(MUTANTS) >= 12
