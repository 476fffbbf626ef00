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
# The installer: uv (seconds where pip takes a minute, once its cache is warm), fetched from
# PyPI into $(VENV)/uv on the first install unless one is on PATH; pip when uv cannot be had
# or fails, and always with INSTALLER=pip. Both read the same lock files, so install the
# same versions, and nothing is downloaded after the install with either.
INSTALLER ?= uv

# $(call install,ARGS): install ARGS into the venv with uv, or else pip; prints which ran.
install = $(call install_in,$(VENV),$(1))
# $(call install_in,VENV_DIR,ARGS): the same for another venv (the classroom game's, course.mk).
# The uv on PATH, or the one fetched into VENV_DIR/uv.
uv_in = $(or $(shell command -v uv 2>/dev/null),$(1)/uv/bin/uv)
define install_in
@if [ "$(INSTALLER)" != pip ] && [ ! -x "$(call uv_in,$(1))" ]; then \
	echo "fetching uv into $(1)/uv (INSTALLER=pip skips it)"; \
	$(1)/bin/python -m pip --disable-pip-version-check install --quiet --retries 1 --timeout 15 --target $(1)/uv uv >/dev/null 2>&1 \
		|| echo "uv could not be fetched: installing with pip"; \
fi; \
if [ "$(INSTALLER)" != pip ] && [ -x "$(call uv_in,$(1))" ]; then \
	echo "$(call uv_in,$(1)) pip install --quiet --python $(1)/bin/python $(2)"; \
	"$(call uv_in,$(1))" pip install --quiet --python $(1)/bin/python $(2) && exit 0; \
	echo "uv failed: installing with pip instead"; \
fi; \
echo "$(1)/bin/python -m pip --disable-pip-version-check install --quiet $(2)"; \
$(1)/bin/python -m pip --disable-pip-version-check install --quiet $(2)
endef

# Bytecode (.pyc) for every installed module, written once after each install. uv writes none
# (pip does); a Python that may not write its own (PYTHONDONTWRITEBYTECODE, set on some
# machines, and always in the grader's sandbox) then compiles every module it imports in every
# process it starts: each kernel, nbgrader run and test process, several times slower.
# A file that is not valid Python (a package's test data) is left alone.
COMPILE = $(BIN)/python -m compileall -qq -j 0 $(VENV)/lib || true

# The environment's `python3` kernelspec, made to start the course's kernel launcher (a kernel
# on no TCP port, src/incentives/course/kernelspec.py). Reinstalling ipykernel undoes it, so
# it runs after every install and at each `make lab`; it writes only what changed.
KERNELSPEC = $(BIN)/python -m incentives.course.kernelspec

.DEFAULT_GOAL := help
.PHONY: help lab app site clean

help:  ## list the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed; set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)

$(LAB_STAMP): $(LAB_LOCK) pyproject.toml jupyter/overrides.json | $(BIN)/python
	$(call install,-r $(LAB_LOCK))
	$(call install,--no-deps -e .)
	$(COMPILE)
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	$(KERNELSPEC)
	@touch $@

$(TEST_STAMP): $(TEST_LOCK) $(LAB_STAMP)
	$(call install,-r $(TEST_LOCK))
	$(COMPILE)
	$(KERNELSPEC)
	@touch $@

