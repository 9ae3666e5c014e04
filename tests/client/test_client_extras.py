"""What make generate adds to the client: the runtime, copied from client/, and errors.py, rendered from data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sequence_api_client._runtime as runtime
from sequence_toolchain import client_extras

from ..conftest import REPO

GENERATED_PACKAGE = REPO / "generated" / "sequence-api-client" / "sequence_api_client"


def test_status_classes_are_the_runtime_table_read_from_client() -> None:
    by_status = client_extras.status_classes()
    assert by_status == {status: cls.__name__ for status, cls in runtime.STATUS_ERRORS.items()}
    assert by_status[403] == "PermissionDeniedError"


def test_status_classes_needs_errors_module_loadable_on_its_own(tmp_path: Path) -> None:
    errors_module = tmp_path / "_errors.py"
    errors_module.write_text("from ._retry import RetryPolicy\nSTATUS_ERRORS = {}\n")
    with pytest.raises(client_extras.ClientExtrasError, match="on its own"):
        client_extras.status_classes(errors_module)


def test_error_meanings_read_the_description_table() -> None:
    description = (
        "Intro.\n\n| code | status | meaning |\n|---|---|---|\n"
        "| forbidden | 403 | The key lacks the scope. |\n| rate_limit_exceeded | 429 | Retry after `Retry-After`. |\n"
    )
    assert client_extras.error_meanings(description) == {
        "forbidden": "The key lacks the scope.",
        "rate_limit_exceeded": "Retry after `Retry-After`.",
    }
    assert client_extras.error_meanings("no table") == {}


def test_error_codes_follow_the_spec(bundled: dict[str, Any]) -> None:
    codes = client_extras.error_codes(bundled)
    schema = bundled["components"]["schemas"]["ErrorCode"]
    assert [c.code for c in codes] == schema["enum"]
    assert all(c.status == schema["x-sequence-error-statuses"][c.code] and c.meaning for c in codes)
    assert codes[0].class_name == "InvalidParametersError"


def test_render_errors_bases_each_code_on_its_status_class() -> None:
    codes = [
        client_extras.ErrorCode("forbidden", 403, "No."),
        client_extras.ErrorCode("teapot_refused", 418, ""),
    ]
    text = client_extras.render_errors(codes, {403: "PermissionDeniedError"})
    assert 'class ForbiddenError(PermissionDeniedError):\n    """403 `forbidden`: No."""' in text
    assert 'class TeapotRefusedError(APIStatusError):\n    """418 `teapot_refused`: see the API reference."""' in text
    assert '    "teapot_refused": TeapotRefusedError,\n' in text
    compile(text, "errors.py", "exec")


def test_the_runtime_is_copied_unchanged() -> None:
    source = client_extras.RUNTIME_PACKAGE
    copied = GENERATED_PACKAGE / "_runtime"
    names = sorted(p.name for p in source.glob("*.py"))
    assert names == sorted(p.name for p in copied.glob("*.py"))
    assert all((source / name).read_bytes() == (copied / name).read_bytes() for name in names)


def test_parameter_descriptions_come_from_the_spec(bundled: dict[str, Any]) -> None:
    described = client_extras.parameter_descriptions(bundled)
    account_id = bundled["components"]["parameters"]["AccountIdPath"]["description"]
    assert described["get_account"][0] == ("id", account_id)
    assert [name for name, _ in described["create_transfer"]][-1] == "body"
    marked = "        Args:\n            {{parameters:get_account}}\n"
    assert f"            id: {account_id}" in client_extras.describe_parameters(marked, described)


def test_a_marker_for_no_operation_is_a_clear_error() -> None:
    with pytest.raises(client_extras.ClientExtrasError, match="no operation for the docstring marker of get_acount"):
        client_extras.describe_parameters("    {{parameters:get_acount}}\n", {"get_account": []})
