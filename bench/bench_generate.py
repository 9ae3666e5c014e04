"""Time `make generate`, whole process: a full run, an edit that touches only descriptions, a no-op.

Runs against a scratch copy of the repo, so the committed generated/ and docs/ are never touched.
Each figure is the median wall time of `python -m sequence_toolchain generate` over --runs runs:

- full: generated/.inputs.sha256 removed first, so nothing can be reused (the issue's measure);
- description edit: an operation's description changes (the models are reused, the rest is redone);
- no-op: nothing changed.

Beside them, measured in the same run on the same machine, the baseline: the same tools run one
after another, one process each (validate, bundle, openapi-python-client, datamodel-codegen, ruff,
ruff, docs), as a plain Makefile would. The machine may be busy: compare the ratio, and see the load
average printed with the figures. Targets (quiet 2-core machine): full <= 1.2 s, description edit
<= 0.8 s, no-op <= 0.1 s.

    make bench-generate            # or: .venv/bin/python bench/bench_generate.py --runs 7
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COPY = ("openapi", "client", "scripts", "src", "requirements", "pyproject.toml", "LICENSE", "generated", "docs")
DESCRIBED = "openapi/paths/accounts_id.yaml"  # the operation whose description the edit changes


def scratch_repo(into: Path) -> Path:
    for name in COPY:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, into / name)
    return into


def environment(repo: Path) -> dict[str, str]:
    bin_dir = Path(sys.executable).parent
    return {
        "PYTHONPATH": f"{repo / 'scripts'}:{repo / 'src'}",
        "PATH": str(bin_dir),
        **{k: v for k, v in os.environ.items() if k == "PYTHONDONTWRITEBYTECODE"},
    }


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the process and its children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench-generate: {' '.join(command[-2:])} failed ({done.returncode}): {done.stderr.strip()}")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def generate(repo: Path) -> tuple[float, float]:
    return timed([sys.executable, "-m", "sequence_toolchain", "generate"], repo, environment(repo))


def edit_description(repo: Path, n: int) -> None:
    """Only a description changes: the operation's, so the schemas (and the models) stay as they are."""
    path = repo / DESCRIBED
    text = re.sub(r"^(  description: )(\(\d+\) )?", rf"\g<1>({n}) ", path.read_text(), count=1, flags=re.M)
    path.write_text(text)


def sequential_baseline(repo: Path) -> dict[str, tuple[float, float]]:
    """The same tools one after another, each in its own process: what a plain Makefile would do."""
    env = environment(repo)
    out = Path(tempfile.mkdtemp())
    ruff = [str(Path(sys.executable).parent / "ruff"), "--config", str(repo / "client/ruff-generated.toml")]
    commands = {
        "validate": [sys.executable, "-m", "sequence_toolchain", "validate"],
        "bundle": [sys.executable, "-m", "sequence_toolchain", "bundle", "--output", str(out / "openapi.yaml")],
        "client (openapi-python-client)": [
            sys.executable, "-m", "openapi_python_client", "generate", "--path", str(out / "openapi.yaml"),
            "--config", str(repo / "client/generator.yaml"),
            "--custom-template-path", str(repo / "client/templates"),
            "--meta", "uv", "--output-path", str(out / "client"), "--overwrite",
        ],
        "ruff check (client)": [ruff[0], "check", "--fix-only", "--quiet", str(out / "client")],
        "ruff format (client)": [ruff[0], "format", "--quiet", str(out / "client")],
        "models (datamodel-codegen)": [
            sys.executable, "-m", "datamodel_code_generator", "--input", str(out / "openapi.yaml"),
            "--output", str(out / "models.py"),
        ],
        "ruff check (models)": [ruff[0], "check", "--fix-only", "--quiet", *ruff[1:], str(out / "models.py")],
        "ruff format (models)": [ruff[0], "format", "--quiet", *ruff[1:], str(out / "models.py")],
        "docs": [sys.executable, "-m", "sequence_toolchain", "docs"],
    }  # fmt: skip
    cwd = {"models (datamodel-codegen)": repo / "client" / "models"}  # where its settings (pyproject.toml) are
    times = {name: timed(command, cwd.get(name, repo), env) for name, command in commands.items()}
    shutil.rmtree(out)
    return times


def steps(repo: Path) -> dict[str, float]:
    """In-process timings of one full run (cumulative from the start of each phase)."""
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from sequence_toolchain import generate as gen\n"
        "t = gen.Timings()\n"
        "gen.generate(force=True, output=Path(sys.argv[1]) / 'generated', timings=t)\n"
        "print(json.dumps(t.steps))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(repo)],
        cwd=repo,
        env=environment(repo),
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def median(pairs: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    walls = [w for w, _ in pairs]
    return statistics.median(walls), min(walls), max(walls), statistics.median(c for _, c in pairs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        repo = scratch_repo(Path(tmp))
        stamp = repo / "generated" / ".inputs.sha256"
        generate(repo)  # settle: the scratch copy's own digest
        runs: dict[str, list[tuple[float, float]]] = {"full": [], "description edit": [], "no-op": []}
        baseline: list[dict[str, tuple[float, float]]] = []
        for n in range(args.runs):  # interleaved, so a burst of load hits all of them alike
            stamp.unlink()
            runs["full"].append(generate(repo))
            edit_description(repo, n)
            runs["description edit"].append(generate(repo))
            runs["no-op"].append(generate(repo))
            baseline.append(sequential_baseline(repo))
        step_times = steps(repo)
    load_after = os.getloadavg()[0]

    totals = [(sum(w for w, _ in b.values()), sum(c for _, c in b.values())) for b in baseline]
    base_wall, base_min, base_max, base_cpu = median(totals)
    print(f"make generate, whole process: median of {args.runs} runs (min-max), CPU seconds incl. children")
    print(f"load average (1 min) before/after: {load_before:.2f} / {load_after:.2f} on {os.cpu_count()} cores")
    targets = {"full": 1.2, "description edit": 0.8, "no-op": 0.1}
    for label, pairs in runs.items():
        wall, low, high, cpu = median(pairs)
        ratio = f"{base_wall / wall:5.1f}x faster than the baseline" if label != "no-op" else ""
        print(
            f"  {label:18s} {wall:6.3f} s ({low:.3f}-{high:.3f})  cpu {cpu:5.2f} s  "
            f"target <= {targets[label]:.1f} s (quiet)  {ratio}"
        )
    print(f"baseline: the same tools one after another, one process each: {base_wall:.3f} s "
          f"({base_min:.3f}-{base_max:.3f}), cpu {base_cpu:.2f} s; per tool (median):")  # fmt: skip
    for name in baseline[0]:
        print(f"  {name:40s} {statistics.median(b[name][0] for b in baseline):6.3f} s")
    print("steps of one full run (in-process, seconds since the phase began):")
    for name, seconds in step_times.items():
        print(f"  {name:60s} {seconds:6.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
