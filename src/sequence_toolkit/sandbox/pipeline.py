"""The request pipeline every operation goes through: authenticate, rate-limit, check parameters and the
scope, then the handler; bodies checked against the spec's JSON schema; idempotent replays; list pages."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jsonschema
import jsonschema.protocols
import pydantic
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from ..keysfile import ApiKey
from ..permissions import OperationPermission, PermissionEntry, PermissionModel, TransferRequest, authorize, has_scope
from .body import receive_json
from .errors import FORBIDDEN_MESSAGE, ApiError, json_response, not_found
from .keys import authenticate
from .paging import decode_cursor, page_payload
from .params import InvalidParameter, Parameter, check_header, check_query
from .ratelimit import TokenBucket
from .store import Store

LOG = logging.getLogger("sequence_toolkit.sandbox")
INTERNAL_ERROR_MESSAGE = "The server failed to handle the request."
IDEMPOTENCY_WINDOW_SECONDS = 24 * 3600


@dataclass
class Settings:
    rate_limit_per_minute: int | None = 100  # None switches rate limiting off
    settle_delay_seconds: float = 1.0
    body_timeout_seconds: float = 10.0  # a request body must arrive within this


def new_request_id() -> str:
    return "req_" + secrets.token_hex(10)


def error_response(error: ApiError, request_id: str) -> Response:
    """An error in the API's envelope, with the request id in the body and the X-Request-ID header."""
    body = {"error": {"code": error.code, "message": error.message}, "request_id": request_id}
    return json_response(error.status, body, {"X-Request-ID": request_id, **error.headers})


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
    body: Any = None  # the JSON body, checked against the spec's schema (None: no body)
    idempotency_key: str | None = None  # a UUID, lowercased: the same key however it is spelled

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
    body_required: dict[str, bool] = field(default_factory=dict)  # operations that take a body

    @property
    def request_id_parameter(self) -> Mapping[tuple[str, str], Parameter]:
        """X-Request-ID's definition (the same on every operation), also for requests no operation matches."""
        return next(iter(self.params.values()), {})

    # --- the pipeline every request goes through ------------------------------------

    def request_id(self, request: Request) -> tuple[str, str | None]:
        """The request's id (its valid X-Request-ID, else a new one) and the error of an invalid X-Request-ID."""
        try:
            given = check_header(self.request_id_parameter, request.headers, "X-Request-ID")
        except InvalidParameter as exc:
            return new_request_id(), str(exc)
        return (given or new_request_id()), None

    async def handle(self, operation_id: str, handler: Handler, request: Request) -> Response:
        """Decide a request in the documented order (see :mod:`.app`), then run its handler."""
        params = self.params[operation_id]
        request_id, bad_request_id = self.request_id(request)
        try:
            key = self._authenticate(request)
            self._rate_limit(key)
            if bad_request_id is not None:
                raise ApiError(400, "invalid_parameters", bad_request_id)
            try:
                query = check_query(params, request.query_params)
                idempotency_key = check_header(params, request.headers, "Idempotency-Key")
                if idempotency_key is not None:  # one key however it is spelled (hex digits in either case)
                    idempotency_key = idempotency_key.lower()
            except InvalidParameter as exc:
                raise ApiError(400, "invalid_parameters", str(exc)) from None
            body = None
            if operation_id in self.body_required:
                body = await receive_json(
                    request,
                    self.body_validators.get(operation_id),
                    self.body_required[operation_id],
                    self.settings.body_timeout_seconds,
                )
            permission = self.model.for_operation(operation_id)
            if not has_scope(permission, key.entries):
                raise ApiError(403, "forbidden", FORBIDDEN_MESSAGE)
            context = Context(
                request, key, permission, query, dict(request.path_params), params, request_id, body, idempotency_key
            )
            status, payload = await handler(self, context)
            return json_response(status, {"request_id": request_id, **payload}, {"X-Request-ID": request_id})
        except ApiError as error:
            return error_response(error, request_id)
        except ClientDisconnect:  # nobody to answer: no response is sent, nothing worth a traceback
            return Response(status_code=400, headers={"Connection": "close"})
        except Exception:  # a bug: still the envelope and the request id, and the connection stays usable
            LOG.exception("sandbox: %s failed (request %s)", operation_id, request_id)
            return error_response(ApiError(500, "internal_error", INTERNAL_ERROR_MESSAGE), request_id)

    def _authenticate(self, request: Request) -> ApiKey:
        unauthorized = ApiError(401, "unauthorized", "Missing or invalid API key.")
        values = request.headers.getlist("authorization")
        if len(values) != 1:  # none, or two: which one is meant is ambiguous
            raise unauthorized
        scheme, _, secret = values[0].partition(" ")
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

    def json_body(self, context: Context, model: type[pydantic.BaseModel]) -> Any:
        """The request body (read and checked against the spec by the pipeline) as ``model``."""
        try:
            return model.model_validate(context.body if context.body is not None else {})
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
        idem_key = context.idempotency_key
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
