# Marketing vs. Sales: the instructor's and maintainers' commands, included by the Makefile.
# Not in the student edition (see `make release`).

.PHONY: instructor check test test-fast lint format lessons lessons-check release lock data bench

# nbgrader's Formgrader reads grading/nbgrader_config.py from the folder it starts in, and
# runs `alembic` to make a course's first gradebook: the environment's bin/ goes on PATH.
instructor: $(LAB_STAMP)  ## set up, then start JupyterLab at the course root with the Formgrader
	@echo
	@echo "  JupyterLab (instructor): http://127.0.0.1:$(PORT)/lab   (stop it with Ctrl+C)"
	@echo
	cd grading && PATH='$(abspath $(BIN))':"$$PATH" JUPYTER_PREFER_ENV_PATH=1 \
		'$(abspath $(BIN))/jupyter' lab --no-browser \
		--ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		--ServerApp.port_retries=0 --ServerApp.root_dir='$(CURDIR)' \
		--KernelManager.transport=ipc \
		--IdentityProvider.token='$(LAB_TOKEN)' $(ALLOW_ROOT) $(LAB_ARGS)

check: $(LAB_STAMP)  ## grade your copy of a lesson with its hidden tests (LESSON=00-start-here)
	@test -n "$(LESSON)" || { echo "make check: say which lesson, e.g. make check LESSON=00-start-here" >&2; exit 2; }
	$(BIN)/course check '$(LESSON)'

# Test processes (pytest-xdist). Each test file runs whole in one of them, so a file's servers
# and fixtures start once; the files are taken in the order collected, the longest first
# (tests/conftest.py). TEST_WORKERS=0 runs everything in this process.
TEST_WORKERS ?= 2
PYTEST_WORKERS = $(if $(filter 0,$(TEST_WORKERS)),-p no:xdist,-n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder)

# Both rewrite the kernelspec first (KERNELSPEC, in the Makefile): an environment set up
# before the course had it, or whose ipykernel was reinstalled, gets it without a reinstall.
test: lint  ## set up, then run every check (lint and tests)
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

data: $(LAB_STAMP)  ## regenerate data/*.csv, data/README.md and data/SHA256SUMS
	$(BIN)/python -m tools.generate_data

# Which benchmarks `make bench` runs (names from benchmarks/__main__.py; empty: all of them).
BENCH ?=

bench: $(TEST_STAMP)  ## measure speed: prints the tables, writes docs/performance.md (BENCH=model)
	$(BIN)/python -m benchmarks $(BENCH)

release: $(LAB_STAMP)  ## regenerate lessons/ and build the student edition in dist/ (no solutions)
	$(BIN)/course release --archive
