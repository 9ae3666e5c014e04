"""One contract run: read the keys, discover the target's data, run the kit's checks, then schemathesis."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..keysfile import read_known_ids
from ..permissions import PermissionModel
from ..spec import Spec
from .checks import CHECKS
from .fuzz import PHASES, run_fuzz
from .inventory import LISTINGS, Inventory, discover, needed_kinds
from .keyring import KeyRing
from .kit import Failure, Kit, Record
from .report import summary, write_junit
from .target import Pacer, Target, TransportFailure, parse_rate

KIT_PHASE = "kit"  # the kit's own checks, next to schemathesis' phases
ALL_PHASES = (KIT_PHASE, *PHASES)


@dataclass(frozen=True)
class Options:
    max_examples: int = 100
    seed: int | None = None  # None: a fresh one, printed with the result
    workers: int = 1
    phases: Sequence[str] = ALL_PHASES
    operations: Sequence[str] = ()  # operationIds or tags; empty: all
    checks: Sequence[str] = ()  # the kit's checks to run; empty: all
    rate: str | None = None  # a request budget such as "100/m"
    ids: Mapping[str, Sequence[str]] = field(default_factory=dict)  # known ids by schema, beside discovery

    def validate(self, spec: Spec) -> None:
        unknown = [p for p in self.phases if p not in ALL_PHASES]
        if unknown:
            raise ValueError(f"unknown phase(s) {unknown}; choose from {', '.join(ALL_PHASES)}")
        names = set(spec.operations) | {t for o in spec.operations.values() for t in o.tags}
        unknown = [o for o in self.operations if o not in names]
        if unknown:
            raise ValueError(f"unknown operation(s) or tag(s) {unknown}; operationIds: {', '.join(spec.operations)}")
        unknown = [c for c in self.checks if c not in CHECKS]
        if unknown:
            raise ValueError(f"unknown check(s) {unknown}; choose from {', '.join(CHECKS)}")
        if self.max_examples < 1 or self.workers < 1:
            raise ValueError("max examples and workers must be at least 1")


@dataclass
class Result:
    record: Record
    operations: tuple[str, ...]
    elapsed: float
    seed: int
    target: Target
    keys: KeyRing | None = None

    @property
    def ok(self) -> bool:
        return not self.record.failures

    @property
    def failures(self) -> list[Failure]:
        return self.record.failures

    def failed_checks(self) -> set[str]:
        return {f.check for f in self.record.failures}

    def summary(self) -> str:
        return summary(self)

    def write_junit(self, path: Path) -> None:
        write_junit(path, self)

    def raise_for_failures(self) -> None:
        if not self.ok:
            raise AssertionError("the contract kit found failures:\n" + self.summary())


def select_operations(spec: Spec, wanted: Sequence[str]) -> tuple[str, ...]:
    if not wanted:
        return tuple(spec.operations)
    return tuple(
        o.operation_id for o in spec.operations.values() if o.operation_id in wanted or set(o.tags) & set(wanted)
    )


def run(
    spec: Spec | Mapping[str, Any],
    target: Target,
    keys_file: Path,
    options: Options | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> Result:
    """Run the kit against ``target``; raises ``KeysFileError`` (before any request) for a bad keys file."""
    spec = spec if isinstance(spec, Spec) else Spec(spec)
    options = options or Options()
    options.validate(spec)
    seed = options.seed if options.seed is not None else secrets.randbelow(2**31)
    model = PermissionModel.from_spec(spec.document)
    keys = KeyRing.load(keys_file, model)
    keys.register(target.redactor)
    if options.rate and target.pacer is None:
        target.pacer = Pacer(parse_rate(options.rate))
    known = {kind: [*ids, *options.ids.get(kind, ())] for kind, ids in read_known_ids(keys_file).items()}
    known |= {kind: list(ids) for kind, ids in options.ids.items() if kind not in known}
    started = time.perf_counter()
    operations = select_operations(spec, options.operations)
    record = Record()
    kinds = needed_kinds(model, operations)
    progress(f"discovering {', '.join(sorted(kinds)) or 'nothing'} with key {keys.full.name!r}")
    inventory = discover(target, model, keys.full.authorization, kinds, known, record.unimplemented)
    progress("found " + (", ".join(f"{len(v)} {k}" for k, v in inventory.objects.items()) or "nothing"))
    other = Inventory()
    if keys.other_org is not None:
        other_kinds = kinds | {kind for kind, listing, _, _ in LISTINGS if listing in operations}
        other = discover(target, model, keys.other_org.authorization, other_kinds, strict=False)
    kit = Kit(target, spec, model, operations, keys, inventory, other, record)
    if KIT_PHASE in options.phases:
        for name, check in CHECKS.items():
            if options.checks and name not in options.checks:
                continue
            before = len(record.failures)
            for operation_id in operations:
                try:
                    check(kit, operation_id)
                except TransportFailure as exc:
                    record.add(Failure(name, operation_id, str(exc), exc.curl))
            failed = len(record.failures) - before
            progress(f"kit: {name:24s} {'FAILED (' + str(failed) + ')' if failed else 'ok'}")
    fuzz_phases = [p for p in options.phases if p in PHASES]
    if fuzz_phases:
        grants = [
            (g.source, g.target) for e in keys.full.entries for g in e.transfers if g.source in inventory.ids("Account")
        ]
        try:
            run_fuzz(
                spec,
                model,
                inventory,
                record,
                target.redactor,
                authorization=keys.full.authorization,
                full_grants=grants,
                operations=operations,
                base_url=target.base_url,
                app=target.app,
                max_examples=options.max_examples,
                seed=seed,
                workers=options.workers,
                phases=fuzz_phases,
                rate=options.rate,
                progress=progress,
            )
        except RuntimeError as exc:
            record.add(Failure("schemathesis_error", "-", str(exc)))
    return Result(record, operations, time.perf_counter() - started, seed, target, keys)
