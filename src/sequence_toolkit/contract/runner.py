"""One contract run: read the keys, discover the target's data, run the kit's checks, then schemathesis."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..permissions import PermissionModel
from . import checks as kit_checks
from .facts import SpecFacts
from .fuzz import PHASES, run_fuzz
from .inventory import discover
from .keyring import KeyRing
from .kit import Failure, Kit, Record
from .report import summary, write_junit
from .target import Target

KIT_PHASE = "kit"  # the kit's own checks, next to schemathesis' phases
ALL_PHASES = (KIT_PHASE, *PHASES)


@dataclass(frozen=True)
class Options:
    max_examples: int = 100
    seed: int | None = None
    workers: int = 1
    phases: Sequence[str] = ALL_PHASES
    operations: Sequence[str] = ()  # operationIds or tags; empty: all
    checks: Sequence[str] = ()  # the kit's checks to run; empty: all

    def validate(self, facts: SpecFacts) -> None:
        unknown = [p for p in self.phases if p not in ALL_PHASES]
        if unknown:
            raise ValueError(f"unknown phase(s) {unknown}; choose from {', '.join(ALL_PHASES)}")
        names = set(facts.operations) | {t for o in facts.operations.values() for t in o.tags}
        unknown = [o for o in self.operations if o not in names]
        if unknown:
            raise ValueError(f"unknown operation(s) or tag(s) {unknown}; operationIds: {', '.join(facts.operations)}")
        unknown = [c for c in self.checks if c not in kit_checks.CHECKS]
        if unknown:
            raise ValueError(f"unknown check(s) {unknown}; choose from {', '.join(kit_checks.CHECKS)}")
        if self.max_examples < 1 or self.workers < 1:
            raise ValueError("max examples and workers must be at least 1")


@dataclass
class Result:
    record: Record
    operations: tuple[str, ...]
    elapsed: float

    @property
    def ok(self) -> bool:
        return not self.record.failures

    @property
    def failures(self) -> list[Failure]:
        return self.record.failures

    def failed_checks(self) -> set[str]:
        return {f.check for f in self.record.failures}

    def summary(self) -> str:
        return summary(self.record, self.operations, self.elapsed)

    def write_junit(self, path: Path) -> None:
        write_junit(path, self.record, self.operations, self.elapsed)

    def raise_for_failures(self) -> None:
        if not self.ok:
            raise AssertionError("the contract kit found failures:\n" + self.summary())


def select_operations(facts: SpecFacts, wanted: Sequence[str]) -> tuple[str, ...]:
    if not wanted:
        return tuple(facts.operations)
    return tuple(
        o.operation_id for o in facts.operations.values() if o.operation_id in wanted or set(o.tags) & set(wanted)
    )


def run(
    spec: Mapping[str, Any],
    target: Target,
    keys_file: Path,
    options: Options | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> Result:
    """Run the kit against ``target``; raises ``KeysFileError`` (before any request) for a bad keys file."""
    options = options or Options()
    facts = SpecFacts.from_spec(spec)
    options.validate(facts)
    model = PermissionModel.from_spec(spec)
    keys = KeyRing.load(keys_file, model)
    started = time.perf_counter()
    operations = select_operations(facts, options.operations)
    progress(f"discovering data with key {keys.full.name!r}")
    inventory = discover(target, model, keys.full.authorization)
    progress("found " + ", ".join(f"{len(v)} {k}" for k, v in inventory.objects.items()))
    kit = Kit(target, facts, model, operations, keys, inventory)
    if KIT_PHASE in options.phases:
        for name, check in kit_checks.CHECKS.items():
            if options.checks and name not in options.checks:
                continue
            before = len(kit.record.failures)
            check(kit)
            failed = len(kit.record.failures) - before
            progress(f"kit: {name:24s} {'FAILED (' + str(failed) + ')' if failed else 'ok'}")
    fuzz_phases = [p for p in options.phases if p in PHASES]
    if fuzz_phases:
        grants = [
            (g.source, g.target) for e in keys.full.entries for g in e.transfers if g.source in inventory.ids("Account")
        ]
        run_fuzz(
            spec,
            facts,
            model,
            inventory,
            kit.record,
            authorization=keys.full.authorization,
            full_grants=grants,
            operations=operations,
            base_url=target.base_url,
            app=target.app,
            max_examples=options.max_examples,
            seed=options.seed,
            workers=options.workers,
            phases=fuzz_phases,
            progress=progress,
        )
    return Result(kit.record, operations, time.perf_counter() - started)
