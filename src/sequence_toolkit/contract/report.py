"""The kit's output: a summary per operation, failures grouped by check and operation (a count and one
exact request each), what rate limiting hid, what could not be tried, and a JUnit XML report.
Every text passes through the target's redactor: keys appear as ``$SEQUENCE_KEY_<NAME>`` placeholders."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from .kit import Failure
from .redaction import placeholder

if TYPE_CHECKING:
    from .runner import Result


def groups(failures: list[Failure]) -> dict[tuple[str, str], list[Failure]]:
    """Failures by (check, operation), in the order first seen."""
    grouped: dict[tuple[str, str], list[Failure]] = {}
    for failure in failures:
        grouped.setdefault((failure.check, failure.operation), []).append(failure)
    return grouped


def summary(result: Result) -> str:
    record, traffic = result.record, result.target.traffic
    lines = [f"{'operation':28s} {'cases':>6s} {'2xx':>5s} {'4xx':>5s} {'429':>5s} {'5xx':>5s} failed checks"]
    for operation_id in result.operations:
        counts = record.statuses.get(operation_id) or Counter()
        failed = sorted({f.check for f in record.failures if f.operation == operation_id})
        lines.append(
            f"{operation_id:28s} {counts['cases']:6d} {counts['2xx']:5d} {counts['4xx']:5d} {counts['429']:5d} "
            f"{counts['5xx']:5d} {', '.join(failed) or '-'}"
        )
    total = sum(c["cases"] for c in record.statuses.values())
    limited = sum(c["429"] for c in record.statuses.values())
    lines.append(f"{total} requests in {result.elapsed:.1f} s ({total / max(result.elapsed, 1e-9):.0f}/s)")
    if limited:
        lines.append(
            f"rate limited: {limited} of {total} answers were 429 ({100 * limited / max(total, 1):.0f}%); "
            f"the kit waited {traffic.waited_for_retry_after:.1f} s for Retry-After (pace it with --rate)"
        )
    if record.unimplemented:
        lines.append(
            f"not implemented by the target (404/405/501 without the error envelope): {', '.join(record.unimplemented)}"
        )
    never_2xx = [op for op in result.operations if not (record.statuses.get(op) or Counter())["2xx"]]
    if never_2xx:
        lines.append(f"no 2xx response at all for: {', '.join(never_2xx)}")
    if record.inconclusive:
        lines.append(f"\n{len(record.inconclusive)} check(s) could not be decided (rate limited):")
        lines += [f"- [{f.check}] {f.operation}: {f.message}" for f in record.inconclusive[:20]]
    if record.gaps:
        lines.append(f"\nnot covered ({len(record.gaps)}):")
        lines += [f"- {gap}" for gap in record.gaps]
    if record.failures:
        grouped = groups(record.failures)
        lines.append(f"\n{len(record.failures)} failure(s) in {len(grouped)} group(s), by check and operation:")
        for (check, operation), found in grouped.items():
            first = found[0]
            more = f" (and {len(found) - 1} more like it)" if len(found) > 1 else ""
            lines.append(f"- [{check}] {operation}: {first.message}{more}")
            if first.curl:
                lines.append(f"    {first.curl}")
        used = result.target.redactor.used("\n".join(f.curl for f in record.failures))
        if used and result.keys is not None:
            names = {placeholder(k.name): k.name for k in result.keys.every}
            lines.append(
                "\nto replay: " + "; ".join(f"export {v}=<key {names.get(v, v)!r} of the keys file>" for v in used)
            )
        lines.append(f"seed: {result.seed} (run again with the same seed: SEED={result.seed} / --seed {result.seed})")
    else:
        lines.append(f"all checks passed (seed {result.seed})")
    return result.target.redactor("\n".join(lines))


def write_junit(path: Path, result: Result) -> None:
    """One test case per (operation, check) that ran; a failure element per group, with its count."""
    record, redact = result.record, result.target.redactor
    by_case: dict[tuple[str, str], list[Failure]] = {}
    for operation_id in [*result.operations, *sorted(set(record.checks) - set(result.operations))]:
        for check in sorted(record.checks.get(operation_id, ())):
            by_case[(operation_id, check)] = []
    for (check, operation), found in groups(record.failures).items():
        by_case.setdefault((operation, check), []).extend(found)
    failed = sum(1 for failures in by_case.values() if failures)
    suite = ET.Element(
        "testsuite", name="sequence-contract", tests=str(len(by_case)), failures=str(failed), errors="0",
        time=f"{result.elapsed:.3f}",
    )  # fmt: skip
    ET.SubElement(ET.SubElement(suite, "properties"), "property", name="seed", value=str(result.seed))
    for (operation_id, check), failures in by_case.items():
        case = ET.SubElement(suite, "testcase", classname=operation_id, name=check)
        if failures:
            first = failures[0]
            element = ET.SubElement(case, "failure", message=redact(first.message[:500]), type=check)
            element.text = redact(f"{len(failures)} failure(s); the first:\n{first.message}\n{first.curl}".strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
