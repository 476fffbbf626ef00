# Marketing vs. Sales: the instructor's and maintainers' commands, included by the Makefile.
# Not in the student edition (see `make release`).

.PHONY: instructor check test test-fast lint format lessons lessons-check translations translations-build release lock data model-docs bench game game-assets

# nbgrader's Formgrader reads grading/nbgrader_config.py from the folder it starts in, and
# runs `alembic` to make a course's first gradebook: the environment's bin/ goes on PATH.
instructor: $(LAB_STAMP)  ## set up, then start JupyterLab at the course root with the Formgrader
	@echo
	@echo "  JupyterLab (instructor): http://127.0.0.1:$(PORT)/lab   (stop it with Ctrl+C)"
	@echo
	cd grading && $(call jupyter_lab,$(CURDIR))

# A Romanian copy (make lab EDITION=ro): LESSON=00-start-here-ro, LESSON=00-ro or EDITION=ro.
check: $(LAB_STAMP)  ## grade your copy of a lesson with its hidden tests (LESSON=00-start-here, EDITION=ro)
	@test -n "$(LESSON)" || { echo "make check: say which lesson, e.g. make check LESSON=00-start-here" >&2; exit 2; }
	$(BIN)/course check '$(LESSON)'$(if $(filter-out en,$(EDITION)), --edition $(EDITION))

# Test processes (pytest-xdist). Each test file runs whole in one of them, so a file's servers
# and fixtures start once; the files are taken in the order collected, the longest first
# (tests/conftest.py). TEST_WORKERS=0 runs everything in this process.
TEST_WORKERS ?= 2
PYTEST_WORKERS = $(if $(filter 0,$(TEST_WORKERS)),-p no:xdist,-n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder)

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

# The classroom game's environment (see `game` below). Set before `test`, which needs it:
# make expands a rule's prerequisites when it reads the rule.
GAME_VENV  ?= .venv-game
GAME_LOCK  := requirements/game.lock.txt
GAME_STAMP := $(GAME_VENV)/.installed-game

# Both rewrite the kernelspec first (KERNELSPEC, in the Makefile): an environment set up
# before the course had it, or whose ipykernel was reinstalled, gets it without a reinstall.
test: lint $(NPM_STAMP) $(GAME_STAMP)  ## set up, then run every check (lint and tests)
	@$(KERNELSPEC)
	env -u INCENTIVES_TEST_LESSONS $(BIN)/pytest $(PYTEST_WORKERS) --durations=25

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

# The Romanian edition (docs/translations.md): the catalogs in translations/ro/ and the
# library's in src/incentives/i18n/locale/, kept in step with solutions/ and the code.
translations: $(LAB_STAMP)  ## list missing and stale translations with both texts (fails if any)
	$(BIN)/course translations check

translations-build: $(LAB_STAMP)  ## build the translated lessons into build/ro/ (LESSON=...)
	$(BIN)/course translations build $(LESSON)

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

# --- the classroom game (game/: an oTree project) ----------------------------------------------
# oTree pins old libraries (SQLAlchemy 1.3, Starlette 0.14, MarkupSafe 1.1) that clash with
# Jupyter's, so the game has its own environment, .venv-game, from its own lock file
# (requirements/game.lock.txt, `make lock`), with the course library installed without its
# extras: the model needs only NumPy, pandas and pandera, which the lock pins. `make test`
# installs it too (its bots run there: tests/game/test_game.py).
# (GAME_VENV, GAME_LOCK and GAME_STAMP are set above, before `test` names the stamp.)
# Where `make game` listens: 127.0.0.1 (this computer only) by default; HOST=0.0.0.0 serves
# a classroom network and then needs OTREE_ADMIN_PASSWORD, the admin pages' password.
HOST ?= 127.0.0.1
game: PORT = 8010
# The room students join (game/settings.py, ROOMS).
GAME_ROOM ?= class

$(GAME_VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed; set PYTHON=python3.x")'
	$(PYTHON) -m venv $(GAME_VENV)

$(GAME_STAMP): $(GAME_LOCK) pyproject.toml | $(GAME_VENV)/bin/python
	$(call install_in,$(GAME_VENV),-r $(GAME_LOCK))
	$(call install_in,$(GAME_VENV),--no-deps -e .)
	$(GAME_VENV)/bin/python -m compileall -qq -j 0 $(GAME_VENV)/lib || true
	@touch $@

# prodserver keeps every decision in game/db.sqlite3 (or DATABASE_URL), so a restart loses
# none; the instructor creates the session in the room from the admin pages. The addresses
# are printed by game/room_address.py: on a network, with the room's QR code, in the
# terminal and in game/room-qr.svg to project. `course game-labels` gives the room the
# class list's ids (game/_rooms/class.txt), read when the server starts.
game: $(GAME_STAMP)  ## set up, then serve the classroom game (PORT=8010; HOST=0.0.0.0 for a network)
	@if [ "$(HOST)" != 127.0.0.1 ] && [ -z "$$OTREE_ADMIN_PASSWORD" ]; then \
		echo "make game HOST=$(HOST) serves a network: set an admin password first, e.g." >&2; \
		echo "  OTREE_ADMIN_PASSWORD=some-secret make game HOST=$(HOST)" >&2; \
		exit 2; \
	fi
	@address=$$(if [ "$(HOST)" = 0.0.0.0 ]; then hostname -I 2>/dev/null | cut -d' ' -f1; else echo "$(HOST)"; fi); \
	cd game && '$(abspath $(GAME_VENV))/bin/python' room_address.py \
		"http://$${address:-$(HOST)}:$(PORT)" $(GAME_ROOM) --svg room-qr.svg \
		--labels _rooms/class.txt
	cd game && PATH='$(abspath $(GAME_VENV))/bin':"$$PATH" \
		$(if $(filter 127.0.0.1,$(HOST)),,OTREE_AUTH_LEVEL=STUDY OTREE_PRODUCTION=1) \
		otree prodserver $(HOST):$(PORT)

# The course's Vega bundle (Vega, Vega-Lite and vega-embed, from vl-convert, as the reading
# site's assets/vega.js) for the game's admin report, served from game/_static: the game's
# environment has no vl-convert. Run it after vl-convert or Altair is upgraded;
# tests/game/test_report.py fails while the shipped file differs from what vl-convert gives.
GAME_VEGA := game/_static/conflict/vega.js

game-assets: $(LAB_STAMP)  ## regenerate the game's copy of the course's Vega bundle
	$(BIN)/python -c 'import pathlib, sys; from incentives.views.live import page_bundle; \
		pathlib.Path(sys.argv[1]).write_text(page_bundle(), encoding="utf-8")' $(GAME_VEGA)
	@echo "wrote $(GAME_VEGA)"
