"""``SEQUENCE_LOG=info|debug``: the client logs its requests and retries to stderr, never a key.

``info``: one line per response (method, path, status, time, request id) and per retry;
``debug``: also each request as sent, its headers with the key replaced by a placeholder.
Without the variable the client only emits records on the ``sequence_api_client`` logger,
for the application's own logging setup to show or not.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping

from ._errors import ConfigurationError

LOG_ENV = "SEQUENCE_LOG"
LEVELS = {"info": logging.INFO, "debug": logging.DEBUG}
#: what a redacted header shows instead of its value
KEY_PLACEHOLDER = "ApiKey <SEQUENCE_API_KEY>"
REDACTED = "<redacted>"
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"})

logger = logging.getLogger("sequence_api_client")


class _EnvHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler ``SEQUENCE_LOG`` adds; added once however many clients are built."""


def configure_from_env(environ: Mapping[str, str] = os.environ) -> None:
    """Apply ``SEQUENCE_LOG``; ConfigurationError naming it for a value other than info or debug."""
    value = environ.get(LOG_ENV, "").strip().lower()
    if not value:
        return
    if value not in LEVELS:
        raise ConfigurationError(f"{LOG_ENV} must be one of {sorted(LEVELS)}, got {value!r}")
    logger.setLevel(LEVELS[value])
    if not any(isinstance(handler, _EnvHandler) for handler in logger.handlers):
        handler = _EnvHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)


def redacted_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """``headers`` fit for a log: the API key (and any other credential) replaced by a placeholder."""
    return {
        name: (KEY_PLACEHOLDER if name.lower() == "authorization" else REDACTED)
        if name.lower() in SECRET_HEADERS
        else value
        for name, value in headers.items()
    }
