"""The request pipeline every operation goes through: authenticate, rate-limit, check parameters and the
scope, then the handler; bodies checked against the spec's JSON schema; idempotent replays; list pages."""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jsonschema
import jsonschema.protocols
import pydantic
from starlette.requests import Request
from starlette.responses import Response

from ..keysfile import ApiKey
from ..permissions import OperationPermission, PermissionEntry, PermissionModel, TransferRequest, authorize, has_scope
from .errors import FORBIDDEN_MESSAGE, ApiError, json_response, not_found
from .keys import authenticate
from .paging import decode_cursor, page_payload
from .params import InvalidParameter, Parameter, check_header, check_query
from .ratelimit import TokenBucket
from .store import Store

MAX_BODY_BYTES = 64 * 1024
IDEMPOTENCY_WINDOW_SECONDS = 24 * 3600


@dataclass
class Settings:
    rate_limit_per_minute: int | None = 100  # None switches rate limiting off
    settle_delay_seconds: float = 1.0


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


def respond(model: type[pydantic.BaseModel], payload: dict[str, Any]) -> dict[str, Any]:
    """Check the response with the generated model, then send it in the API's field order
    (the model's dump would put inherited fields first). ``request_id`` is added by the pipeline."""
    model.model_validate({"request_id": "req_check", **payload})
    return payload
