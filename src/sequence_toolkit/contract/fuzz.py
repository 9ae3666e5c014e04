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
from .facts import SpecFacts, error_envelope_problem, masked_problem, request_id_problem
from .inventory import RESOURCE_KIND_OBJECTS, Inventory
from .kit import Failure, Record

PHASES = ("examples", "coverage", "fuzzing", "stateful")
BUILTIN_CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
    "missing_required_header",
    "unsupported_method",
    "ignored_auth",
    "use_after_free",
    "ensure_resource_availability",
)
KIT_RESPONSE_CHECKS = ("error_envelope", "masked_fields", "request_id")

_facts_cache: dict[int, SpecFacts] = {}


def _facts(case: schemathesis.Case[Any]) -> SpecFacts:
    raw = case.operation.schema.raw_schema
    if id(raw) not in _facts_cache:
        _facts_cache[id(raw)] = SpecFacts.from_spec(raw)
    return _facts_cache[id(raw)]


def _documented(case: schemathesis.Case[Any], status: int) -> bool:
    """The kit's response checks judge the operation's documented responses (a 405 for an undeclared
    method is schemathesis' unsupported_method's business)."""
    operation = _facts(case).by_label(case.operation.label)
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
    problem = error_envelope_problem(_facts(case), response.status_code, _body(response))
    if problem:
        raise AssertionError(problem)
    return None


@schemathesis.check
def masked_fields(ctx: Any, response: schemathesis.Response, case: schemathesis.Case[Any]) -> bool | None:
    """Masked fields never carry more than their last four digits."""
    problem = masked_problem(_facts(case), _body(response))
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


POSITIVE_ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]  # schemathesis' default


def _config(seed: int | None, facts: SpecFacts) -> SchemathesisConfig:
    """Where validity depends on server state, a schema-valid request may be refused with 400: a request body
    (an account that may not be a source, a disabled rule) and, in the coverage phase, a cursor (``after``)
    the API never returned. Elsewhere positive_data_acceptance keeps schemathesis' default statuses."""
    accepted = {"positive_data_acceptance": {"expected-statuses": [*POSITIVE_ACCEPTED, "400"]}}
    operations: list[dict[str, Any]] = []
    for operation in facts.operations.values():
        if operation.body_schema is not None:
            operations.append({"include-operation-id": operation.operation_id, "checks": accepted})
        elif operation.paginated:
            operations.append(
                {"include-operation-id": operation.operation_id, "phases": {"coverage": {"checks": accepted}}}
            )
    return SchemathesisConfig.from_dict({**({"seed": seed} if seed is not None else {}), "operations": operations})


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
    spec: Mapping[str, Any],
    facts: SpecFacts,
    model: PermissionModel,
    inventory: Inventory,
    record: Record,
    *,
    authorization: str,
    full_grants: Sequence[tuple[str, str]],
    operations: Sequence[str],
    base_url: str,
    app: Any = None,
    max_examples: int = 100,
    seed: int | None = None,
    workers: int = 1,
    phases: Sequence[str] = PHASES,
    progress: Callable[[str], None] = lambda _: None,
) -> None:
    loaded = schemathesis.openapi.from_dict(copy.deepcopy(dict(spec)), config=_config(seed, facts))
    schema = loaded.include(operation_id=list(operations))
    if app is not None:
        schema.app = app
    schema.config.update(base_url=base_url, headers={"Authorization": authorization}, workers=workers)
    schema.config.generation.update(max_examples=max_examples)
    schema.config.phases.update(phases=list(phases))
    schema.config.checks.update(included_check_names=[*BUILTIN_CHECKS, *KIT_RESPONSE_CHECKS])

    values = real_values(model, inventory, full_grants)
    lock = threading.Lock()

    def operation_id(operation: Any) -> str:
        found = facts.by_label(operation.label)
        return found.operation_id if found else operation.label

    def flatmap_case(ctx: Any, case: schemathesis.Case[Any]) -> st.SearchStrategy[schemathesis.Case[Any]]:
        return _with_real_data(case, values.get(operation_id(case.operation), {}))

    def after_call(ctx: Any, case: schemathesis.Case[Any], response: schemathesis.Response) -> None:
        with lock:
            record.response(operation_id(case.operation), response.status_code)

    for hook in (flatmap_case, after_call):
        schema.hooks.register_hook_with_name(hook, hook.__name__)

    for event in from_schema(schema).execute():
        if isinstance(event, events.PhaseStarted):
            progress(f"schemathesis: {event.phase.name.value} phase")
        elif isinstance(event, events.ScenarioFinished):
            _collect(event, record, operation_id)
        elif isinstance(event, events.NonFatalError):
            message = next((line for line in str(event.info).splitlines() if line.strip()), "error")
            record.failures.append(Failure("schemathesis_error", event.label, message))
        elif isinstance(event, events.FatalError):
            raise RuntimeError(f"schemathesis stopped: {event.exception}") from event.exception


def _collect(event: events.ScenarioFinished, record: Record, operation_id: Callable[[Any], str]) -> None:
    recorder = event.recorder
    for case_id, nodes in recorder.checks.items():
        case_node = recorder.cases.get(case_id)
        op = operation_id(case_node.value.operation) if case_node else recorder.label
        for node in nodes:
            record.ran(op, node.name)
            if node.status == Status.FAILURE and node.failure_info is not None:
                failure = node.failure_info.failure
                message = f"{failure.title}: {failure.message}".strip().replace("\n", " ")
                entry = Failure(node.name, op, message, _curl_line(node.failure_info.code_sample))
                if entry not in record.failures:
                    record.failures.append(entry)


def _curl_line(code_sample: str) -> str:
    lines = [line for line in code_sample.splitlines() if line.strip().startswith("curl")]
    return lines[0].strip() if lines else code_sample.strip()
