"""What a change between two specs is: the rules that class it breaking or not, and the version bump it needs.

A breaking change needs a major bump of ``info.version``; any other change a minor bump. Some
non-breaking changes are also warnings (``WARNING_RULES``): safe for the current client, not for older ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: rule -> (breaking, what it means); every change names one of these
CHANGE_RULES: dict[str, tuple[bool, str]] = {
    "operation-removed": (True, "an operation was removed"),
    "operation-added": (False, "an operation was added"),
    "operation-id-changed": (True, "an operationId was renamed (client method names change)"),
    "server-url-changed": (True, "the server URL changed"),
    "security-scope-changed": (True, "the scope an operation needs changed"),
    "permission-rule-changed": (True, "the resource an operation's scope is checked against changed"),
    "permission-fields-changed": (False, "the listed items' fields that hold a query filter's resource changed"),
    "path-parameter-renamed": (True, "a path parameter was renamed"),
    "parameter-removed": (True, "a parameter was removed"),
    "parameter-added-required": (True, "a required parameter was added"),
    "parameter-added-optional": (False, "an optional parameter was added"),
    "parameter-became-required": (True, "a parameter became required"),
    "parameter-became-optional": (False, "a parameter became optional"),
    "parameter-default-changed": (True, "a parameter's default changed"),
    "request-body-became-required": (True, "the request body became required"),
    "request-body-became-optional": (False, "the request body became optional"),
    "request-field-removed": (True, "a request field was removed"),
    "request-field-added-required": (True, "a required request field was added"),
    "request-field-added-optional": (False, "an optional request field was added"),
    "request-field-became-required": (True, "a request field became required"),
    "request-field-became-optional": (False, "a request field became optional"),
    "request-type-narrowed": (True, "a request value accepts fewer types, formats or variants"),
    "request-type-widened": (False, "a request value accepts more types, formats or variants"),
    "request-enum-value-removed": (True, "a request enum lost a value"),
    "request-enum-value-added": (False, "a request enum gained a value"),
    "request-constraint-tightened": (True, "a request value's limits tightened (length, range, pattern, items)"),
    "request-constraint-relaxed": (False, "a request value's limits relaxed"),
    "response-status-removed": (True, "a documented response status was removed"),
    "response-status-added": (False, "a response status was documented"),
    "response-field-removed": (True, "a response field was removed"),
    "response-field-added": (False, "a response field was added"),
    "response-field-became-optional": (True, "a response field is no longer always present"),
    "response-field-became-required": (False, "a response field is now always present"),
    "response-type-widened": (True, "a response value may have more types, formats or variants"),
    "response-type-narrowed": (False, "a response value has fewer types, formats or variants"),
    "response-variant-added": (
        False,
        "a union of response objects gained an object variant (the client reads an unknown one as UnknownVariant)",
    ),
    "response-enum-value-added": (False, "a response enum gained a value (the client's enums are open)"),
    "response-enum-value-removed": (True, "a response enum lost a value"),
    "response-header-removed": (True, "a response header was removed"),
    "response-header-added": (False, "a response header was added"),
}


#: rule -> why a change that is not breaking still deserves a look; a warning needs a minor bump like any other
WARNING_RULES: dict[str, str] = {
    "response-enum-value-added": (
        "clients before 1.2.0 (closed enums) fail on the new value; 1.2.0 and later read it as an UnknownValue"
    ),
    "response-variant-added": (
        "clients before 1.2.0 (closed unions) fail on the new variant; 1.2.0 and later read it as an UnknownVariant"
    ),
}


class DiffError(Exception):
    pass


@dataclass(frozen=True, order=True)
class Change:
    side: str  # operation | request | response
    where: str
    rule: str
    detail: str

    @property
    def breaking(self) -> bool:
        return CHANGE_RULES[self.rule][0]

    @property
    def warning(self) -> str | None:
        """Why this non-breaking change still deserves a look, or None."""
        return WARNING_RULES.get(self.rule)

    def __str__(self) -> str:
        mark = "BREAKING" if self.breaking else "warning " if self.warning else "ok      "
        line = f"  {mark}  {self.rule:31} {self.where}: {self.detail}"
        return f"{line} ({self.warning})" if self.warning else line


# --- versions ---------------------------------------------------------------------------


def _semver(version: str) -> tuple[int, int, int]:
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)(?:[-+].*)?", version.strip())
    if not match:
        raise DiffError(f"info.version {version!r} is not MAJOR.MINOR.PATCH")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def version_problem(old_version: str, new_version: str, changes: list[Change]) -> str | None:
    """Why ``new_version`` is not enough for ``changes``; None when it is."""
    old, new = _semver(old_version), _semver(new_version)
    if new < old:
        return f"info.version went down: {old_version} -> {new_version}"
    if any(c.breaking for c in changes):
        if new[0] <= old[0]:
            return (
                f"breaking changes need a major version: {old_version} -> {old[0] + 1}.0.0 or later, not {new_version}"
            )
    elif changes and new[:2] <= old[:2]:
        wanted = f"{old[0]}.{old[1] + 1}.0"
        return f"non-breaking changes need a minor version: {old_version} -> {wanted} or later, not {new_version}"
    return None
