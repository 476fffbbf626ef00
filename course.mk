# Marketing vs. Sales: the instructor's and maintainers' commands, included by the Makefile.
# Not in the student edition (see `make release`).

.PHONY: instructor check test test-fast lint format lessons lessons-check release lock data model-docs bench

# nbgrader's Formgrader reads grading/nbgrader_config.py from the folder it starts in.
instructor: $(LAB_STAMP)  ## set up, then start JupyterLab at the course root with the Formgrader
	@echo
	@echo "  JupyterLab (instructor): http://127.0.0.1:$(PORT)/lab   (stop it with Ctrl+C)"
	@echo
	cd grading && $(call jupyter_lab,$(CURDIR))

check: $(LAB_STAMP)  ## grade your copy of a lesson with its hidden tests (LESSON=00-start-here)
	@test -n "$(LESSON)" || { echo "make check: say which lesson, e.g. make check LESSON=00-start-here" >&2; exit 2; }
	$(BIN)/course check '$(LESSON)'

# Test processes (pytest-xdist). Each test file runs whole in one of them, so a file's servers
# and fixtures start once; TEST_WORKERS=0 runs everything in this process.
TEST_WORKERS ?= 2
PYTEST_WORKERS = $(if $(filter 0,$(TEST_WORKERS)),-p no:xdist,-n $(TEST_WORKERS) --dist loadfile)

# What the tests take from npm (requirements/npm/: axe-core, which checks the reading site's
# pages), at the lock's versions, in $(VENV)/npm. Without npm, or when it fails, `make test`
# goes on and the test that needs it skips, naming what is missing (under CI it fails).
NPM_DIR   := requirements/npm
NPM_STAMP := $(VENV)/.installed-npm

$(NPM_STAMP): $(NPM_DIR)/package.json $(NPM_DIR)/package-lock.json | $(BIN)/python
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "npm is not installed: the reading site's axe-core test will skip"; \
	else \
		mkdir -p $(VENV)/npm && cp $(NPM_DIR)/package.json $(NPM_DIR)/package-lock.json $(VENV)/npm/ \
		&& echo "npm ci --prefix $(VENV)/npm" \
		&& npm ci --prefix $(VENV)/npm --no-fund --no-audit --loglevel=error && touch $@ \
		|| echo "npm ci failed: the reading site's axe-core test will skip"; \
	fi

# Both rewrite the kernelspec first (KERNELSPEC, in the Makefile): an environment set up
# before the course had it, or whose ipykernel was reinstalled, gets it without a reinstall.
test: lint $(NPM_STAMP)  ## set up, then run every check (lint and tests)
	@$(KERNELSPEC)
	env -u INCENTIVES_TEST_LESSONS $(BIN)/pytest $(PYTEST_WORKERS)

test-fast: lint  ## the inner loop: lint and every test not marked slow (about a minute)
	@$(KERNELSPEC)
	$(BIN)/pytest $(PYTEST_WORKERS) -m "not slow" -q

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

data: $(LAB_STAMP)  ## regenerate data/*.csv, data/README.md, SHA256SUMS and docs/model.md
	$(BIN)/python -m tools.generate_data
	$(BIN)/python -m tools.model_docs

model-docs: $(LAB_STAMP)  ## regenerate docs/model.md from the model's assumptions registry
	$(BIN)/python -m tools.model_docs

# Which benchmarks `make bench` runs (names from benchmarks/__main__.py; empty: all of them).
BENCH ?=

bench: $(TEST_STAMP)  ## measure speed: prints the tables, writes docs/performance.md (BENCH=model)
	$(BIN)/python -m benchmarks $(BENCH)

release: $(LAB_STAMP)  ## regenerate lessons/ and build the student edition in dist/ (no solutions)
	$(BIN)/course release --archive
