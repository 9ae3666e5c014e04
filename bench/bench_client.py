"""The generated client's cost against bare httpx, and its models against the pydantic models, in one run.

1. N GET /accounts/{id} on a sandbox subprocess (loopback, rate limit off): through
   ``Sequence.get_account`` (retries on, parsed into the client's models) and through a bare
   ``httpx.Client`` with the same pool (``response.json()``). Rounds alternate so drift in the
   machine hits both alike. Target: client time <= 1.1x bare httpx.
2. Parsing M account objects: the client's attrs models (``Account.from_dict``) against the
   pydantic models (``sequence_api_models.Account.model_validate``).

    .venv/bin/python bench/bench_client.py [--calls 2000] [--objects 10000] [--rounds 4]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sequence_api_client import Sequence
from sequence_api_client.models import Account
from sequence_api_models import Account as PydanticAccount

from sequence_toolkit.contract.sandbox_target import sandbox_over_http
from sequence_toolkit.keysfile import read_keys_file
from sequence_toolkit.permissions import PermissionModel

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "generated" / "openapi.yaml"
ACCOUNT = "acc_01HGHI7890"


def timed(work: Callable[[], object], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        work()
    return time.perf_counter() - started


def bench_calls(base_url: str, key: str, calls: int, rounds: int) -> tuple[float, float]:
    per_round = calls // rounds
    limits = httpx.Limits(max_connections=10, max_keepalive_connections=10)
    headers = {"Authorization": f"ApiKey {key}"}
    bare = httpx.Client(base_url=base_url, headers=headers, limits=limits, timeout=30)
    client = Sequence(key, base_url=base_url, http_client=httpx.Client(limits=limits, timeout=30))

    def through_httpx() -> object:
        response = bare.get(f"/accounts/{ACCOUNT}")
        response.raise_for_status()
        return response.json()

    def through_client() -> object:
        return client.get_account(ACCOUNT)

    for warm_up in (through_httpx, through_client):  # pools and code paths
        timed(warm_up, 200)
    bare_time = client_time = 0.0
    for _ in range(rounds):
        bare_time += timed(through_httpx, per_round)
        client_time += timed(through_client, per_round)
    bare.close()
    client.close()
    return bare_time, client_time


def bench_parsing(account: dict[str, Any], objects: int) -> tuple[float, float]:
    payloads = [dict(account, id=f"acc_{i:010d}") for i in range(objects)]

    def attrs_models() -> object:
        return [Account.from_dict(p) for p in payloads]

    def pydantic_models() -> object:
        return [PydanticAccount.model_validate(p) for p in payloads]

    for warm_up in (attrs_models, pydantic_models):
        warm_up()
    return timed(attrs_models, 1), timed(pydantic_models, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()

    with sandbox_over_http(SPEC) as (target, keys_file):
        keys = read_keys_file(keys_file, PermissionModel.load(SPEC))
        key = next(k.secret for k in keys if k.name == "full_access")
        bare_time, client_time = bench_calls(target.base_url, key, args.calls, args.rounds)
        with Sequence(key, base_url=target.base_url) as client:
            account = client.get_account(ACCOUNT).data.to_dict()

    per_call = args.calls // args.rounds * args.rounds
    ratio = client_time / bare_time
    print(f"{per_call} x GET /accounts/{{id}} on the sandbox (loopback), {args.rounds} alternating rounds:")
    print(f"  bare httpx        {bare_time:7.3f} s  {bare_time / per_call * 1e6:7.0f} us/call")
    print(f"  Sequence client   {client_time:7.3f} s  {client_time / per_call * 1e6:7.0f} us/call")
    print(f"  client / httpx    {ratio:7.2f} x   (target <= 1.10x: {'met' if ratio <= 1.1 else 'MISSED'})")

    attrs_time, pydantic_time = bench_parsing(account, args.objects)
    print(f"parsing {args.objects} account objects:")
    for name, seconds in (
        ("client models (attrs from_dict)", attrs_time),
        ("pydantic (model_validate)", pydantic_time),
    ):
        print(f"  {name:34} {seconds:7.3f} s  {seconds / args.objects * 1e6:6.1f} us/object")
    print(f"  client / pydantic                  {attrs_time / pydantic_time:7.2f} x")


if __name__ == "__main__":
    main()
