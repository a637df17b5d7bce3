# One-command set-up and run. `make run` and `make test` install whatever is missing first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The benchmarks and the screenshot share the tests' headless-browser and server helpers.
SUPPORT := PYTHONPATH=tests
HOST ?= 127.0.0.1
PORT ?= 8050

WORKERS ?= 3

.PHONY: install browser bench-tools run serve test test-fast lint format bench screenshot deck-preview clean

install: $(STAMP) browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the package definition changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian's Chromium and ChromeDriver serve the browser tests and the figure export;
# a test tool's own browser download does not work on a machine without internet.
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then \
		echo "chromium: $$(/usr/bin/chromium --version 2>/dev/null)"; \
	else \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		echo "Installing Debian chromium and chromium-driver ..."; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver \
		|| { echo "Could not install chromium; browser tests and export need /usr/bin/chromium" >&2; exit 1; }; \
	fi

# locust drives the load benchmark (simulated people's journeys); only `make bench` needs it.
bench-tools: install
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'

run: install
	$(BIN)/case-timeline run --host $(HOST) --port $(PORT)

# Several gunicorn workers, debug off; each worker keeps its own warm export browser.
# Settings come from the environment (README, "Serving"); gunicorn.conf.py reads them.
serve: install
	HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) $(BIN)/gunicorn --config gunicorn.conf.py

# Every group, on two processes (pytest-xdist): a test file each, so a file's module fixtures
# (a live server, the export browser) start once.
test: install
	$(BIN)/python -m pytest -n 2 --dist loadfile

# The unit tests: no browser, no other process (gunicorn, Kaleido's Chromium, the command
# line), no replayed probe or load; tests/support/process_guard.py keeps the marks honest.
test-fast: install
	$(BIN)/python -m pytest -m "not browser and not server and not slow"

# ruff, then the layer contracts in pyproject.toml: a wrong import arrow fails here.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install bench-tools
	@for script in bench/bench_*.py; do echo "== $$script"; $(SUPPORT) $(BIN)/python $$script || exit 1; done

screenshot: install
	$(SUPPORT) $(BIN)/python scripts/screenshot.py --out docs
	$(SUPPORT) $(BIN)/python scripts/screenshot.py --cohort --query '?align=icans-onset&rank=peak-icans' --out docs/cohort.png

# The deck of a case rendered to a PNG per slide, to look at (needs LibreOffice and poppler).
CASE ?= axicel-relapsing-icans
DAYS ?= 40:50
SIZE ?= 1920x1080
deck-preview: install
	rm -rf previews
	$(BIN)/case-timeline export --case $(CASE) --days $(DAYS) --size $(SIZE) --format pptx --out previews
	$(BIN)/python scripts/render_deck.py previews/*.pptx --out previews

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
