# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install compiled demo test bench lint check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) compiled

# the per-case rules compiled with Cython (about 30 s; later only the changed modules); pure Python without a compiler
compiled: $(STAMP)
	$(BIN)/python -m biddeed_assets.compiled.build

demo: compiled
	$(BIN)/biddeed demo $(if $(NO_UI),--no-ui,)

test: compiled
	$(BIN)/pytest -q -n 2

bench: compiled
	$(BIN)/biddeed bench

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/biddeed check

clean:
	rm -rf $(VENV) .biddeed biddeed_assets/compiled/_lib
