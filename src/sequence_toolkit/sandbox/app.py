"""The sandbox's ASGI app: a route per operation of the spec, each through the pipeline to its handler.

The order a request is decided in: 400 for a malformed X-Request-ID, then 401 (key) → 429 (rate limit)
→ 400 (query parameters) → 403 (scope) → in the handler, 400 (body) and the resource check: 403 before
404 for ids in the path or the query (existence does not leak), 404 before 403 for loaded objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jsonschema
import jsonschema.protocols
import referencing
import referencing.jsonschema
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..permissions import PermissionModel
from ..spec import Spec, join
from .handlers import HANDLERS
from .params import operation_parameters
from .pipeline import Handler, Sandbox, Settings
from .store import Store


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
