"""No false alarms: the default run passes on the sandbox for several seeds, and on correct servers of
other designs (opaque cursors of another format; rate limiting on). ``make test`` runs two seeds and each
variant once; ``make contract-soak`` (marker ``soak``) runs SOAK_SEEDS seeds (default 20) of each."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest

from sequence_toolkit.contract import Options, Result, run
from sequence_toolkit.contract.sandbox_target import sandbox_in_process
from sequence_toolkit.spec import load_document

from ..asgi_rewrite import json_rewrite

SPEC = load_document()
PREFIX = "pg2."


def _encode(cursor: str) -> str:
    return PREFIX + cursor[::-1].encode().hex()


def _decode(value: str) -> str:
    try:
        return bytes.fromhex(value.removeprefix(PREFIX)).decode()[::-1] if value.startswith(PREFIX) else "~"
    except ValueError:
        return "~"


def _cursor_in(scope: dict[str, Any]) -> dict[str, Any]:
    query = parse_qsl(scope["query_string"].decode(), keep_blank_values=True)
    return {**scope, "query_string": urlencode([(k, _decode(v) if k == "after" else v) for k, v in query]).encode()}


def _cursor_out(scope: dict[str, Any], status: int, body: Any) -> tuple[int, Any]:
    info = body.get("page_info") if isinstance(body, dict) else None
    if isinstance(info, dict) and isinstance(info.get("end_cursor"), str):
        info["end_cursor"] = _encode(info["end_cursor"])
    return status, body


#: A correct server whose cursors look nothing like the sandbox's: ``pg2.<hex of the reversed cursor>``.
#: A cursor it never issued (any other string) is refused with 400, as the spec says.
other_cursors = json_rewrite(_cursor_out, request=_cursor_in)


def run_on(variant: str, seed: int, rate_limit: int = 100, cap: float = 2.0, **options: Any) -> Result:
    wrapper = other_cursors if variant == "other_cursors" else None
    limit = rate_limit if variant == "rate_limited" else None
    with sandbox_in_process(SPEC, settle_delay=0.05, app_wrapper=wrapper, rate_limit=limit) as (target, keys):
        target.retry_after_cap = cap
        return run(SPEC, target, keys, Options(seed=seed, **options))


@pytest.mark.parametrize("seed", [101, 202])
def test_the_default_run_is_clean_on_the_sandbox(seed: int) -> None:
    result = run_on("sandbox", seed, max_examples=25)
    assert result.ok, result.summary()
    assert all(result.record.statuses[op]["2xx"] for op in result.operations), result.summary()


def test_another_cursor_format_is_no_failure() -> None:
    result = run_on("other_cursors", 303, max_examples=15)
    assert result.ok, result.summary()
    assert result.target.traffic.statuses.get(200), "the variant answered"


def test_rate_limiting_is_waited_out_and_reported() -> None:
    result = run_on("rate_limited", 404, rate_limit=4, cap=0.3, max_examples=5, phases=("kit", "examples"),
                    operations=("getAccount",))  # fmt: skip
    assert result.ok, result.summary()
    assert result.target.traffic.statuses.get(429), "the kit's own requests met the rate limit"
    assert result.target.traffic.waited_for_retry_after > 0, "and waited out Retry-After"
    assert result.record.statuses["getAccount"]["429"] > 0 and "rate limited:" in result.summary()
    for hidden in result.record.inconclusive:  # what the limit hid is said, not failed
        assert hidden.message.startswith("rate limited (429") and "could not be decided" in result.summary()


SOAK = [
    (variant, 1000 + n)
    for variant in ("sandbox", "other_cursors")
    for n in range(int(os.environ.get("SOAK_SEEDS", "20")))
]


@pytest.mark.soak
@pytest.mark.parametrize("variant, seed", SOAK, ids=[f"{v}-{s}" for v, s in SOAK])
def test_soak(variant: str, seed: int) -> None:
    result = run_on(variant, seed)
    assert result.ok, result.summary()


@pytest.mark.soak
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_soak_rate_limited(seed: int) -> None:
    result = run_on("rate_limited", seed, max_examples=20)
    assert result.ok, result.summary()
