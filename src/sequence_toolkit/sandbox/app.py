"""The sandbox's HTTP API: every operation of the spec, on the store, with the permission model enforced.

Each request goes through the decision order of :mod:`sequence_toolkit.permissions`:
401 (key) → 429 (rate limit) → 400 (parameters, body) → 403 (scope) → 404 (loaded
object) → 403 (resource). Bodies are checked and responses built with the generated
pydantic models.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import jsonschema
import jsonschema.protocols
import pydantic
import pydantic_core
import referencing
import referencing.jsonschema
import sequence_api_models as models
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..permissions import OperationPermission, PermissionEntry, PermissionModel, TransferRequest, authorize, has_scope
from ..spec import Spec, join
from .keys import ApiKey, authenticate
from .params import InvalidParameter, Parameter, check_header, check_query, operation_parameters
from .store import Store, account_summary, card_detail, card_transaction, rule_summary
from .transfers import create_transfer

MAX_BODY_BYTES = 64 * 1024
IDEMPOTENCY_WINDOW_SECONDS = 24 * 3600


@dataclass
class Settings:
    rate_limit_per_minute: int | None = 100  # None switches rate limiting off
    settle_delay_seconds: float = 1.0


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = dict(headers or {})


def not_found(kind: str, ident: str) -> ApiError:
    return ApiError(404, "resource_not_found", f"{kind} with id '{ident}' was not found.")


FORBIDDEN_MESSAGE = "This API key does not have the required permission."


@dataclass
class TokenBucket:
    capacity: int
    tokens: float
    updated: float

    def take(self, now: float) -> float:
        """0 when a token was taken, else the seconds until one is available."""
        refill = self.capacity / 60.0
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * refill)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / refill


@dataclass
class Context:
    """What a handler gets: the request, the key, the checked parameters."""

    request: Request
    key: ApiKey
    permission: OperationPermission
    query: dict[str, Any]
    path: dict[str, str]
    params: Mapping[tuple[str, str], Parameter]
    request_id: str

    def load_then_authorize(self, loader: Callable[[str, str], dict[str, Any] | None], kind: str) -> dict[str, Any]:
        """For ``loaded_object`` operations: 404 unless the object is in the key's organization, then 403 unless
        the key holds one of the object's resource fields."""
        loaded = loader(self.key.org_id, self.path["id"])
        if loaded is None:
            raise not_found(kind, self.path["id"])
        self.authorize(self.permission.resource_ids(loaded=loaded))
        return loaded

    def authorize_then_load(self, loader: Callable[[str, str], dict[str, Any] | None], kind: str) -> dict[str, Any]:
        """For ``path_parameter`` operations: 403 unless the key holds the id (whether or not it exists), then 404."""
        self.authorize(self.permission.resource_ids(path_params=self.path))
        loaded = loader(self.key.org_id, self.path["id"])
        if loaded is None:
            raise not_found(kind, self.path["id"])
        return loaded

    def authorize(self, resource_ids: tuple[str, ...] = (), transfer: TransferRequest | None = None) -> None:
        decision = authorize(self.permission, self.key.entries, resource_ids=resource_ids, transfer=transfer)
        if not decision.allowed:
            message = FORBIDDEN_MESSAGE if decision.code == "forbidden" else decision.reason
            raise ApiError(403, decision.code or "forbidden", message)


Handler = Callable[["Sandbox", Context], Awaitable[tuple[int, Any]]]


