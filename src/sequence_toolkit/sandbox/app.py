"""The sandbox's ASGI app: a route per path of the spec, each method through the pipeline to its handler.

Served under the spec's base path (``/api/v1``, from ``servers[0].url``) and, as an alias, at ``/``.

The order a request is decided in (stated in the spec's security scheme too):

1. 401 ``unauthorized``: no ``Authorization`` header, two of them, another scheme, an unknown or revoked key;
2. 429 ``rate_limit_exceeded``: the key's budget is spent;
3. 400 ``invalid_parameters``: a header (X-Request-ID, Idempotency-Key), a query parameter or the body does
   not match the spec (the body is read, up to 64 KiB, only from here on);
4. 403 ``forbidden``: the key has no entry for the operation's scope;
5. the resource: for an id in the path or a query filter, 403 before 404 (whether an id the key does not hold
   exists is not told); for an object loaded by its id, 404 before 403 (another organization's object is 404);
6. the operation's own checks (e.g. 403 ``rule_deactivated``, 400 for accounts a transfer cannot use).

Anything else answers in the same envelope with X-Request-ID: 404 for a path the API does not have, 405 with
``Allow`` for a method a path does not have, 500 for a failure of the sandbox itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from ..permissions import PermissionModel
from ..spec import Spec, base_path
from .body import body_required
from .body import body_validators as body_validators  # re-exported: tests replace it here
from .errors import ApiError
from .handlers import HANDLERS
from .params import operation_parameters
from .pipeline import INTERNAL_ERROR_MESSAGE, LOG, Sandbox, Settings, error_response
from .store import Store


class PathEndpoint:
    """The ASGI app of one path: every method reaches it; a method the path lacks gets 405 with ``Allow``."""

    def __init__(self, sandbox: Sandbox, methods: dict[str, str]) -> None:
        self.sandbox, self.methods, self.allow = sandbox, methods, ", ".join(sorted(methods))

    async def respond(self, request: Request) -> Response:
        operation_id = self.methods.get(request.method)
        if operation_id is None:
            message = f"{request.method} is not allowed here; allowed: {self.allow}."
            error = ApiError(405, "method_not_allowed", message, {"Allow": self.allow})
            return error_response(error, self.sandbox.request_id(request)[0])
        return await self.sandbox.handle(operation_id, HANDLERS[operation_id], request)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.respond(Request(scope, receive, send))
        await response(scope, receive, send)


def create_app(store: Store, spec: Mapping[str, Any], settings: Settings | None = None) -> Starlette:
    """The ASGI app; routes come from the spec's paths, one handler per operationId."""
    model = PermissionModel.from_spec(spec)
    sandbox = Sandbox(store, model, settings or Settings(), operation_parameters(spec))
    sandbox.body_validators = body_validators(Spec(spec))
    sandbox.body_required = body_required(Spec(spec))
    missing = set(model.operations) - set(HANDLERS)
    if missing:
        raise RuntimeError(f"the sandbox has no handler for {sorted(missing)}")
    methods_by_path: dict[str, dict[str, str]] = {}
    for permission in model.operations.values():
        methods_by_path.setdefault(permission.path, {})[permission.method.upper()] = permission.operation_id

    prefix = base_path(spec)
    routes = []
    for path, methods in methods_by_path.items():
        endpoint = PathEndpoint(sandbox, methods)
        routes += [Route(mounted + path, endpoint, methods=None) for mounted in dict.fromkeys([prefix, ""])]

    async def not_found(request: Request, _exc: Exception) -> Response:
        message = f"There is no operation at {request.url.path}; the API is served under {prefix or '/'}."
        return error_response(ApiError(404, "resource_not_found", message), sandbox.request_id(request)[0])

    async def server_error(request: Request, exc: Exception) -> Response:
        LOG.error("sandbox: unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
        error = ApiError(500, "internal_error", INTERNAL_ERROR_MESSAGE)
        return error_response(error, sandbox.request_id(request)[0])

    app = Starlette(routes=routes, exception_handlers={404: not_found, Exception: server_error})
    app.router.redirect_slashes = False  # a redirect would be built from the Host header
    app.state.sandbox = sandbox
    app.state.base_path = prefix
    return app
