"""make fuzz-sandbox: schemathesis' own CLI against a freshly served sandbox, for a bounded time.

Every check, positive and negative data, the examples, coverage, fuzzing and stateful phases (stateful
through the spec's links). The sandbox runs on a free loopback port with rate limiting off; schemathesis gets
the full-access key through the environment (``SEQUENCE_KEY_FULL_ACCESS``, never on a command line) and
dictionaries of the demo data's ids, so that requests reach real objects rather than 404s only. Afterwards
the JSON report is summarised: cases, statuses, and each failure with its check and operation.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from sequence_toolkit.contract.sandbox_target import sandbox_over_http
from sequence_toolkit.keysfile import read_keys_file
from sequence_toolkit.permissions import PermissionModel
from sequence_toolkit.sandbox.seed import ACCOUNTS, CARDS, ORG_DEMO, SEED_RULES
from sequence_toolkit.spec import bundled_spec_path

ORG_OTHER_SAMPLE = {"accounts": "acc_02HAAA0001", "rules": "rule_02HBBB0001", "cards": "card_02HEEE0001"}
EXECUTIONS = ["rex_01HMNO6789", "rex_01HMNO6791", "rex_02HDDD0001"]
TRANSFERS = ["txr_01HPQR1234", "txr_01HPQR1238", "txr_02HCCC0001"]
BINDINGS = {  # operationId -> {parameter: dictionary}
    "getAccount": {"path.id": "accounts"},
    "getRule": {"path.id": "rules"},
    "triggerRule": {"path.id": "rules"},
    "getRuleExecution": {"path.id": "executions"},
    "listRuleExecutions": {"query.rule_id": "rules"},
    "getTransfer": {"path.id": "transfers"},
    "listTransfers": {"query.account_id": "accounts"},
    "createTransfer": {"body.source_account_id": "accounts", "body.destination_account_id": "accounts"},
    "listCards": {"query.account_id": "accounts"},
    "getCard": {"path.id": "cards"},
    "listCardTransactions": {"path.id": "cards"},
}


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def config_text() -> str:
    """schemathesis.toml: the key from the environment, the demo data's ids as dictionaries."""
    dictionaries = {
        "accounts": [a.id for a in ACCOUNTS if a.org_id == ORG_DEMO] + [ORG_OTHER_SAMPLE["accounts"]],
        "rules": [r.id for r in SEED_RULES if r.org_id == ORG_DEMO] + [ORG_OTHER_SAMPLE["rules"]],
        "cards": [c.id for c in CARDS if c.org_id == ORG_DEMO] + [ORG_OTHER_SAMPLE["cards"]],
        "executions": EXECUTIONS,
        "transfers": TRANSFERS,
    }
    lines = ["[auth.openapi.ApiKeyAuth]", 'api_key = "ApiKey ${SEQUENCE_KEY_FULL_ACCESS}"', ""]
    for name, values in dictionaries.items():
        lines += [f"[dictionaries.{name}]", f"values = {toml_list(values)}", ""]
    for operation_id, bindings in BINDINGS.items():
        inline = ", ".join(f'"{p}" = {{ dictionary = "{d}", probability = 0.8 }}' for p, d in bindings.items())
        lines += ["[[operations]]", f'include-operation-id = "{operation_id}"', f"parameters = {{ {inline} }}", ""]
    return "\n".join(lines)


# every failure schemathesis may still report, by the sandbox's answer, with why it is not a server bug
EXPLAINED = {
    "is not a cursor this API returned": (
        "positive_data_acceptance: `after` is an opaque cursor; a string the API never issued is refused with 400"
        " (the contract kit's valid_data_accepted makes the same exception)"
    ),
    "is not of type 'integer'": (
        "positive_data_acceptance: JSON Schema counts 3.0 as an integer; the sandbox takes only integral JSON"
        " numbers, as issue 14 asks (1.0 is not an amount in cents)"
    ),
    "header parameter 'Idempotency-Key' must match": (
        "positive_data_acceptance: schemathesis sent an Idempotency-Key (e.g. `0`) that does not match the spec's"
        " UUID pattern, so its case was not schema-valid: a false positive of the tool"
    ),
    "with a manual trigger only": (
        "positive_data_acceptance: state, not schema: manual_execute_amount sent to a rule whose trigger is not manual"
    ),
}