def encode_cursor(seq: int | None) -> str | None:
    return None if seq is None else base64.urlsafe_b64encode(f"cursor:{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = text.partition(":")
        if kind != "cursor" or not value.isdigit():
            raise ValueError
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiError(400, "invalid_parameters", "query parameter 'after' is not a cursor this API returned") from None


def page_payload(items: list[dict[str, Any]], end: int | None, more: bool) -> dict[str, Any]:
    return {"data": items, "page_info": {"end_cursor": encode_cursor(end), "has_next_page": more}}


def equal_filters(where: str, args: list[Any], query: Mapping[str, Any], *names: str) -> tuple[str, list[Any]]:
    """Add ``AND name = ?`` for each optional filter the request gave."""
    for name in names:
        if name in query:
            where, args = where + f" AND {name} = ?", [*args, query[name]]
    return where, args


def created_range(query: Mapping[str, Any]) -> tuple[str, list[Any]]:
    clauses, args = [], []
    for name, op in (("from", ">="), ("to", "<")):
        if isinstance(query.get(name), datetime):
            clauses.append(f"created_at {op} ?")
            args.append(query[name].strftime("%Y-%m-%dT%H:%M:%SZ"))
    return "".join(f" AND {c}" for c in clauses), args


@dataclass
class Sandbox:
    store: Store
    model: PermissionModel
    settings: Settings = field(default_factory=Settings)
    params: dict[str, dict[tuple[str, str], Parameter]] = field(default_factory=dict)
    buckets: dict[str, TokenBucket] = field(default_factory=dict)
    bucket_lock: threading.Lock = field(default_factory=threading.Lock)
    parsed_permissions: dict[str, tuple[PermissionEntry, ...]] = field(default_factory=dict)
    body_validators: dict[str, jsonschema.protocols.Validator] = field(default_factory=dict)

    # --- the pipeline every request goes through ------------------------------------

    async def handle(self, operation_id: str, handler: Handler, request: Request) -> Response:
        params = self.params[operation_id]
        request_id = request.headers.get("x-request-id") or "req_" + secrets.token_hex(10)
        try:
            try:
                check_header(params, request.headers, "X-Request-ID")
            except InvalidParameter as exc:
                request_id = "req_" + secrets.token_hex(10)
                raise ApiError(400, "invalid_parameters", str(exc)) from None
            key = self._authenticate(request)
            self._rate_limit(key)
            try:
                query = check_query(params, request.query_params)
            except InvalidParameter as exc:
                raise ApiError(400, "invalid_parameters", str(exc)) from None
            permission = self.model.for_operation(operation_id)
            context = Context(request, key, permission, query, dict(request.path_params), params, request_id)
            if not has_scope(permission, key.entries):
                raise ApiError(403, "forbidden", FORBIDDEN_MESSAGE)
            status, payload = await handler(self, context)
            return json_response(status, {"request_id": request_id, **payload}, {"X-Request-ID": request_id})
        except ApiError as error:
            body = {"error": {"code": error.code, "message": error.message}, "request_id": request_id}
            return json_response(error.status, body, {"X-Request-ID": request_id, **error.headers})

    def _authenticate(self, request: Request) -> ApiKey:
        unauthorized = ApiError(401, "unauthorized", "Missing or invalid API key.")
        scheme, _, secret = request.headers.get("authorization", "").partition(" ")
        if scheme != "ApiKey" or not secret or " " in secret.strip():
            raise unauthorized
        key = authenticate(self.store, self.model, secret.strip(), self.parsed_permissions)
        if key is None or key.revoked:
            raise unauthorized
        return key

    def _rate_limit(self, key: ApiKey) -> None:
        limit = self.settings.rate_limit_per_minute
        if not limit:
            return
        now = time.monotonic()
        with self.bucket_lock:
            bucket = self.buckets.setdefault(key.id, TokenBucket(limit, float(limit), now))
            wait = bucket.take(now)
        if wait:
            seconds = max(1, int(wait + 0.999))
            raise ApiError(
                429,
                "rate_limit_exceeded",
                f"Rate limit exceeded; retry after {seconds} seconds.",
                {"Retry-After": str(seconds)},
            )

    async def json_body(self, context: Context, model: type[pydantic.BaseModel], required: bool) -> Any:
        raw = await context.request.body()
        if len(raw) > MAX_BODY_BYTES:
            raise ApiError(400, "invalid_parameters", f"the body is larger than {MAX_BODY_BYTES} bytes")
        if not raw.strip():
            if required:
                raise ApiError(400, "invalid_parameters", "a JSON body is required")
            return model.model_validate({})
        content_type = context.request.headers.get("content-type", "")
        if content_type.split(";")[0].strip() != "application/json":
            raise ApiError(400, "invalid_parameters", "the body must be application/json")
        try:
            document = json.loads(raw)
        except ValueError:
            raise ApiError(400, "invalid_parameters", "the body is not valid JSON") from None
        validator = self.body_validators.get(context.permission.operation_id)
        error = next(iter(validator.iter_errors(document)), None) if validator is not None else None
        if error is not None:  # the spec's JSON schema, strictly: "150" is no integer, null no string
            where = ".".join(str(p) for p in error.absolute_path) or "body"
            raise ApiError(400, "invalid_parameters", f"body field '{where}': {error.message}")
        try:
            return model.model_validate(document)
        except pydantic.ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "body"
            raise ApiError(400, "invalid_parameters", f"body field '{where}': {first['msg']}") from None

    def list_page(
        self,
        c: Context,
        table: str,
        where: str,
        args: list[Any],
        *,
        newest_first: bool,
        item: Callable[[Any], dict[str, Any]],
        model: type[pydantic.BaseModel],
    ) -> tuple[int, dict[str, Any]]:
        """One page of ``table`` for a list operation: ``first``/``after`` from the query, items through ``item``."""
        rows, end, more = self.store.page(
            table,
            where,
            args,
            first=c.query["first"],
            after=decode_cursor(c.query.get("after")),
            newest_first=newest_first,
        )
        return 200, respond(model, page_payload([item(r) for r in rows], end, more))

    # --- idempotency --------------------------------------------------------------------

    def idempotent(
        self, context: Context, body: Any, effect: Callable[[], tuple[int, dict[str, Any]]]
    ) -> tuple[int, dict[str, Any]]:
        """Run ``effect`` once per (key, Idempotency-Key); replays return the first response."""
        try:
            idem_key = check_header(context.params, context.request.headers, "Idempotency-Key")
        except InvalidParameter as exc:
            raise ApiError(400, "invalid_parameters", str(exc)) from None
        if idem_key is None:
            return effect()
        digest = hashlib.sha256(
            json.dumps([context.permission.operation_id, context.path, body], sort_keys=True, default=str).encode()
        ).hexdigest()
        with self.store.transaction() as db:  # serialises concurrent requests with the same key
            db.execute("DELETE FROM idempotency WHERE created_at < ?", (time.time() - IDEMPOTENCY_WINDOW_SECONDS,))
            row = db.execute(
                "SELECT * FROM idempotency WHERE key_id = ? AND idempotency_key = ?", (context.key.id, idem_key)
            ).fetchone()
            if row is not None:
                if row["request_hash"] != digest:
                    raise ApiError(
                        400, "idempotency_key_mismatch", "This Idempotency-Key was used with a different request."
                    )
                return int(row["status_code"]), dict(json.loads(row["response"]))
            status, payload = effect()
            db.execute(
                "INSERT INTO idempotency VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    context.key.id,
                    idem_key,
                    context.permission.operation_id,
                    digest,
                    status,
                    json.dumps(payload),
                    time.time(),
                ),
            )
            return status, payload


