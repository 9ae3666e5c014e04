# Sequence api/v1 toolkit. `make generate` then `make test`; `make help` lists the rest.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
SYNCED := $(VENV)/.synced
TOOLCHAIN := $(PY) -m sequence_toolchain
export UV_PYTHON_DOWNLOADS := never
export UV_NO_CONFIG := 1

.PHONY: help env generate validate bundle build publish diff docs test lint format lock clean bench-generate bench-sandbox bench-contract bench-client sandbox contract contract-soak spec-fuzz

HOST ?= 127.0.0.1
PORT ?= 8000
DB ?= .sandbox/sandbox.db

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(UV): requirements/bootstrap.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/bootstrap.txt
	@touch $@

$(SYNCED): requirements/lock.txt pyproject.toml Makefile | $(UV)  # Makefile: how it installs (--compile-bytecode)
	@test -x $(PY) || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --python $(PY) --require-hashes --compile-bytecode requirements/lock.txt
	$(UV) pip install --quiet --python $(PY) --no-deps --no-build-isolation --compile-bytecode --editable .
	@touch $@

env: $(SYNCED) ## create or update the virtual environment from requirements/lock.txt

generate: $(SYNCED) ## validate the spec, bundle it, generate client and models, refresh docs/ (incremental)
	@$(TOOLCHAIN) generate

docs: $(SYNCED) ## docs/permissions.md, docs/api.md, docs/api.html from generated/openapi.yaml
	@$(TOOLCHAIN) docs

validate: $(SYNCED) ## house lint + openapi-spec-validator over openapi/ (exit 1: spec invalid, 2: tool failed)
	@$(TOOLCHAIN) validate

bundle: $(SYNCED) ## write generated/openapi.yaml only
	@$(TOOLCHAIN) bundle

build: generate ## the client's sdist and wheel into dist/ (version = the spec's info.version); the toolkit's wheel into dist/toolkit/
	@$(TOOLCHAIN) build
	@$(UV) build --quiet --wheel --no-build-isolation --offline --python $(PY) -o dist/toolkit .

publish: $(SYNCED) ## upload dist/ to REPOSITORY_URL=... (required; credentials from UV_PUBLISH_USERNAME/PASSWORD or _TOKEN)
	@$(TOOLCHAIN) publish $(if $(REPOSITORY_URL),--repository-url $(REPOSITORY_URL)) $(if $(INDEX_URL),--index-url $(INDEX_URL))

diff: $(SYNCED) ## API changes since BASE=<git ref> (default HEAD), breaking or not; fails without the version bump they need
	@$(TOOLCHAIN) diff --base $(or $(BASE),HEAD)

test: lint ## ruff + mypy, then the whole test suite (includes the generated-code drift check)
	$(PY) -m pytest

lint: $(SYNCED) ## ruff and mypy over hand-written and generated code
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m mypy

format: $(SYNCED) ## apply ruff's fixes and formatting to hand-written code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

lock: | $(UV) ## re-resolve requirements/lock.txt after editing pyproject.toml
	$(UV) pip compile pyproject.toml --group dev --generate-hashes --python-version 3.11 --quiet -o requirements/lock.txt

sandbox: $(SYNCED) ## serve the sandbox on HOST:PORT (127.0.0.1:8000) with the SQLite file DB
	$(PY) -m sequence_toolkit.sandbox --db $(DB) serve --host $(HOST) --port $(PORT)

# contract kit options: URL KEYS SEED MAX_EXAMPLES WORKERS PHASES OPERATIONS CHECKS REPORT RATE
CONTRACT_ARGS = $(if $(URL),--url $(URL)) $(if $(KEYS),--keys $(KEYS)) $(if $(SEED),--seed $(SEED)) \
	$(if $(MAX_EXAMPLES),--max-examples $(MAX_EXAMPLES)) $(if $(WORKERS),--workers $(WORKERS)) \
	$(if $(PHASES),--phases $(PHASES)) $(if $(OPERATIONS),--operations $(OPERATIONS)) \
	$(if $(CHECKS),--checks $(CHECKS)) $(if $(REPORT),--report $(REPORT)) $(if $(RATE),--rate $(RATE))

contract: $(SYNCED) ## contract kit on a fresh sandbox, or on URL=... KEYS=... (also SEED MAX_EXAMPLES WORKERS PHASES OPERATIONS CHECKS REPORT)
	$(PY) -m sequence_toolkit.contract $(CONTRACT_ARGS)

contract-soak: $(SYNCED) ## no false alarms: the default run on the sandbox and on another cursor format for SOAK_SEEDS (20) seeds each, and rate limited
	SOAK_SEEDS=$(or $(SOAK_SEEDS),20) $(PY) -m pytest -q -m soak tests/contract/test_contract_soak.py

spec-fuzz: $(SYNCED) ## validate SPEC_FUZZ_CASES (1000) randomly broken copies of the spec: every mistake located, no crash
	SPEC_FUZZ_CASES=$(or $(SPEC_FUZZ_CASES),1000) $(PY) -m pytest -q tests/toolchain/test_spec_fuzz.py

bench-contract: $(SYNCED) ## time the default contract run, in process and over HTTP
	$(PY) bench/bench_contract.py

bench-client: $(SYNCED) ## client vs bare httpx (GET /accounts/{id}) and client vs pydantic models (parsing)
	$(PY) bench/bench_client.py

bench-generate: $(SYNCED) ## time a full, a description-only and a no-op generate, beside the tools run one after another
	$(PY) bench/bench_generate.py

bench-sandbox: $(SYNCED) ## sandbox vs Prism: throughput and p50/p99 over loopback
	$(PY) bench/bench_sandbox.py

clean: ## remove the environments and caches (never generated/, which is committed)
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache generated.staging generated.old docs.staging
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