def summarise(report: Path, output: str) -> tuple[int, Counter[str]]:
    """Cases generated (schemathesis' JSON report) and the failures in its output, each explained or not."""
    document: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    cases = int(document.get("test_cases", {}).get("generated", 0))
    failures: Counter[str] = Counter()
    blocks = re.split(r"\n(?=\s*\d+\. Test Case ID:)", output.split("= FAILURES =", 1)[-1].split("= SUMMARY =")[0])
    for block in blocks[1:]:
        code = re.search(r"- (ST\d+ [^\n]+)", block)
        if code is None:  # "Failed to extract data": a link from an empty page, a warning rather than a failure
            failures["warning: a stateful link found no item to follow (an empty page); not a failure"] += 1
            continue
        reason = next((why for marker, why in EXPLAINED.items() if marker in block), None)
        failures[f"{code.group(1)}: {reason or 'UNEXPLAINED, see above'}"] += 1
    for error in document.get("errors", []):
        failures[f"schemathesis error: {error.get('title')} (in the tool, see its output)"] += int(
            error.get("count", 1)
        )
    return cases, failures


def summary_block(output: str, heading: str) -> str:
    """The lines under ``heading`` in schemathesis' summary, up to the next blank line."""
    after = output.split("= SUMMARY =", 1)[-1].split(heading, 1)
    return after[1].split("\n\n", 1)[0] if len(after) == 2 else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=300, help="schemathesis' --max-time (default 300)")
    parser.add_argument("--seed", type=int, help="schemathesis' --seed, for a reproducible run")
    parser.add_argument("--workers", default="1", help="schemathesis' --workers (default 1)")
    parser.add_argument("--report-dir", type=Path, help="keep the reports here (default: a temporary folder)")
    parser.add_argument("extra", nargs="*", help="more schemathesis run options, after --")
    args = parser.parse_args()
    executable = Path(sys.executable).parent / "schemathesis"
    with sandbox_over_http(settle_delay=0.05) as (target, keys_file), tempfile.TemporaryDirectory() as tmp:
        report_dir = (args.report_dir or Path(tmp) / "report").resolve()
        config = Path(tmp) / "schemathesis.toml"
        config.write_text(config_text(), encoding="utf-8")
        keys = read_keys_file(keys_file, PermissionModel.load(bundled_spec_path()))
        full = next(k for k in keys if k.name == "full_access")
        command = [
            str(executable), "--no-color", "--config-file", str(config), "run", str(bundled_spec_path()),
            "--url", target.base_url, "--checks", "all", "--mode", "all",
            "--phases", "examples,coverage,fuzzing,stateful", "--max-time", str(args.seconds),
            "--workers", str(args.workers), "--report", "json", "--report-dir", str(report_dir),
            "--suppress-health-check", "too_slow,filter_too_much", "--request-timeout", "10",
            *(["--seed", str(args.seed)] if args.seed is not None else []), *args.extra,
        ]  # fmt: skip
        print(f"fuzz-sandbox: schemathesis on {target.base_url} for {args.seconds} s (key: SEQUENCE_KEY_FULL_ACCESS)")
        env = {**os.environ, "SEQUENCE_KEY_FULL_ACCESS": full.secret}
        # run where schemathesis' cache of crashes (.schemathesis/) is thrown away with the temporary folder
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True, cwd=tmp)
        assert process.stdout is not None
        output = []
        for line in process.stdout:
            print(line, end="", flush=True)
            output.append(line)
        returncode = process.wait()
        reports = sorted(report_dir.glob("*.json"))
        if reports:
            cases, failures = summarise(reports[-1], "".join(output))
            found = sum(n for line, n in failures.items() if line.startswith("ST"))
            left = sum(n for line, n in failures.items() if line.startswith("ST") and "UNEXPLAINED" in line)
            print(f"fuzz-sandbox: {cases} cases generated; {found} failure(s) reported, {left} of them unexplained")
            for line, count in failures.most_common():
                print(f"  {count:5d} x {line}")
            block = summary_block("".join(output), "Failures:")
            listed = sum(int(n) for n in re.findall(r"^\s*❌ .+: (\d+)$", block, re.M))
            if returncode == 1 and found == listed and not left:  # schemathesis' failures, each one explained
                print("fuzz-sandbox: every failure is explained above (none is a server bug): exit 0")
                return 0
    return returncode


if __name__ == "__main__":
    sys.exit(main())
