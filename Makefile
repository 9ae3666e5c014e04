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

.PHONY: help env generate validate bundle build publish diff docs test lint format lock clean bench-generate bench-sandbox bench-contract bench-client bench-sandbox-memory sandbox fuzz-sandbox contract contract-soak \
	test-wheels test-client-floors node-tools lint-external orval-check docs-check spec-fuzz

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

build: generate ## sdists and wheels (version = the spec's info.version): the client into dist/, the pydantic models (sequence-api-models) into dist/models/; the toolkit's wheel into dist/toolkit/
	@$(TOOLCHAIN) build
	@$(UV) build --quiet --wheel --no-build-isolation --offline --python $(PY) -o dist/toolkit .

publish: $(SYNCED) ## upload dist/ to REPOSITORY_URL=... (required; credentials from UV_PUBLISH_USERNAME/PASSWORD or _TOKEN)
	@$(TOOLCHAIN) publish $(if $(REPOSITORY_URL),--repository-url $(REPOSITORY_URL)) $(if $(INDEX_URL),--index-url $(INDEX_URL))

diff: $(SYNCED) ## API changes since BASE=<git ref> (default HEAD), breaking or not; fails without the version bump they need
	@$(TOOLCHAIN) diff --base $(or $(BASE),HEAD)

test: lint ## ruff + mypy, then the whole test suite (includes the generated-code drift check)
	$(PY) -m pytest

test-wheels: $(SYNCED) ## client + models wheels in a fresh venv (WHEEL_DEPS=lock|floors|latest, WHEEL_PYTHON=python3.x), used on a sandbox
	SEQUENCE_WHEEL_DEPS=$(or $(WHEEL_DEPS),lock) SEQUENCE_WHEEL_PYTHON=$(WHEEL_PYTHON) \
		$(PY) -m pytest -q -p no:cacheprovider tests/client/test_installed_wheels.py

test-client-floors: ## the same on the declared dependency floors (requirements/client-floors.txt, from the package index)
	@$(MAKE) --no-print-directory test-wheels WHEEL_DEPS=floors

lint: $(SYNCED) ## ruff and mypy over hand-written and generated code
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m mypy

format: $(SYNCED) ## apply ruff's fixes and formatting to hand-written code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

lock: | $(UV) ## re-resolve requirements/lock.txt after editing pyproject.toml, and requirements/client-floors.txt
	$(UV) pip compile pyproject.toml --group dev --generate-hashes --python-version 3.11 --quiet -o requirements/lock.txt
	$(UV) pip compile requirements/client-floors.in --generate-hashes --python-version 3.11 --quiet \
		-o requirements/client-floors.txt

# sandbox options: HOST PORT DB KEYS RATE_LIMIT (0: off) RESET=1 SETTLE_DELAY (seconds)
SANDBOX_ARGS = --db $(DB) $(if $(KEYS),--keys $(KEYS)) serve --host $(HOST) --port $(PORT) \
	$(if $(RATE_LIMIT),--rate-limit $(RATE_LIMIT)) $(if $(RESET),--reset) $(if $(SETTLE_DELAY),--settle-delay $(SETTLE_DELAY))

sandbox: $(SYNCED) ## serve the sandbox at http://HOST:PORT/api/v1 (127.0.0.1:8000) on DB; also KEYS RATE_LIMIT RESET=1 SETTLE_DELAY
	$(PY) -m sequence_toolkit.sandbox $(SANDBOX_ARGS)

fuzz-sandbox: $(SYNCED) ## schemathesis' CLI (all checks; positive, negative, stateful) on a served sandbox for FUZZ_SECONDS (300)
	$(PY) scripts/fuzz_sandbox.py --seconds $(or $(FUZZ_SECONDS),300) $(if $(SEED),--seed $(SEED)) $(if $(WORKERS),--workers $(WORKERS))

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

bench-sandbox-memory: $(SYNCED) ## the sandbox's peak RSS growth under a streamed 300 MB body, against a small request
	$(PY) bench/bench_sandbox_memory.py

# Node tools, pinned in bench/package-lock.json (Prism, Redocly CLI, Spectral, orval, TypeScript); none is in make test
NODE_BIN := bench/node_modules/.bin
NODE_TOOLS := bench/node_modules/.installed
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true

$(NODE_TOOLS): bench/package.json bench/package-lock.json
	npm ci --no-audit --no-fund --prefix bench
	@touch $@

node-tools: $(NODE_TOOLS) ## install the pinned node tools into bench/node_modules (npm ci)

lint-external: generate $(NODE_TOOLS) ## Redocly CLI (.redocly.yaml: recommended) and Spectral (.spectral.yaml: spectral:oas) over the spec
	$(NODE_BIN)/redocly lint --config .redocly.yaml openapi/sequence.yaml generated/openapi.yaml
	$(NODE_BIN)/spectral lint --ruleset .spectral.yaml --fail-severity warn generated/openapi.yaml

orval-check: generate $(NODE_TOOLS) ## orval's TypeScript clients (axios, fetch) of the bundled spec compile under tsc --strict
	rm -rf bench/orval-out
	$(NODE_BIN)/orval --input generated/openapi.yaml --output bench/orval-out/axios/sequence.ts --client axios
	$(NODE_BIN)/orval --input generated/openapi.yaml --output bench/orval-out/fetch/sequence.ts --client fetch
	$(NODE_BIN)/tsc --strict --noEmit --target ES2022 --module ESNext --moduleResolution Bundler --skipLibCheck \
		bench/orval-out/axios/sequence.ts bench/orval-out/fetch/sequence.ts
	@echo "orval-check: both clients compile"

docs-check: generate ## open docs/api.html in headless Chromium (Debian's chromium) and check contents, anchors and layout
	$(PY) -m sequence_toolchain.docs_browser docs/api.html

clean: ## remove the environments and caches (never generated/, which is committed)
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache generated.staging generated.old docs.staging
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
