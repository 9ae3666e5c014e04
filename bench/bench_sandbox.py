"""Throughput and latency of the sandbox against a Prism mock of the same spec, in one run.

Both servers run on 127.0.0.1; the load comes from a separate process (raw asyncio HTTP/1.1
keep-alive connections, 50 at once, fixed duration per endpoint). Prism (`@stoplight/prism-cli`,
pinned in bench/package-lock.json) is installed with `npm ci` into bench/ on first use.
Targets: sandbox >= 2x Prism's throughput, p99 <= 25 ms.

    .venv/bin/python bench/bench_sandbox.py [--seconds 5] [--connections 50] [--authz-examples 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from sequence_toolkit.contract.sandbox_target import free_port, start_sandbox_process, wait_up
from sequence_toolkit.keysfile import read_keys_file
from sequence_toolkit.permissions import PermissionModel

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
SPEC = REPO / "generated" / "openapi.yaml"
ENDPOINTS = {
    "GET /accounts/{id}": "/accounts/acc_01HGHI7890",
    "GET /transfers?account_id=...": "/transfers?account_id=acc_01HDEF0123",
}


# --- the load generator (runs in its own process) -------------------------------------


async def _connection(host: str, port: int, request: bytes, stop: float, latencies: list[float]) -> int:
    """One keep-alive HTTP/1.1 connection sending ``request`` until ``stop``; returns the non-200 count."""
    reader, writer = await asyncio.open_connection(host, port)
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    errors = 0
    try:
        while time.perf_counter() < stop:
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = next(
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            errors += status != 200
    finally:
        writer.close()
    return errors


async def _load(url: str, key: str, connections: int, seconds: float) -> dict[str, float]:
    parsed = httpx.URL(url)
    target = parsed.raw_path.decode()
    request = (
        f"GET {target} HTTP/1.1\r\nHost: {parsed.host}:{parsed.port}\r\nAuthorization: ApiKey {key}\r\n\r\n"
    ).encode()
    latencies: list[float] = []
    began = time.perf_counter()
    stop = began + seconds
    errors = await asyncio.gather(
        *(_connection(parsed.host, parsed.port or 80, request, stop, latencies) for _ in range(connections))
    )
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": sum(errors),
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


def load(url: str, key: str, connections: int, seconds: float) -> dict[str, float]:
    """Run the load generator in a separate process, so it does not share the server's interpreter."""
    out = subprocess.run(
        [sys.executable, __file__, "--load", url, key, str(connections), str(seconds)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(out)
    return result


# --- the servers ------------------------------------------------------------------------


def start_sandbox(tmp: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    process, base, keys_file = start_sandbox_process(tmp, settle_delay=1.0)
    keys = read_keys_file(keys_file, PermissionModel.load(SPEC))
    return process, base, next(k.secret for k in keys if k.name == "full_access")


def start_prism() -> tuple[subprocess.Popen[bytes], str]:
    prism = BENCH / "node_modules" / ".bin" / "prism"
    if not prism.exists():
        print("installing Prism (npm ci in bench/) ...", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(BENCH)], check=True)
    port = free_port()
    process = subprocess.Popen(
        [str(prism), "mock", str(SPEC), "--host", "127.0.0.1", "--port", str(port), "--errors", "false"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_up(base + "/accounts", process, seconds=60)
    return process, base


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--load":
        url, key, connections, seconds = sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
        print(json.dumps(asyncio.run(_load(url, key, connections, seconds))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--authz-examples", type=int, default=0, help="also run the authorization property test")
    args = parser.parse_args()

    results: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        sandbox, sandbox_url, key = start_sandbox(Path(tmp))
        prism, prism_url = start_prism()
        try:
            for name, path in ENDPOINTS.items():
                results[name] = {
                    "sandbox": load(sandbox_url + path, key, args.connections, args.seconds),
                    "prism": load(prism_url + path, key, args.connections, args.seconds),
                }
        finally:
            for process in (sandbox, prism):
                process.terminate()
                process.wait(timeout=10)

    print(f"{args.connections} connections, {args.seconds:.0f} s per endpoint and server, loopback, 2 cores")
    print(f"{'endpoint':32s} {'server':8s} {'req/s':>8s} {'p50 ms':>8s} {'p99 ms':>8s} {'errors':>7s}")
    for name, by_server in results.items():
        for server, r in by_server.items():
            row = f"{r['rps']:8.0f} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} {int(r['errors']):7d}"
            print(f"{name:32s} {server:8s} {row}")
        ratio = by_server["sandbox"]["rps"] / by_server["prism"]["rps"]
        print(f"{'':32s} sandbox/prism throughput: {ratio:.2f}x (target >= 2x); p99 target <= 25 ms")

    if args.authz_examples:
        env = {**os.environ, "SANDBOX_AUTHZ_EXAMPLES": str(args.authz_examples)}
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "tests/sandbox/test_sandbox_authorization.py"],
            cwd=REPO,
            env=env,
            check=True,
        )
        print(f"authorization property test, {args.authz_examples} examples: {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
