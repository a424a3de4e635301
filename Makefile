# The two commands of the README: `make run` and `make test`. Everything else supports them.
PYTHON    ?= python3
VENV      := .venv
BIN       := $(VENV)/bin
STAMP     := $(VENV)/.installed
WAREHOUSE := $(or $(CR_WAREHOUSE),data/warehouse.duckdb)
INPUTS    := $(shell find data/curated data/documents data/reference etl -type f \
                 \( -name '*.csv' -o -name '*.xlsx' -o -name '*.md' -o -name '*.txt' \
                    -o -name '*.html' -o -name '*.py' -o -name '*.sql' \
                    -o -name '*.toml' \) 2>/dev/null)
PORT      ?= 8501

.PHONY: run test test-fast warehouse status screenshots bench lint clean score

# create the venv and install the project with its test tools (again when pyproject changes)
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# rebuild the warehouse only when it is missing or older than its inputs
$(WAREHOUSE): $(STAMP) $(INPUTS)
	$(BIN)/etl run --db $(WAREHOUSE)

warehouse: $(WAREHOUSE)

# a local trial: the single local user gets the analysts' pages, so it serves on localhost only
run: $(WAREHOUSE)
	CR_WAREHOUSE=$(WAREHOUSE) CR_LOCAL_ANALYST=1 $(BIN)/streamlit run dashboard/app.py \
		--server.port $(PORT) --server.address 127.0.0.1

status: $(STAMP)
	$(BIN)/etl status --db $(WAREHOUSE)

test: $(STAMP)
	$(BIN)/pytest

# the edit loop: unit and rule tests only (no natasha, AppTest, child process or browser)
test-fast: $(STAMP)
	CR_TEST_TIER=fast $(BIN)/pytest -q -m "not browser and not slow" -p no:cacheprovider

screenshots: $(WAREHOUSE)
	CR_WAREHOUSE=$(WAREHOUSE) $(BIN)/python tools/screenshots.py

bench: $(STAMP)
	$(BIN)/python -m bench

# the official scorer over the labelled real press releases beside the repository (../shared)
SCORER := ../shared/corpus/score.py
score: $(STAMP)
	@if [ -f $(SCORER) ]; then \
		$(PYTHON) $(SCORER) ../shared/corpus/dev/gold ../shared/corpus/dev/docs --etl $(BIN)/etl --verbose; \
	else echo "make score: skipped, $(SCORER) is not beside the repository"; fi

# ruff everywhere; mypy on all but tests/ (strict on etl's models, load, geocode, seams:
# [tool.mypy] in pyproject)
lint: $(STAMP)
	$(BIN)/ruff check etl dashboard tests bench tools deploy
	$(BIN)/mypy

clean:
	rm -rf $(VENV) data/warehouse.duckdb* data/state .pytest_cache .cache
