# The two commands of the README: `make run` (dashboard on the demo store) and `make test` (whole suite).
# Both create .venv and install the pinned requirements when they change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint format bench bench-overview bench-campaign bench-restock demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

run: $(VENV)/.runtime-installed
	$(BIN)/streamlit run app.py --server.port 8501 --server.headless true --browser.gatherUsageStats false

test: $(VENV)/.dev-installed
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.dev-installed
	$(BIN)/python bench/bench_import.py

bench-overview: $(VENV)/.dev-installed
	$(BIN)/python bench/bench_overview.py

bench-campaign: $(VENV)/.dev-installed
	$(BIN)/python bench/bench_campaign.py

bench-restock: $(VENV)/.dev-installed
	$(BIN)/python bench/bench_restock.py --out /tmp/bench_restock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