def json_response(status: int, body: Any, headers: Mapping[str, str]) -> Response:
    """Compact UTF-8 JSON (as Starlette's JSONResponse writes it), encoded by pydantic-core: faster than ``json``."""
    return Response(pydantic_core.to_json(body), status, headers, media_type="application/json")


def respond(model: type[pydantic.BaseModel], payload: dict[str, Any]) -> dict[str, Any]:
    """Check the response with the generated model, then send it in the API's field order
    (the model's dump would put inherited fields first). ``request_id`` is added by the pipeline."""
    model.model_validate({"request_id": "req_check", **payload})
    return payload


# --- handlers, one per operation -----------------------------------------------------


async def list_accounts(s: Sandbox, c: Context) -> tuple[int, Any]:
    where, args = equal_filters("org_id = ?", [c.key.org_id], c.query, "type")
    return s.list_page(
        c, "accounts", where, args, newest_first=False, item=account_summary, model=models.AccountListResponse
    )


async def get_account(s: Sandbox, c: Context) -> tuple[int, Any]:
    account = c.authorize_then_load(s.store.account, "Account")
    return 200, respond(models.AccountResponse, {"data": account})


async def list_rules(s: Sandbox, c: Context) -> tuple[int, Any]:
    where, args = equal_filters("org_id = ?", [c.key.org_id], c.query, "source_id")
    return s.list_page(
        c,
        "rules",
        where,
        args,
        newest_first=False,
        item=lambda r: rule_summary(r, s.store.account_ref(r["source_id"])),
        model=models.RuleListResponse,
    )


