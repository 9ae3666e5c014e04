"""The schemathesis part of the kit: generated cases for every operation, the stateful phase through the
spec's OpenAPI links, schemathesis' built-in checks plus the kit's response checks, on real ids.

It drives schemathesis' engine (what ``schemathesis run`` runs) and turns its events into the kit's
:class:`~.kit.Record`: cases and status classes per operation, which checks ran, and failures with a curl line.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import schemathesis
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from ..permissions import LoadedObject, ManualTransferRule, PathParameter, PermissionModel, QueryParameter
from ..spec import Operation, Spec
from .inventory import RESOURCE_KIND_OBJECTS, Inventory
from .kit import Failure, Record
from .redaction import Redactor
from .responses import error_envelope_problem, masked_problem, request_id_problem, undocumented_problem

PHASES = ("examples", "coverage", "fuzzing", "stateful")
BUILTIN_CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "missing_required_header",
    "unsupported_method",
    "ignored_auth",
    "use_after_free",
    "ensure_resource_availability",
)
KIT_RESPONSE_CHECKS = ("error_envelope", "masked_fields", "undocumented_fields", "request_id", "valid_data_accepted")

_specs: dict[int, Spec] = {}  # the running schema's raw document -> the run's Spec (set by run_fuzz)
_issued_cursors: set[str] = set()  # every end_cursor the target returned in this run: the only valid `after`s


def _spec(case: schemathesis.Case[Any]) -> Spec:
    raw = case.operation.schema.raw_schema
    return _specs.get(id(raw)) or _specs.setdefault(id(raw), Spec(raw))


def _operation(case: schemathesis.Case[Any]) -> Operation | None:
    method, _, path = case.operation.label.partition(" ")
    return _spec(case).operation_at(method, path)


def _documented(case: schemathesis.Case[Any], status: int) -> bool:
    """The kit's response checks judge the operation's documented responses (a 405 for an undeclared
    method is schemathesis' unsupported_method's business)."""
    operation = _operation(case)
    return operation is not None and str(status) in operation.statuses


def _body(response: schemathesis.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


@schemathesis.check
def error_envelope(ctx: Any, response: schemathesis.Response, case: schemathesis.Case[Any]) -> bool | None:
    """Every error status carries the error envelope with a code documented for that status."""
    if not _documented(case, response.status_code):
        return None
    problem = error_envelope_problem(_spec(case), response.status_code, _body(response))
    if problem:
        raise AssertionError(problem)
    return None


@schemathesis.check
def masked_fields(ctx: Any, response: schemathesis.Response, case: schemathesis.Case[Any]) -> bool | None:
    """Masked fields never carry more than their last four digits."""
    problem = masked_problem(_spec(case), _body(response))
    if problem:
        raise AssertionError(problem)
    return None


@schemathesis.check
def undocumented_fields(ctx: Any, response: schemathesis.Response, case: schemathesis.Case[Any]) -> bool | None:
    """A closed response (``x-sequence-closed-responses``) carries no property the spec does not document."""
    operation = _operation(case)
    if operation is None:
        return None
    problem = undocumented_problem(_spec(case), operation.response_schema(str(response.status_code)), _body(response))
    if problem:
        raise AssertionError(problem)
    return None


@schemathesis.check
def request_id(ctx: Any, response: schemathesis.Response, case: schemathesis.Case[Any]) -> bool | None:
    """Every response has X-Request-ID, equal to the body's request_id (fuzzed requests may send an invalid one)."""
    if not _documented(case, response.status_code):
        return None
    header = response.headers.get("x-request-id")
    problem = request_id_problem(None, header[0] if isinstance(header, list) else header, _body(response))
    if problem:
        raise AssertionError(problem)
    return None


def real_values(
    model: PermissionModel, inventory: Inventory, full_grants: Sequence[tuple[str, str]]
) -> dict[str, dict[str, Any]]:
    """Per operationId: path/query parameters and body fields with the ids they may take on the target."""
    values: dict[str, dict[str, Any]] = {}
    for permission in model.operations.values():
        check = permission.check
        kind = RESOURCE_KIND_OBJECTS.get(permission.scope.resource_kind)
        if isinstance(check, PathParameter) and kind:
            values[permission.operation_id] = {"path": {check.parameter: inventory.ids(kind)}}
        elif isinstance(check, QueryParameter) and kind:
            values[permission.operation_id] = {"query": {check.parameter: inventory.ids(kind)}}
        elif isinstance(check, LoadedObject):
            values[permission.operation_id] = {"path": {check.parameter: inventory.ids(check.object)}}
        elif isinstance(check, ManualTransferRule) and full_grants:
            values[permission.operation_id] = {"body": (check.source, check.target, list(full_grants))}
    return values


