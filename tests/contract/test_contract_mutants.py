"""The contract kit proves its power: it fails on each deliberately broken sandbox, naming the check that
catches it, and passes on the clean sandbox (kill rate 100%).

Each mutant breaks one promise, through a switch local to these tests: a handler or helper of the sandbox
replaced with ``monkeypatch``, or an ASGI wrapper that rewrites responses. The runs are in process and
restricted to what the mutant touches, so that all of them fit in CI.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import sequence_api_models as models

from sequence_toolkit.contract import Options, Result, run
from sequence_toolkit.contract.sandbox_target import sandbox_in_process
from sequence_toolkit.permissions import Decision, TransferRequest, authorize
from sequence_toolkit.sandbox import app as sandbox_application
from sequence_toolkit.sandbox import handlers as sandbox_handlers
from sequence_toolkit.sandbox import pipeline as sandbox_app
from sequence_toolkit.sandbox.errors import ApiError, not_found
from sequence_toolkit.sandbox.keys import authenticate
from sequence_toolkit.sandbox.paging import decode_cursor
from sequence_toolkit.sandbox.store import Store, account_summary, card_detail, rule_summary
from sequence_toolkit.spec import load_document

from ..asgi_rewrite import ASGI, json_rewrite, rewriting
from ..conftest import BUNDLED

SPEC: dict[str, Any] = load_document(BUNDLED)


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


def _full_number_beside_masked(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    data = body.get("data") if isinstance(body, dict) else None
    if isinstance(data, dict) and "bank_account_number" in data:
        data["account_number_full"] = "021000021" + data["bank_account_number"][-4:]
    return status, body


def _nested_extra(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    for item in body.get("data", []) if isinstance(body, dict) and isinstance(body.get("data"), list) else []:
        if isinstance(item.get("source"), dict):
            item["source"]["routing"] = "021000021"
    return status, body


def _drop_request_id(scope: dict[str, Any], status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> Any:
    return status, [(k, v) for k, v in headers if k.lower() != b"x-request-id"], body


# --- mutants that replace a piece of the sandbox -------------------------------------------


async def _get_account_without_resource_check(s: sandbox_app.Sandbox, c: sandbox_app.Context) -> tuple[int, Any]:
    account = s.store.account(c.key.org_id, c.path["id"])
    if account is None:
        raise not_found("Account", c.path["id"])
    return 200, {"data": account}


def _patch_skip_resource_check(mp: pytest.MonkeyPatch) -> None:
    mp.setitem(sandbox_handlers.HANDLERS, "getAccount", _get_account_without_resource_check)


def _patch_ignore_max_amount(mp: pytest.MonkeyPatch) -> None:
    real = authorize

    def lenient(*args: Any, **kwargs: Any) -> Decision:
        decision = real(*args, **kwargs)
        return Decision(True) if decision.code == "maximum_amount_exceeded" else decision

    mp.setattr(sandbox_app, "authorize", lenient)


def _patch_500_on_bad_cursor(mp: pytest.MonkeyPatch) -> None:
    real = decode_cursor

    def fragile(cursor: str | None) -> int | None:
        try:
            return real(cursor)
        except ApiError:
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
    mp.setattr(sandbox_app, "not_found", lambda kind, ident: ApiError(403, "forbidden", "forbidden"))


def _patch_accept_revoked(mp: pytest.MonkeyPatch) -> None:
    real = authenticate

    def forgetful(*args: Any, **kwargs: Any) -> Any:
        key = real(*args, **kwargs)
        return None if key is None else dataclasses.replace(key, revoked=False)

    mp.setattr(sandbox_app, "authenticate", forgetful)


def _patch_skip_scope_check(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(sandbox_app, "has_scope", lambda permission, entries: True)


# --- mutants for the permission model's finer promises (one class each, two or more per class) ----------


def _handler(operation_id: str, handler: Any) -> Callable[[pytest.MonkeyPatch], None]:
    return lambda mp: mp.setitem(sandbox_handlers.HANDLERS, operation_id, handler)


async def _accounts_of_every_org(s: sandbox_app.Sandbox, c: sandbox_app.Context) -> tuple[int, Any]:
    return s.list_page(c, "accounts", "1 = 1", [], newest_first=False, item=account_summary,
                       model=models.AccountListResponse)  # fmt: skip


async def _transfers_ignoring_filter(s: sandbox_app.Sandbox, c: sandbox_app.Context) -> tuple[int, Any]:
    c.authorize(c.permission.resource_ids(query=c.query))
    return s.list_page(c, "transfers", "org_id = ?", [c.key.org_id], newest_first=True,
                       item=s.store.transfer_detail, model=models.TransferListResponse)  # fmt: skip


async def _transfers_of_any_org(s: sandbox_app.Sandbox, c: sandbox_app.Context) -> tuple[int, Any]:
    c.authorize(c.permission.resource_ids(query=c.query))
    account = c.query["account_id"]
    return s.list_page(c, "transfers", "(source_id = ? OR destination_id = ?)", [account, account],
                       newest_first=True, item=s.store.transfer_detail, model=models.TransferListResponse)  # fmt: skip


async def _cards_of_any_org(s: sandbox_app.Sandbox, c: sandbox_app.Context) -> tuple[int, Any]:
    c.authorize(c.permission.resource_ids(query=c.query))
    return s.list_page(c, "cards", "account_id = ?", [c.query["account_id"]], newest_first=False,
                       item=card_detail, model=models.CardListResponse)  # fmt: skip


async def _rules_of_every_org(s: sandbox_app.Sandbox, c: sandbox_app.Context) -> tuple[int, Any]:
    return s.list_page(c, "rules", "1 = 1", [], newest_first=False,
                       item=lambda r: rule_summary(r, s.store.account_ref(r["source_id"])),
                       model=models.RuleListResponse)  # fmt: skip


def _normalizing(normalize: Callable[[str], str]) -> Callable[[pytest.MonkeyPatch], None]:
    """getAccount compares and looks ids up after ``normalize`` (case folding, trimming)."""

    async def get_account(s: sandbox_app.Sandbox, c: sandbox_app.Context) -> tuple[int, Any]:
        wanted = normalize(c.path["id"])
        held = {normalize(r) for e in c.key.entries if e.scope == "READ_ACCOUNTS" for r in e.resources}
        if "*" not in held and wanted not in held:
            raise ApiError(403, "forbidden", "forbidden")
        rows = s.store.query("SELECT id FROM accounts WHERE org_id = ?", (c.key.org_id,))
        found = next((r["id"] for r in rows if normalize(r["id"]) == wanted), None)
        if found is None:
            raise not_found("Account", c.path["id"])
        return 200, {"data": s.store.account(c.key.org_id, found)}

    return _handler("getAccount", get_account)


async def _account_exists_anywhere_first(s: sandbox_app.Sandbox, c: sandbox_app.Context) -> tuple[int, Any]:
    if not s.store.query("SELECT id FROM accounts WHERE id = ?", (c.path["id"],)):
        raise not_found("Account", c.path["id"])  # 404 only when it exists nowhere: an oracle
    account = c.authorize_then_load(s.store.account, "Account")
    return 200, {"data": account}


async def _rule_loaded_before_authorized(s: sandbox_app.Sandbox, c: sandbox_app.Context) -> tuple[int, Any]:
    rule = s.store.rule(c.key.org_id, c.path["id"])
    if rule is None:
        raise not_found("Rule", c.path["id"])  # 404 for a missing id, 403 for an existing one
    c.authorize(c.permission.resource_ids(path_params=c.path))
    return 200, {"data": rule}


def _one_field_only(index: int) -> Callable[[pytest.MonkeyPatch], None]:
    """Loaded-object checks honour only one of the fields the permission extension lists."""

    def load_then_authorize(self: sandbox_app.Context, loader: Any, kind: str) -> dict[str, Any]:
        loaded = loader(self.key.org_id, self.path["id"])
        if loaded is None:
            raise not_found(kind, self.path["id"])
        ids = self.permission.resource_ids(loaded=loaded)
        self.authorize(ids[index:][:1] if len(ids) > 1 else ids)
        return dict(loaded)

    return lambda mp: mp.setattr(sandbox_app.Context, "load_then_authorize", load_then_authorize)


def _transfer_rule(decide: Callable[[Any, TransferRequest], Decision]) -> Callable[[pytest.MonkeyPatch], None]:
    real = authorize

    def mutated(permission: Any, entries: Any, *, resource_ids: Any = (), transfer: Any = None) -> Decision:
        if transfer is None:
            return real(permission, entries, resource_ids=resource_ids)
        return decide(entries, transfer)

    return lambda mp: mp.setattr(sandbox_app, "authorize", mutated)


def _grants(entries: Any) -> list[Any]:
    return [g for e in entries if e.scope == "MANUAL_TRANSFER" for g in e.transfers]


def _either_direction(entries: Any, t: TransferRequest) -> Decision:
    ok = any({g.source, g.target} == {t.source, t.target} and (g.max_amount is None or t.amount <= g.max_amount)
             for g in _grants(entries))  # fmt: skip
    return Decision(ok, None if ok else "forbidden")


def _source_only(entries: Any, t: TransferRequest) -> Decision:
    ok = any(g.source == t.source and (g.max_amount is None or t.amount <= g.max_amount) for g in _grants(entries))
    return Decision(ok, None if ok else "forbidden")


def _max_exclusive(entries: Any, t: TransferRequest) -> Decision:
    grants = [g for g in _grants(entries) if (g.source, g.target) == (t.source, t.target)]
    if not grants:
        return Decision(False, "forbidden")
    ok = any(g.max_amount is None or t.amount < g.max_amount for g in grants)
    return Decision(ok, None if ok else "maximum_amount_exceeded")


def _max_in_whole_units(entries: Any, t: TransferRequest) -> Decision:
    grants = [g for g in _grants(entries) if (g.source, g.target) == (t.source, t.target)]
    if not grants:
        return Decision(False, "forbidden")
    ok = any(g.max_amount is None or t.amount // 100 <= g.max_amount // 100 for g in grants)
    return Decision(ok, None if ok else "maximum_amount_exceeded")


def _patch_disabled_rules_trigger(mp: pytest.MonkeyPatch) -> None:
    real = Store.rule
    mp.setattr(Store, "rule", lambda self, org, rid: {**r, "status": "enabled"} if (r := real(self, org, rid)) else r)


def _patch_disabled_rule_forbidden(mp: pytest.MonkeyPatch) -> None:
    real = ApiError.__init__

    def init(self: Any, status: int, code: str, message: str, headers: Any = None) -> None:
        real(self, *((403, "forbidden") if code == "rule_deactivated" else (status, code)), message, headers)

    mp.setattr(ApiError, "__init__", init)


def _lax_bodies(mp: pytest.MonkeyPatch) -> None:
    """Bodies checked only by the pydantic models in lax mode: "150" becomes 150, true becomes 1."""
    mp.setattr(sandbox_application, "body_validators", lambda spec: {})


def _no_minimum(mp: pytest.MonkeyPatch) -> None:
    """Bodies checked for types but not bounds."""
    real = sandbox_application.body_validators

    class Unbounded:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def iter_errors(self, document: Any) -> Any:
            return (e for e in self.inner.iter_errors(document) if e.validator not in ("minimum", "maximum"))

    mp.setattr(sandbox_application, "body_validators", lambda spec: {k: Unbounded(v) for k, v in real(spec).items()})
    mp.setattr(models.CreateTransferRequest, "model_validate", classmethod(lambda cls, d: cls.model_construct(**d)))


def _next_page_fails(status: int) -> Callable[[pytest.MonkeyPatch], None]:
    real = decode_cursor

    def decode(cursor: str | None) -> int | None:
        if cursor is not None and real(cursor) is not None:
            if status == 500:
                raise RuntimeError("the next page crashed")
            raise ApiError(400, "invalid_parameters", "cursor expired")
        return None

    return lambda mp: mp.setattr(sandbox_app, "decode_cursor", decode)


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
    Mutant("lists every organization's accounts", "list_isolation",
           kit_only("list_isolation", operations=("listAccounts",)),
           patch=_handler("listAccounts", _accounts_of_every_org)),
    Mutant("lists every organization's rules", "list_isolation", kit_only("list_isolation", operations=("listRules",)),
           patch=_handler("listRules", _rules_of_every_org)),
    Mutant("ignores the required account_id filter", "list_isolation",
           kit_only("list_isolation", operations=("listTransfers",)),
           patch=_handler("listTransfers", _transfers_ignoring_filter)),
    Mutant("transfers filtered on another organization's account", "list_isolation",
           kit_only("list_isolation", operations=("listTransfers",)),
           patch=_handler("listTransfers", _transfers_of_any_org)),
    Mutant("cards filtered on another organization's account", "list_isolation",
           kit_only("list_isolation", operations=("listCards",)), patch=_handler("listCards", _cards_of_any_org)),
    Mutant("ids compared case-insensitively", "resource_scope", kit_only("resource_scope", operations=("getAccount",)),
           patch=_normalizing(str.lower)),
    Mutant("ids trimmed before the check", "resource_scope", kit_only("resource_scope", operations=("getAccount",)),
           patch=_normalizing(str.strip)),
    Mutant("404 only for ids that exist nowhere", "resource_scope",
           kit_only("resource_scope", operations=("getAccount",)),
           patch=_handler("getAccount", _account_exists_anywhere_first)),
    Mutant("loads the rule before checking the key", "resource_scope",
           kit_only("resource_scope", operations=("getRule",)),
           patch=_handler("getRule", _rule_loaded_before_authorized)),
    Mutant("getTransfer honours only source.id", "resource_scope",
           kit_only("resource_scope", operations=("getTransfer",)), patch=_one_field_only(0)),
    Mutant("getTransfer honours only destination.id", "resource_scope",
           kit_only("resource_scope", operations=("getTransfer",)), patch=_one_field_only(1)),
    Mutant("MANUAL_TRANSFER grants work both ways", "manual_transfer", kit_only("manual_transfer"),
           patch=_transfer_rule(_either_direction)),
    Mutant("MANUAL_TRANSFER checks the source only", "manual_transfer", kit_only("manual_transfer"),
           patch=_transfer_rule(_source_only)),
    Mutant("max_amount itself refused", "manual_transfer", kit_only("manual_transfer"),
           patch=_transfer_rule(_max_exclusive)),
    Mutant("max_amount compared in whole units", "manual_transfer", kit_only("manual_transfer"),
           patch=_transfer_rule(_max_in_whole_units)),
    Mutant("a disabled rule triggers", "rule_state", kit_only("rule_state", operations=("triggerRule",)),
           patch=_patch_disabled_rules_trigger),
    Mutant("a disabled rule is 403 forbidden", "rule_state", kit_only("rule_state", operations=("triggerRule",)),
           patch=_patch_disabled_rule_forbidden),
    Mutant("lax body types", "request_validation", kit_only("request_validation", operations=("createTransfer",)),
           patch=_lax_bodies),
    Mutant("body bounds unchecked", "request_validation",
           kit_only("request_validation", operations=("createTransfer",)), patch=_no_minimum),
    Mutant("the next page is a 500", "pagination", kit_only("pagination", operations=("listRules",)),
           patch=_next_page_fails(500)),
    Mutant("the next page is refused", "pagination", kit_only("pagination", operations=("listAccounts",)),
           patch=_next_page_fails(400)),
    Mutant("an undocumented property with the full account number", "undocumented_fields",
           kit_only("request_id", operations=("getAccount",)), wrapper=json_rewrite(_full_number_beside_masked)),
    Mutant("an undocumented nested property", "undocumented_fields",
           kit_only("pagination", operations=("listTransfers",)), wrapper=json_rewrite(_nested_extra)),
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
