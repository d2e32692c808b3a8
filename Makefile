# The two commands a newcomer needs: `make html` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JB     := $(BIN)/jupyter-book
STRICT := -W -n --keep-going          # any warning or broken reference fails the build
PORT   ?= 8000

.PHONY: html test unit book-strict browser serve clean bench reproducible help

help:
	@echo "make html   build the site into _build/html (uses the execution cache)"
	@echo "make test   unit tests + doctests, then a strict build executing every cell, then site checks"
	@echo "make unit   unit tests and doctests only (fast)"
	@echo "make serve  serve _build/html on http://127.0.0.1:$(PORT)"
	@echo "make bench  run the benchmarks in benchmarks/"
	@echo "make reproducible  two clean builds must give byte-identical sites"
	@echo "make clean  remove _build (and the execution cache)"

# Install once, again whenever pyproject.toml or the pinned constraints change.
$(STAMP): pyproject.toml requirements/constraints.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[book,test]"
	$(BIN)/python -c "import matplotlib.pyplot"  # build the font cache now, not in a cell's stderr
	touch $(STAMP)

html: $(STAMP)
	$(JB) build . $(STRICT)

book-strict: $(STAMP)
	MLCALC_FORCE_EXECUTE=1 $(JB) build . --all $(STRICT)

unit: $(STAMP)
	$(BIN)/python -m pytest -m "not site"

test: $(STAMP) browser
	$(BIN)/python -m pytest -m "not site"
	$(MAKE) --no-print-directory book-strict
	$(BIN)/python -m pytest -m site

# The browser tests need Debian's Chromium. Install it when missing and we are root; otherwise
# the tests skip with a message (and fail under CI=true).
CHROME_PATH ?= /usr/bin/chromium
browser:
	@if [ ! -x "$(CHROME_PATH)" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium for the browser tests (apt-get)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi
	@[ -x "$(CHROME_PATH)" ] || echo "No browser at $(CHROME_PATH): the browser tests will be skipped (and fail under CI=true)"

serve:
	$(BIN)/python tools/serve.py --port $(PORT)

# The benchmarks' own extra (JAX, for the backprop comparison) is installed here only.
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[book,test,bench]"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/backprop.py
	$(BIN)/python benchmarks/derivative_accuracy.py
	$(BIN)/python benchmarks/multivariate_accuracy.py
	$(BIN)/python benchmarks/taylor_orders.py
	$(BIN)/python benchmarks/optimisation.py
	$(BIN)/python benchmarks/nist_strd.py
	$(BIN)/python benchmarks/build_times.py
	$(BIN)/python benchmarks/site_lighthouse.py

clean:
	rm -rf _build

# Two clean builds of this commit, every cell executed, must give byte-identical sites.
reproducible: $(STAMP)
	rm -rf _build/repro
	for run in 1 2; do MLCALC_FORCE_EXECUTE=1 $(JB) build . --all $(STRICT) -q \
		--path-output _build/repro/$$run >/dev/null || exit 1; done
	diff -r _build/repro/1/_build/html _build/repro/2/_build/html
	@echo "reproducible: two clean builds gave identical pages and images"
