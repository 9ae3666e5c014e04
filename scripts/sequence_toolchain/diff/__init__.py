"""``make diff BASE=<ref>``: every change between two bundled specs, classed breaking or not, and the
version bump it needs.

- :mod:`.changes`: the rules (``CHANGE_RULES``: rule -> breaking?, meaning), :class:`Change`, and the
  version policy: a breaking change needs a major bump of ``info.version``, any other change a minor one;
- :mod:`.compare`: the engine, :func:`diff` (operations by method and path shape, parameters by location
  and name, schemas structurally; requests may only widen, responses only narrow);
- :mod:`.cli`: the specs to compare (git, the working tree) and the report.
"""

from __future__ import annotations

from .changes import CHANGE_RULES, WARNING_RULES, Change, DiffError, version_problem
from .cli import current_spec, report, run_diff, spec_at
from .compare import diff

__all__ = [
    "CHANGE_RULES",
    "WARNING_RULES",
    "Change",
    "DiffError",
    "current_spec",
    "diff",
    "report",
    "run_diff",
    "spec_at",
    "version_problem",
]