async def get_rule(s: Sandbox, c: Context) -> tuple[int, Any]:
    rule = c.authorize_then_load(s.store.rule, "Rule")
    return 200, respond(models.RuleResponse, {"data": rule})


async def trigger_rule(s: Sandbox, c: Context) -> tuple[int, Any]:
    body = await s.json_body(c, models.TriggerRuleRequest, required=False)
    rule = c.authorize_then_load(s.store.rule, "Rule")
    if rule["status"] != "enabled":
        raise ApiError(403, "rule_deactivated", f"Rule '{rule['id']}' is disabled.")
    amount = body.manual_execute_amount
    if amount is not None and rule["trigger"]["type"] != "manual":
        raise ApiError(400, "invalid_parameters", "manual_execute_amount applies to rules with a manual trigger only")
    from .engine import start_execution  # the rule engine needs the transfer machinery

    def effect() -> tuple[int, dict[str, Any]]:
        execution_id = start_execution(s.store, c.key.org_id, rule, amount, s.settings.settle_delay_seconds)
        return 202, respond(models.TriggerRuleResponse, {"data": {"execution_id": execution_id}})

    return s.idempotent(c, body.model_dump(mode="json"), effect)


async def list_rule_executions(s: Sandbox, c: Context) -> tuple[int, Any]:
    c.authorize(c.permission.resource_ids(query=c.query))
    where, args = equal_filters(
        "org_id = ? AND rule_id = ?", [c.key.org_id, c.query["rule_id"]], c.query, "status", "trigger_type"
    )
    extra, extra_args = created_range(c.query)
    return s.list_page(
        c,
        "rule_executions",
        where + extra,
        args + extra_args,
        newest_first=True,
        item=lambda r: dict(json.loads(r["body"])),
        model=models.RuleExecutionListResponse,
    )


async def get_rule_execution(s: Sandbox, c: Context) -> tuple[int, Any]:
    execution = c.load_then_authorize(s.store.execution, "Rule execution")
    return 200, respond(models.RuleExecutionResponse, {"data": execution})


async def list_transfers(s: Sandbox, c: Context) -> tuple[int, Any]:
    c.authorize(c.permission.resource_ids(query=c.query))
    account, role = c.query["account_id"], c.query["account_role"]
    where = {"source": "source_id = ?", "destination": "destination_id = ?"}.get(
        role, "(source_id = ? OR destination_id = ?)"
    )
    args: list[Any] = [c.key.org_id, account] + ([account] if role == "either" else [])
    where, args = equal_filters("org_id = ? AND " + where, args, c.query, "direction", "origin", "status")
    return s.list_page(
        c, "transfers", where, args, newest_first=True, item=s.store.transfer_detail, model=models.TransferListResponse
    )


async def get_transfer(s: Sandbox, c: Context) -> tuple[int, Any]:
    transfer = c.load_then_authorize(s.store.transfer, "Transfer")
    return 200, respond(models.TransferResponse, {"data": transfer})


