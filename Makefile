# The two commands of the README, and the pieces they are made of.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install run test check lint types unit fast bench mutants clean

install:
	@scripts/bootstrap.sh

run: install            ## install everything, then run the conformance suite against the reference platform
	$(BIN)/twinrig run

test: install lint types unit   ## install everything, then lint, type-check and run the tests

check: install lint types fast  ## the same, but only the fast tier: every test not marked end_to_end (under a minute)

lint:                   ## ruff, and the import rules of ARCHITECTURE.md ([tool.importlinter] in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

types:
	$(BIN)/mypy

unit:
	$(BIN)/python -m pytest

fast:
	$(BIN)/python -m pytest -m "not end_to_end"

mutants: install
	$(BIN)/twinrig mutants

bench: install
	$(BIN)/python benchmarks/suite_time.py
	$(BIN)/python benchmarks/suite_cost.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache
