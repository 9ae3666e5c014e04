"""The kit's output: a summary per operation, the failures with a curl line each, and a JUnit XML report."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .kit import Failure, Record


def summary(record: Record, operations: Sequence[str], elapsed: float) -> str:
    lines = [f"{'operation':28s} {'cases':>6s} {'2xx':>5s} {'4xx':>5s} {'5xx':>5s} {'failed checks':s}"]
    for operation_id in operations:
        counts = record.statuses.get(operation_id) or Counter()
        failed = sorted({f.check for f in record.failures if f.operation == operation_id})
        lines.append(
            f"{operation_id:28s} {counts.get('cases', 0):6d} {counts.get('2xx', 0):5d} {counts.get('4xx', 0):5d} "
            f"{counts.get('5xx', 0):5d} {', '.join(failed) or '-'}"
        )
    total = sum(c.get("cases", 0) for c in record.statuses.values())
    lines.append(f"{total} requests in {elapsed:.1f} s ({total / max(elapsed, 1e-9):.0f}/s)")
    never_2xx = [op for op in operations if not (record.statuses.get(op) or Counter())["2xx"]]
    if never_2xx:
        lines.append(f"no 2xx response at all for: {', '.join(never_2xx)}")
    if record.failures:
        lines.append(f"\n{len(record.failures)} failure(s):")
        for failure in record.failures:
            lines.append(f"- [{failure.check}] {failure.operation}: {failure.message}")
            if failure.curl:
                lines.append(f"    {failure.curl}")
    else:
        lines.append("all checks passed")
    return "\n".join(lines)


def write_junit(path: Path, record: Record, operations: Sequence[str], elapsed: float) -> None:
    """One test case per (operation, check) that ran; a failure element per failure."""
    by_case: dict[tuple[str, str], list[Failure]] = {}
    for operation_id in [*operations, *sorted(set(record.checks) - set(operations))]:
        for check in sorted(record.checks.get(operation_id, ())):
            by_case[(operation_id, check)] = []
    for failure in record.failures:
        by_case.setdefault((failure.operation, failure.check), []).append(failure)
    failed = sum(1 for failures in by_case.values() if failures)
    suite = ET.Element(
        "testsuite",
        name="sequence-contract",
        tests=str(len(by_case)),
        failures=str(failed),
        errors="0",
        time=f"{elapsed:.3f}",
    )
    for (operation_id, check), failures in by_case.items():
        case = ET.SubElement(suite, "testcase", classname=operation_id, name=check)
        for failure in failures:
            element = ET.SubElement(case, "failure", message=failure.message[:500], type=check)
            element.text = f"{failure.message}\n{failure.curl}".strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    path.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
