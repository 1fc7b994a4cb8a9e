# Two commands set up a fresh machine and do the work (see README):
#   make serve   set up, validate, build and serve the example CX site on http://127.0.0.1:8000
#   make test    set up, then lint, type-check and run the whole test suite
# Everything installs into .venv/ from PyPI; nothing outside the repository is touched.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ADDR   ?= 127.0.0.1:8000

.PHONY: setup serve build zensical test lint typecheck pytest browser bench bench-build screenshots clean

NPM_STAMP := node_modules/.installed

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Mermaid, served by the site itself (pinned in package.json and package-lock.json).
$(NPM_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NPM_STAMP)

setup: $(STAMP) $(NPM_STAMP)

build: setup
	$(BIN)/cxmaps validate .
	$(BIN)/mkdocs build

serve: build
	$(BIN)/mkdocs serve --dev-addr $(ADDR)

# The same site built by Zensical, which runs no MkDocs plugins: `cxmaps generate` writes a
# source that builds without the plugin into $(SOURCE) (replacing the one written before),
# and Zensical builds it into $(SOURCE)/site.
SOURCE ?= build/zensical
zensical: setup
	$(BIN)/cxmaps validate .
	$(BIN)/cxmaps generate . --out $(SOURCE) --force
	cd $(SOURCE) && $(abspath $(BIN))/zensical build

lint: setup
	$(BIN)/ruff check plugins tests benchmarks

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/python -m pytest

# Debian's Chromium for the browser tests (Playwright's own browser download does not
# work offline), and a colour emoji font as readers' laptops have (without one, emoji in
# the maps show as empty boxes in screenshots and baselines); installed with apt-get
# where missing and we may.
CHROMIUM ?= /usr/bin/chromium
EMOJI_FONT := /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf
browser:
	@test -x $(CHROMIUM) -a -f $(EMOJI_FONT) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null; \
	  else echo "Chromium or the emoji font missing: sudo apt-get install chromium" \
	    "fonts-noto-color-emoji (browser tests will skip or fail)"; fi; }

test: lint typecheck browser pytest

bench: setup
	$(BIN)/python benchmarks/validate.py
	$(BIN)/python benchmarks/diff.py
	$(BIN)/python benchmarks/journey_page.py

# The plugin's cost against a plain build of the same pages (about 30 minutes).
bench-build: setup
	$(BIN)/python benchmarks/build.py

# Regenerate the journey page's screenshot baselines (tests/baselines/) and the README's
# screenshot (readme/journey-page.png) after an intended change of the look; look at them
# before committing.
screenshots: setup browser
	CXMAPS_UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/test_canvas_browser.py \
	  tests/test_portfolio_browser.py -q \
	  -k "baseline or readme"

clean:
	rm -rf $(VENV) node_modules site .cxmaps-cache .pytest_cache .mypy_cache .ruff_cache
