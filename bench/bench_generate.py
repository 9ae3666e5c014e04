"""Time `make generate`: a full run (spec changed), a no-op run, and each step.

Runs against a scratch copy of the repo so the committed generated/ is never
touched. Targets on 2 cores: full <= 2.0 s, no-op <= 0.2 s. The baseline printed
beside them is the same work run one step after another (no parallelism), in the
same run, on the same machine.

    make bench-generate            # or: .venv/bin/python bench/bench_generate.py --runs 5
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COPY = ("openapi", "client", "scripts", "src", "requirements", "pyproject.toml", "generated")


def scratch_repo(into: Path) -> Path:
    for name in COPY:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, into / name)
    return into


def run(repo: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sequence_toolchain", *args],
        cwd=repo,
        env={"PYTHONPATH": f"{repo / 'scripts'}:{repo / 'src'}", "PATH": str(Path(sys.executable).parent)},
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def touch_spec(repo: Path, n: int) -> None:
    """A real spec change: the API summary gains a marker, so the digest and every output change."""
    root = repo / "openapi" / "sequence.yaml"
    text = re.sub(r"^  summary: (\(\d+\) )?", f"  summary: ({n}) ", root.read_text(), count=1, flags=re.M)
    root.write_text(text)


def steps(repo: Path) -> dict[str, float]:
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from sequence_toolchain import generate as gen\n"
        "t = gen.Timings()\n"
        "gen.generate(force=True, output=Path(sys.argv[1]) / 'generated', timings=t)\n"
        "print(json.dumps(t.steps))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(repo)],
        cwd=repo,
        env={"PYTHONPATH": f"{repo / 'scripts'}:{repo / 'src'}", "PATH": str(Path(sys.executable).parent)},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def sequential_baseline(repo: Path) -> dict[str, float]:
    """The same tools one after another, each in its own process: what a plain Makefile would do."""
    bin_dir = Path(sys.executable).parent
    env = {"PYTHONPATH": f"{repo / 'scripts'}:{repo / 'src'}", "PATH": str(bin_dir)}
    out = Path(tempfile.mkdtemp())
    commands = {
        "validate (prance + lint)": [sys.executable, "-m", "sequence_toolchain", "validate"],
        "bundle": [sys.executable, "-m", "sequence_toolchain", "bundle", "--output", str(out / "openapi.yaml")],
        "client (openapi-python-client)": [
            sys.executable, "-m", "openapi_python_client", "generate", "--path", str(out / "openapi.yaml"),
            "--config", str(repo / "client/generator.yaml"),
            "--custom-template-path", str(repo / "client/templates"),
            "--meta", "uv", "--output-path", str(out / "client"), "--overwrite",
        ],
        "models (datamodel-codegen)": [
            sys.executable, "-m", "datamodel_code_generator", "--input", str(out / "openapi.yaml"),
            "--output", str(out / "models.py"),
        ],
    }  # fmt: skip
    cwd = {"models (datamodel-codegen)": repo / "client" / "models"}  # where its settings (pyproject.toml) are
    times = {}
    for name, command in commands.items():
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd.get(name, repo), env=env, check=True, capture_output=True)
        times[name] = time.perf_counter() - started
    shutil.rmtree(out)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = scratch_repo(Path(tmp))
        full, noop = [], []
        for n in range(args.runs):
            touch_spec(repo, n)
            full.append(run(repo, "generate"))
            noop.append(run(repo, "generate"))
        step_times = steps(repo)
        baseline = sequential_baseline(repo)

    print(f"make generate on {REPO.name}, {args.runs} runs each (median; min-max)")
    for label, times, target in (("full (spec changed)", full, 2.0), ("no-op", noop, 0.2)):
        spread = f"({min(times):.3f}-{max(times):.3f})"
        print(f"  {label:20s} {statistics.median(times):6.3f} s  {spread}  target <= {target:.3f} s")
    print("steps of one full run (in-process timings):")
    for name, seconds in step_times.items():
        print(f"  {name:42s} {seconds:6.2f} s")
    print("baseline: the same tools run one after another, one process each:")
    for name, seconds in baseline.items():
        print(f"  {name:42s} {seconds:6.2f} s")
    total = sum(baseline.values())
    print(f"  {'total':42s} {total:6.2f} s   (full generate is {total / statistics.median(full):.1f}x faster)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