ACCEPTED = (200, 201, 202, 204, 401, 403, 404, 409, 429)  # a valid request may still meet state or credentials


@schemathesis.check
def valid_data_accepted(ctx: Any, response: schemathesis.Response, case: schemathesis.Case[Any]) -> bool | None:
    """A request valid by the spec is not refused with 400, unless its validity depends on what the server
    holds: an ``after`` cursor the server never issued, or a body (accounts that may not move money, a rule
    whose trigger takes no amount). A case missing a required parameter (a link from a null field) is not
    valid data at all. 5xx is not_a_server_error's business."""
    operation = _operation(case)
    if case.meta is None or not case.meta.generation.mode.is_positive or operation is None:
        return None
    if response.status_code in ACCEPTED or response.status_code >= 500:
        return None
    for parameter in operation.parameters:
        values = {"path": case.path_parameters, "query": case.query}.get(parameter.location)
        if parameter.required and values is not None and (values or {}).get(parameter.name) is None:
            return None
    after = (case.query or {}).get("after")
    if after is not None and str(after) not in _issued_cursors:
        return None
    if operation.body_schema is not None and response.status_code == 400:
        return None
    raise AssertionError(
        f"Valid data should have been accepted: a request valid by the spec got {response.status_code}"
    )


def _config(seed: int, rate: str | None) -> SchemathesisConfig:
    """Links only where the spec declares them: an inferred link may fill a required parameter from a null."""
    return SchemathesisConfig.from_dict(
        {
            "seed": seed,
            **({"rate-limit": rate} if rate else {}),
            "phases": {"stateful": {"inference": {"algorithms": []}}},
        }
    )


def _with_real_data(case: schemathesis.Case[Any], real: Mapping[str, Any]) -> st.SearchStrategy[schemathesis.Case[Any]]:
    """Half the positive cases get real ids in place of generated ones; positive cases drop a generated
    ``after``: a cursor is valid only when the API returned it (the kit's pagination check covers bad ones).
    Negative cases are left alone."""
    positive = case.meta is None or case.meta.generation.mode.is_positive
    if not positive:  # a real id in place of the invalid part would make the case valid
        return st.just(case)
    if isinstance(case.query, dict):
        case.query.pop("after", None)
    options: list[st.SearchStrategy[Callable[[schemathesis.Case[Any]], None]]] = []
    for location in ("path", "query"):
        choices = {name: ids for name, ids in real.get(location, {}).items() if ids}
        if choices:
            strategy = st.fixed_dictionaries({name: st.sampled_from(ids) for name, ids in choices.items()})
            options.append(strategy.map(partial(_setter, location)))
    if "body" in real and isinstance(case.body, dict):
        source, target, pairs = real["body"]
        options.append(st.sampled_from(pairs).map(lambda p: lambda c: _set(c, "body", {source: p[0], target: p[1]})))
    if not options:
        return st.just(case)

    def apply(changes: list[Callable[[schemathesis.Case[Any]], None]]) -> schemathesis.Case[Any]:
        for change in changes:
            change(case)
        return case

    return st.one_of(st.just(case), st.tuples(*options).map(lambda changes: apply(list(changes))))


def _setter(location: str, ids: Mapping[str, str]) -> Callable[[schemathesis.Case[Any]], None]:
    return lambda case: _set(case, location, ids)


def _set(case: schemathesis.Case[Any], location: str, ids: Mapping[str, str]) -> None:
    target: Any = {"path": case.path_parameters, "query": case.query, "body": case.body}[location]
    if isinstance(target, dict):
        target.update(ids)


