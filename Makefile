# Two commands do everything on a fresh Linux or macOS machine with Python 3.11+:
#   make run    set up, create a demo store (first time) and open the application
#   make test   set up and run the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_STORE ?= demo-store/caseworker.db
DEMO_CASES ?= 2000
DEMO_PASSWORD ?= demo-password-2026

.PHONY: setup run demo test lint bench bundle bundle-check clean

$(BIN)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "caseworker needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $@

setup: $(BIN)/.installed

$(DEMO_STORE): | $(BIN)/.installed
	CASEWORKER_PASSWORD='$(DEMO_PASSWORD)' $(BIN)/caseworker --store '$(DEMO_STORE)' demo --cases $(DEMO_CASES)

demo: $(DEMO_STORE)

run: setup demo
	@echo "Sign in as caseworker, officer or admin with the password: $(DEMO_PASSWORD)"
	$(BIN)/caseworker --store '$(DEMO_STORE)' --user caseworker

# Two test processes (pytest-xdist) by default: the suite takes about half as long on two cores.
# TEST_WORKERS=0 runs it in one process (for -k selections, a debugger or -x).
TEST_WORKERS ?= 2

test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check caseworker tests scripts packaging

bench: setup
	$(BIN)/python scripts/benchmark.py
	$(BIN)/python scripts/bench_signing.py

# The desktop bundle: dist/caseworker/ (PyInstaller, one folder), then run it headlessly.
bundle: setup
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,bundle]'
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec

bundle-check:
	$(BIN)/python packaging/check_bundle.py dist/caseworker

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
