"""No secret in the kit's output: every API key becomes a named placeholder.

A curl line says ``-H "Authorization: ApiKey $SEQUENCE_KEY_FULL_ACCESS"``: set that variable to the key
named ``full_access`` in the keys file and the line replays the request exactly. The same replacement
runs over every text the kit prints or writes (summary, JUnit, messages from schemathesis).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SKIPPED_HEADERS = {"host", "accept", "accept-encoding", "connection", "user-agent", "content-length"}


def placeholder(name: str) -> str:
    """``full_access`` → ``SEQUENCE_KEY_FULL_ACCESS`` (an environment variable name)."""
    return "SEQUENCE_KEY_" + (re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper() or "KEY")


class Redactor:
    def __init__(self) -> None:
        self.secrets: dict[str, str] = {}  # secret -> placeholder variable name

    def add(self, secret: str, name: str) -> None:
        if secret:
            self.secrets[secret] = placeholder(name)

    def __call__(self, text: str) -> str:
        for secret in sorted(self.secrets, key=len, reverse=True):  # a longer secret first
            text = text.replace(secret, "$" + self.secrets[secret])
        return text

    def curl(self, method: str, url: str, headers: Iterable[tuple[str, str]], body: bytes | None) -> str:
        """A curl line for the request, double-quoted so the placeholders expand in a POSIX shell."""
        parts = ["curl", "-X", method.upper()]
        for name, value in headers:
            if name.lower() not in SKIPPED_HEADERS:
                parts += ["-H", _quote(f"{name}: {self(value)}")]
        if body:
            parts += ["--data-raw", _quote(self(body.decode("utf-8", "replace")), expand=False)]
        parts.append(_quote(self(url), expand=False))
        return " ".join(parts)

    def used(self, text: str) -> list[str]:
        """The placeholder variables ``text`` mentions."""
        return sorted({v for v in self.secrets.values() if "$" + v in text})


def _quote(text: str, expand: bool = True) -> str:
    """Double quotes keep ``$SEQUENCE_KEY_*`` expanding; any other ``$``, backquote, quote or backslash is escaped."""
    escaped = re.sub(r'(["\\`])', r"\\\1", text)
    escaped = re.sub(r"\$(?!SEQUENCE_KEY_[A-Z0-9_]+)" if expand else r"\$", r"\\$", escaped)
    return f'"{escaped}"'
