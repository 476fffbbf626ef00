# Marketing vs. Sales: every command a student, an instructor or CI needs.
# Only python3 (3.11+) and pip are required; everything else is installed into .venv
# from the lock files in requirements/, once, and again only when they change.

PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8888
APP_PORT ?= 8866
# Empty token: JupyterLab asks for no password. It listens on 127.0.0.1 only, so only this
# computer reaches it; set LAB_TOKEN=some-secret to require one anyway.
LAB_TOKEN ?=

# JupyterLab refuses to run as root unless told; containers and CI machines often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True)

BIN       := $(VENV)/bin
LAB_LOCK  := requirements/lab.lock.txt
TEST_LOCK := requirements/test.lock.txt
PIP       := $(BIN)/python -m pip --disable-pip-version-check
LAB_STAMP := $(VENV)/.installed-lab
TEST_STAMP := $(VENV)/.installed-test

.DEFAULT_GOAL := help
.PHONY: help lab app test test-fast lint format lessons lessons-check lock clean data bench

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed; set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)

$(LAB_STAMP): $(LAB_LOCK) pyproject.toml jupyter/overrides.json | $(BIN)/python
	$(PIP) install --quiet -r $(LAB_LOCK)
	$(PIP) install --quiet --no-deps -e .
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

$(TEST_STAMP): $(TEST_LOCK) $(LAB_STAMP)
	$(PIP) install --quiet -r $(TEST_LOCK)
	@touch $@

lab: $(LAB_STAMP)  ## set up, then start JupyterLab on lessons/ (PORT=8888)
	@echo
	@echo "  JupyterLab: http://127.0.0.1:$(PORT)/lab   (stop it with Ctrl+C)"
	@echo
	$(BIN)/jupyter lab --no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		--ServerApp.port_retries=0 --ServerApp.root_dir=lessons \
		--IdentityProvider.token='$(LAB_TOKEN)' $(ALLOW_ROOT)

app: $(LAB_STAMP)  ## set up, then serve the explorer (every lab, no code) with Voila
	@echo
	@echo "  Explorer: http://127.0.0.1:$(APP_PORT)/   (stop it with Ctrl+C)"
	@echo
	JUPYTER_PATH=$(CURDIR)/app/share $(BIN)/voila app/explorer.ipynb --template=course \
		--no-browser --Voila.ip=127.0.0.1 --port=$(APP_PORT) --preheat_kernel=True --pool_size=1

test: lint  ## set up, then run every check (lint and tests)
	$(BIN)/pytest

test-fast: lint  ## the inner loop: lint and every test not marked slow (under a minute)
	$(BIN)/pytest -m "not slow" -q

lint: $(TEST_STAMP)  ## lint only
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)  ## reformat code and notebooks in place
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lessons: $(LAB_STAMP)  ## regenerate lessons/ from solutions/ with nbgrader
	$(BIN)/course lessons

lessons-check: $(LAB_STAMP)  ## fail if lessons/ is not what solutions/ generates
	$(BIN)/course lessons --check

lock:  ## re-resolve the newest allowed versions into requirements/*.lock.txt
	$(PYTHON) tools/lock.py

clean:  ## remove the environment and caches (keeps student work under grading/)
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis src/*.egg-info

data: $(LAB_STAMP)  ## regenerate data/*.csv, data/README.md and data/SHA256SUMS
	$(BIN)/python -m tools.generate_data

bench: $(TEST_STAMP)  ## measure speed: prints a table per benchmark
	$(BIN)/python -m benchmarks.model
	@echo
	$(BIN)/python -m benchmarks.labs
	@echo
	$(BIN)/python -m benchmarks.lessons
	@echo
	$(BIN)/python -m benchmarks.grading
	@echo
	$(BIN)/python -m benchmarks.explorer