# The student's own copies of the lessons (git-ignored): `make lab` copies new and updated
# lessons into it and never overwrites a notebook the student has changed.
WORK ?= work
# The edition `make lab` serves: en (English, lessons/) or ro (Romanian: the lessons with a
# catalog in translations/ro/, built into build/ro/lessons/; a Romanian student edition's
# lessons/). The Romanian copies are named <lesson>-ro, so both editions share the work
# folder and never overwrite each other; the lab's kernels run with INCENTIVES_EDITION set
# to it. A student edition released in Romanian sets it in edition.mk.
-include edition.mk
EDITION ?= en
EDITIONS := en ro
ifneq ($(words $(EDITION)),1)
$(error EDITION='$(EDITION)' is not an edition of the course: use EDITION=en (English, the default) or EDITION=ro (Romanian))
else ifeq ($(filter $(EDITION),$(EDITIONS)),)
$(error EDITION=$(EDITION) is not an edition of the course: use EDITION=en (English, the default) or EDITION=ro (Romanian))
endif
# In the instructor's repository (course.mk), `make lab EDITION=ro` first builds the Romanian
# lessons (all with a catalog, or LESSON=...) from solutions/ and the catalogs.
build_edition = $(if $(and $(filter-out en,$(EDITION)),$(wildcard course.mk)),$(BIN)/course translations build $(LESSON) --lang $(EDITION))
# Extra options for `jupyter lab` in `make lab` and `make instructor`.
LAB_ARGS ?=
# $(call jupyter_lab,ROOT_DIR): the one `jupyter lab` command line of `make lab` and `make
# instructor` (course.mk), serving ROOT_DIR on 127.0.0.1:PORT only (or failing when PORT is
# taken), kernels over Unix sockets (no TCP port). JUPYTER_PREFER_ENV_PATH=1: the
# environment's kernelspec (the course's, see KERNELSPEC) wins over one of the same name in
# the user's ~/.local/share/jupyter. The environment's bin/ comes first on PATH: nbgrader
# runs alembic from there to make a fresh clone's first gradebook.
jupyter_lab = PATH='$(abspath $(BIN))':"$$PATH" JUPYTER_PREFER_ENV_PATH=1 \
	$(abspath $(BIN))/jupyter lab --no-browser \
	--ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) --ServerApp.port_retries=0 \
	--ServerApp.root_dir=$(1) --KernelManager.transport=ipc \
	--IdentityProvider.token='$(LAB_TOKEN)' $(ALLOW_ROOT) $(LAB_ARGS)
# The student's lab: no nbgrader instructor panels (Create Assignment, Formgrader, courses).
# jupyter/student/ holds the page and server configuration that leaves them out; the hub's
# student servers and Binder read the same folder.
STUDENT_CONFIG := $(CURDIR)/jupyter/student
.PHONY: fresh

lab: $(LAB_STAMP)  ## set up, then start JupyterLab on your work folder, work/ (PORT=8888, EDITION=ro)
	@$(KERNELSPEC)
	$(build_edition)
	$(BIN)/course work --work $(WORK) --edition $(EDITION)
	@echo
	@echo "  JupyterLab: http://127.0.0.1:$(PORT)/lab   (stop it with Ctrl+C)"
	@echo
	INCENTIVES_EDITION=$(EDITION) \
	JUPYTER_CONFIG_PATH='$(STUDENT_CONFIG)'$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH} \
		$(call jupyter_lab,$(WORK))

fresh: $(LAB_STAMP)  ## a fresh copy of one lesson in work/, keeping yours (LESSON=02-...)
	@test -n "$(LESSON)" || { echo "Which lesson? For example: make fresh LESSON=02-gates-and-parts"; exit 2; }
	$(BIN)/course fresh-copy $(LESSON) --work $(WORK) --edition $(EDITION)

# The explorer's edition: `make app EDITION=ro` serves it in Romanian, its words from
# app/locale/ro/explorer.po (the notebook written to build/ro/app/), its labs in Romanian.
APP_EDITION = $(or $(EDITION),en)
APP_NOTEBOOK = $(if $(filter en,$(APP_EDITION)),app/explorer.ipynb,build/$(APP_EDITION)/app/explorer.ipynb)

app: $(LAB_STAMP)  ## set up, then serve the explorer (every lab, no code) with Voila (EDITION=ro)
	@if [ "$(APP_EDITION)" != en ]; then $(BIN)/python -m incentives.i18n.app --lang $(APP_EDITION) --out build; fi
	@echo
	@echo "  Explorer: http://127.0.0.1:$(APP_PORT)/   (stop it with Ctrl+C)"
	@echo
	INCENTIVES_EDITION=$(APP_EDITION) JUPYTER_PATH=$(CURDIR)/app/share $(BIN)/voila \
		$(APP_NOTEBOOK) --template=course \
		--no-browser --Voila.ip=127.0.0.1 --port=$(APP_PORT) --preheat_kernel=True --pool_size=1

# Where `make site` writes the reading site (build/ is git-ignored).
SITE ?= build/site

# Both editions: English in build/site/, Romanian in build/site/ro/ (in the instructor's
# repository its lessons are built first, from the catalogs).
site: $(LAB_STAMP)  ## build the lessons as web pages to read, with sliders, offline: build/site/
	$(if $(wildcard course.mk),$(BIN)/course translations build)
	$(BIN)/course site --out $(SITE) --lab-port $(PORT) --app-port $(APP_PORT)

clean:  ## remove the environment and caches (keeps work/ and every notebook)
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis src/*.egg-info

# The instructor's and maintainers' commands (tests, lessons, releases, data, benchmarks)
# live in course.mk. The student edition (`make release`) ships without it, so a student's
# `make help` lists only what a student runs.
-include course.mk