def run_fuzz(
    spec: Spec,
    model: PermissionModel,
    inventory: Inventory,
    record: Record,
    redactor: Redactor,
    *,
    authorization: str,
    full_grants: Sequence[tuple[str, str]],
    operations: Sequence[str],
    base_url: str,
    seed: int,
    app: Any = None,
    max_examples: int = 100,
    workers: int = 1,
    phases: Sequence[str] = PHASES,
    rate: str | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> None:
    loaded = schemathesis.openapi.from_dict(copy.deepcopy(dict(spec.document)), config=_config(seed, rate))
    schema = loaded.include(operation_id=list(operations))
    if app is not None:
        schema.app = app
    schema.config.update(base_url=base_url, headers={"Authorization": authorization}, workers=workers)
    schema.config.generation.update(max_examples=max_examples)
    schema.config.phases.update(phases=list(phases))
    schema.config.checks.update(included_check_names=[*BUILTIN_CHECKS, *KIT_RESPONSE_CHECKS])

    values = real_values(model, inventory, full_grants)
    lock = threading.Lock()
    _issued_cursors.clear()  # cursors of another run's server are not this one's
    _specs.clear()  # an id() of a finished run's document may be reused
    _specs[id(schema.raw_schema)] = spec

    def operation_id(operation: Any) -> str:
        method, _, path = operation.label.partition(" ")
        found = spec.operation_at(method, path)
        return found.operation_id if found else operation.label

    def flatmap_case(ctx: Any, case: schemathesis.Case[Any]) -> st.SearchStrategy[schemathesis.Case[Any]]:
        return _with_real_data(case, values.get(operation_id(case.operation), {}))

    def after_call(ctx: Any, case: schemathesis.Case[Any], response: schemathesis.Response) -> None:
        body = _body(response)
        cursor = ((body.get("page_info") or {}) if isinstance(body, dict) else {}).get("end_cursor")
        with lock:
            record.response(operation_id(case.operation), response.status_code)
            if isinstance(cursor, str):
                _issued_cursors.add(cursor)

    for hook in (flatmap_case, after_call):
        schema.hooks.register_hook_with_name(hook, hook.__name__)

    for event in from_schema(schema).execute():
        if isinstance(event, events.PhaseStarted):
            progress(f"schemathesis: {event.phase.name.value} phase")
        elif isinstance(event, events.ScenarioFinished):
            _collect(event, record, operation_id, redactor)
        elif isinstance(event, events.NonFatalError) and type(event.value).__name__ == "NoLinksFound":
            record.gap("stateful phase: the spec declares no link among the selected operations")
        elif isinstance(event, events.NonFatalError):
            method, _, path = event.label.partition(" ")
            found = spec.operation_at(method, path)
            message = next((line for line in str(event.info).splitlines() if line.strip()), "error")
            error = Failure("schemathesis_error", found.operation_id if found else event.label, redactor(message))
            record.add(error)
        elif isinstance(event, events.FatalError):
            raise RuntimeError(f"schemathesis stopped: {redactor(str(event.exception))}") from None


def _collect(
    event: events.ScenarioFinished, record: Record, operation_id: Callable[[Any], str], redactor: Redactor
) -> None:
    """Failed checks of a scenario, each with the failing request itself (a stateful step, not the first)."""
    recorder = event.recorder
    for case_id, nodes in recorder.checks.items():
        case_node = recorder.cases.get(case_id)
        op = operation_id(case_node.value.operation) if case_node else recorder.label
        for node in nodes:
            record.ran(op, node.name)
            if node.status == Status.FAILURE and node.failure_info is not None:
                failure = node.failure_info.failure
                message = redactor(f"{failure.title}: {failure.message}".strip().replace("\n", " "))
                interaction = recorder.interactions.get(case_id)
                if interaction is not None:
                    sent = interaction.request
                    headers = [(k, v) for k, values in sent.headers.items() for v in _listed(values)]
                    line = redactor.curl(sent.method, sent.uri, headers, sent.body)
                else:
                    line = redactor(_curl_line(node.failure_info.code_sample))
                record.add(Failure(node.name, op, message, line))


def _listed(values: Any) -> list[str]:
    return [str(v) for v in values] if isinstance(values, list | tuple) else [str(values)]


def _curl_line(code_sample: str) -> str:
    lines = [line for line in code_sample.splitlines() if line.strip().startswith("curl")]
    return lines[0].strip() if lines else code_sample.strip()
