"""Where the toolchain reads and writes in the repository: the split spec, generated/ and docs/.

Every other module takes these paths from here, so none needs another module's constants.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SPEC_ROOT = REPO / "openapi" / "sequence.yaml"
GENERATED = REPO / "generated"
DOCS = REPO / "docs"

BUNDLE_NAME = "openapi.yaml"  # generated/openapi.yaml, the bundled spec
CLIENT_DIR = "sequence-api-client"  # generated/<CLIENT_DIR>/<CLIENT_PACKAGE>, the client
CLIENT_PACKAGE = "sequence_api_client"
MODELS_DIR = "sequence_api_models"  # generated/<MODELS_DIR>, the pydantic models
DOC_NAMES = ("permissions.md", "api.md", "api.html")  # docs/, written by docs.py from the same inputs