async def create_transfer_handler(s: Sandbox, c: Context) -> tuple[int, Any]:
    body = await s.json_body(c, models.CreateTransferRequest, required=True)
    c.authorize(transfer=TransferRequest(body.source_account_id, body.destination_account_id, body.amount_in_cents))

    def effect() -> tuple[int, dict[str, Any]]:
        try:
            transfer = create_transfer(
                s.store,
                c.key.org_id,
                source_id=body.source_account_id,
                destination_id=body.destination_account_id,
                amount=body.amount_in_cents,
                description=body.description,
                origin="user",
                settle_delay=s.settings.settle_delay_seconds,
            )
        except ValueError as exc:
            raise ApiError(400, "invalid_parameters", str(exc)) from None
        return 202, respond(models.TransferResponse, {"data": transfer})

    return s.idempotent(c, body.model_dump(mode="json"), effect)


async def list_cards(s: Sandbox, c: Context) -> tuple[int, Any]:
    c.authorize(c.permission.resource_ids(query=c.query))
    where, args = equal_filters(
        "org_id = ? AND account_id = ?", [c.key.org_id, c.query["account_id"]], c.query, "status", "type"
    )
    return s.list_page(c, "cards", where, args, newest_first=False, item=card_detail, model=models.CardListResponse)


async def get_card(s: Sandbox, c: Context) -> tuple[int, Any]:
    card = c.load_then_authorize(s.store.card, "Card")
    return 200, respond(models.CardResponse, {"data": card})


async def list_card_transactions(s: Sandbox, c: Context) -> tuple[int, Any]:
    card = c.load_then_authorize(s.store.card, "Card")
    where, args = equal_filters("org_id = ? AND card_id = ?", [c.key.org_id, card["id"]], c.query, "direction")
    extra, extra_args = created_range(c.query)
    return s.list_page(
        c,
        "card_transactions",
        where + extra,
        args + extra_args,
        newest_first=True,
        item=card_transaction,
        model=models.CardTransactionListResponse,
    )


HANDLERS: dict[str, Handler] = {
    "listAccounts": list_accounts,
    "getAccount": get_account,
    "listRules": list_rules,
    "getRule": get_rule,
    "triggerRule": trigger_rule,
    "listRuleExecutions": list_rule_executions,
    "getRuleExecution": get_rule_execution,
    "listTransfers": list_transfers,
    "getTransfer": get_transfer,
    "createTransfer": create_transfer_handler,
    "listCards": list_cards,
    "getCard": get_card,
    "listCardTransactions": list_card_transactions,
}


def body_validators(spec: Spec) -> dict[str, jsonschema.protocols.Validator]:
    """A JSON-schema validator for each operation's request body, resolving references within the spec."""
    uri = "urn:sequence-spec"
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(
        uri, referencing.Resource.from_contents(dict(spec.document), referencing.jsonschema.DRAFT202012)
    )
    validators: dict[str, jsonschema.protocols.Validator] = {}
    for operation in spec.operations.values():
        if operation.body_schema is not None:
            pointer = join(operation.pointer, "requestBody", "content", "application/json", "schema")
            validators[operation.operation_id] = jsonschema.Draft202012Validator(
                {"$ref": f"{uri}#{pointer}"}, registry=registry
            )
    return validators


def create_app(store: Store, spec: Mapping[str, Any], settings: Settings | None = None) -> Starlette:
    """The ASGI app; routes come from the spec's paths, one handler per operationId."""
    model = PermissionModel.from_spec(spec)
    sandbox = Sandbox(store, model, settings or Settings(), operation_parameters(spec))
    sandbox.body_validators = body_validators(Spec(spec))
    missing = set(model.operations) - set(HANDLERS)
    if missing:
        raise RuntimeError(f"the sandbox has no handler for {sorted(missing)}")
    routes = []
    for permission in model.operations.values():
        handler = HANDLERS[permission.operation_id]

        async def endpoint(request: Request, op: str = permission.operation_id, h: Handler = handler) -> Response:
            return await sandbox.handle(op, h, request)

        routes.append(Route(permission.path, endpoint, methods=[permission.method.upper()]))
    app = Starlette(routes=routes)
    app.state.sandbox = sandbox
    return app
