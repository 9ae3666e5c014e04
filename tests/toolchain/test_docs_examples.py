"""The spec's per-operation examples: error examples name only what the operation can return, and the code
samples (x-codeSamples) match their operation and run against the sandbox over loopback HTTP."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sequence_toolkit.spec import Operation, Spec

from ..sandbox_server import RunningSandbox, run_sandbox

# The oracle, from the seeds and the reference (sequence-api.md): the codes each operation can answer beyond
# unauthorized, invalid_parameters and rate_limit_exceeded, which every operation can.
ALWAYS = {"unauthorized", "invalid_parameters", "rate_limit_exceeded", "forbidden"}
EXTRA_CODES = {
    "createTransfer": {"idempotency_key_mismatch", "idempotency_key_in_use", "maximum_amount_exceeded"},
    "triggerRule": {"idempotency_key_mismatch", "idempotency_key_in_use", "rule_deactivated", "resource_not_found"},
    "getAccount": {"resource_not_found"},
    "getRule": {"resource_not_found"},
    "getRuleExecution": {"resource_not_found"},
    "getTransfer": {"resource_not_found"},
    "getCard": {"resource_not_found"},
    "listCardTransactions": {"resource_not_found"},
}
# the resource a 404 names, worded as the seeds word it ("Account with id 'acc_123' was not found.")
NOT_FOUND_KIND = {
    "getAccount": ("Account", "acc_"),
    "getRule": ("Rule", "rule_"),
    "triggerRule": ("Rule", "rule_"),
    "getRuleExecution": ("Rule execution", "rex_"),
    "getTransfer": ("Transfer", "txr_"),
    "getCard": ("Card", "card_"),
    "listCardTransactions": ("Card", "card_"),
}
BASE = "https://api.getsequence.io/api/v1"


def error_examples(spec: Spec, operation: Operation) -> Iterator[tuple[str, dict[str, Any]]]:
    for status, response in operation.responses.items():
        if status.startswith(("4", "5")):
            media = response["content"]["application/json"]
            for example in media.get("examples", {}).values():
                yield status, spec.deref(example)["value"]["error"]


def test_each_operation_documents_only_the_error_codes_it_can_return(bundled: dict[str, Any]) -> None:
    spec = Spec(bundled)
    assert set(spec.operations) >= set(EXTRA_CODES)
    for operation_id, operation in spec.operations.items():
        codes = {error["code"] for _, error in error_examples(spec, operation)}
        allowed = ALWAYS | EXTRA_CODES.get(operation_id, set())
        assert codes <= allowed, f"{operation_id} documents codes it never returns: {sorted(codes - allowed)}"
        assert codes == allowed, f"{operation_id} lacks an example of {sorted(allowed - codes)}"
        for status, error in error_examples(spec, operation):
            assert spec.error_statuses[error["code"]] == int(status), (operation_id, status, error)


def test_each_404_example_names_the_operations_own_resource(bundled: dict[str, Any]) -> None:
    spec = Spec(bundled)
    for operation_id, operation in spec.operations.items():
        messages = [e["message"] for status, e in error_examples(spec, operation) if status == "404"]
        if operation_id not in NOT_FOUND_KIND:
            assert not messages, f"{operation_id} has no path id, so no 404"
            continue
        kind, prefix = NOT_FOUND_KIND[operation_id]
        assert messages and all(re.fullmatch(rf"{kind} with id '{prefix}\w+' was not found\.", m) for m in messages), (
            operation_id,
            messages,
        )


def test_the_bad_request_examples_name_a_parameter_the_operation_has(bundled: dict[str, Any]) -> None:
    spec = Spec(bundled)
    for operation_id, operation in spec.operations.items():
        for _, error in error_examples(spec, operation):
            if error["code"] != "invalid_parameters":
                continue
            named = re.match(r"(query|header) parameter '([\w-]+)'|body field '(\w+)'", error["message"])
            assert named, (operation_id, error["message"])
            if named.group(3):
                assert operation.body_schema is not None
                assert named.group(3) in spec.properties(operation.body_schema), (operation_id, error["message"])
            else:
                assert operation.parameter(named.group(1), named.group(2)) is not None, (operation_id, error["message"])


# --- code samples --------------------------------------------------------------------------------------------


def samples(operation: Operation) -> dict[str, str]:
    return {s["lang"]: s["source"] for s in operation.raw.get("x-codeSamples", [])}


def parse_curl(source: str) -> dict[str, Any]:
    words = shlex.split(source.replace("\\\n", " "))
    assert words[0] == "curl", source
    parsed: dict[str, Any] = {"headers": {}, "body": None}
    i = 1
    while i < len(words):
        flag, value = words[i], words[i + 1] if i + 1 < len(words) else ""
        if flag == "-X":
            parsed["method"] = value
        elif flag == "-H":
            name, _, header_value = value.partition(": ")
            parsed["headers"][name] = header_value
        elif flag == "-d":
            parsed["body"] = json.loads(value)
        else:
            parsed["url"] = flag
            i -= 1
        i += 2
    return parsed


def test_every_operation_has_a_curl_and_a_python_sample_that_match_it(bundled: dict[str, Any]) -> None:
    spec = Spec(bundled)
    assert bundled["servers"][0]["url"] == BASE
    for operation_id, operation in spec.operations.items():
        found = samples(operation)
        assert set(found) == {"Shell", "Python"}, operation_id
        curl = parse_curl(found["Shell"])
        assert curl["method"] == operation.method.upper(), operation_id
        url, _, query = curl["url"].partition("?")
        template = re.escape(BASE + operation.path).replace(r"\{id\}", r"[a-z]+_\w+")
        assert re.fullmatch(template, url), (operation_id, url)
        names = {pair.split("=")[0] for pair in query.split("&") if pair}
        assert all(operation.parameter("query", n) for n in names), (operation_id, names)
        required = {p.name for p in operation.parameters if p.location == "query" and p.required}
        assert required <= names, (operation_id, required - names)
        assert curl["headers"]["Authorization"] == "ApiKey $SEQUENCE_API_KEY", "a named placeholder, never a key"
        assert ("Idempotency-Key" in curl["headers"]) == (operation.parameter("header", "Idempotency-Key") is not None)
        if operation.body is not None:
            (example,) = operation.body["content"]["application/json"]["examples"].values()
            assert curl["body"] == spec.deref(example)["value"], f"{operation_id}: the curl body is the spec's example"
            assert curl["headers"]["Content-Type"] == "application/json"
        method = re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()
        assert f"client.{method}(" in found["Python"], operation_id
        assert "api_key=" not in found["Python"], "the key comes from SEQUENCE_API_KEY"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    with run_sandbox(tmp_path_factory.mktemp("sandbox")) as running:
        yield running


def run_sample(command: list[str], sandbox: RunningSandbox, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SEQUENCE_API_KEY": sandbox.keys["full_access"], "SEQUENCE_BASE_URL": sandbox.base_url}
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, cwd=tmp)


def test_the_python_samples_run_against_the_sandbox(
    bundled: dict[str, Any], sandbox: RunningSandbox, tmp_path: Path
) -> None:
    for operation_id, operation in Spec(bundled).operations.items():
        run = run_sample([sys.executable, "-c", samples(operation)["Python"]], sandbox, tmp_path)
        assert run.returncode == 0, f"{operation_id}: {run.stderr}"
        assert run.stdout.strip(), f"{operation_id} printed nothing"


def test_the_curl_samples_run_against_the_sandbox(
    bundled: dict[str, Any], sandbox: RunningSandbox, tmp_path: Path
) -> None:
    # the samples as written, pointed at the sandbox; uuidgen may be missing here, so one is defined
    prelude = 'uuidgen() { python3 -c "import uuid; print(uuid.uuid4())"; }\n'
    for operation_id, operation in Spec(bundled).operations.items():
        source = samples(operation)["Shell"].replace(BASE, sandbox.base_url)
        command = source.replace("curl -X", "curl -sS --fail-with-body -X", 1)
        run = run_sample(["bash", "-c", prelude + command], sandbox, tmp_path)
        assert run.returncode == 0, f"{operation_id}: {run.stdout} {run.stderr}"
        status = next(s for s in operation.responses if s.startswith("2"))
        schema = {**operation.response_schema(status), "components": bundled["components"]}
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.loads(run.stdout)))
        assert not errors, f"{operation_id}: the body does not match its {status} schema: {errors[0].message}"
