# Self-documenting task runner: `make` or `make help` lists the targets (from their `## ` comments).
# Every target goes through run.sh or the tools it installs into .venv, so make is optional.
.DEFAULT_GOAL := help
SHELL := /bin/bash
BIN := .venv/bin

# Lock settings: Python 3.11 on linux x86_64, hashes for pip and uv. `make lock` keeps the current
# pins where pyproject.toml still allows them; `make lock LOCK_ARGS=--upgrade` moves to the newest.
LOCK_FLAGS := --quiet --python-version 3.11 --python-platform x86_64-unknown-linux-gnu --generate-hashes
LOCK_ARGS ?=

.PHONY: help install data test cepat lint format lab lock clean bench skema

help: ## Show this list
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-9s %s\n", $$1, $$2}'

install: ## Create .venv and install requirements.lock + the project (= bash run.sh setup)
	bash run.sh setup

data: ## Sample data (if data/raw is empty), validasi, bangun both years (= kkb utama)
	bash run.sh kkb utama

test: ## Every test (pytest -n auto), then ruff check + format check (= bash run.sh test, CI)
	bash run.sh test

cepat: ## Fast loop: tests without batch/fault/notebook/corpus/fuzz/leak (= bash run.sh test cepat)
	bash run.sh test cepat

skema: ## Regenerate the output schema and docs/skema.md column tables from the computation and the indicator catalogue (= bash run.sh skema)
	bash run.sh skema

lint: ## ruff check + ruff format --check
	bash run.sh lint

format: install ## Apply ruff format and ruff check --fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lab: ## Add jupyterlab (requirements-lab.lock) to .venv and start Jupyter Lab
	bash run.sh lab

lock: install ## Regenerate requirements.lock and requirements-lab.lock with uv
	$(BIN)/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) $(LOCK_ARGS) -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra lab -c requirements.lock $(LOCK_FLAGS) $(LOCK_ARGS) -o requirements-lab.lock

clean: ## Delete generated outputs in data/processed/ and reports/ (keeps .gitkeep; never data/raw)
	find data/processed reports -mindepth 1 -maxdepth 1 ! -name .gitkeep -exec rm -rf {} +

bench: install ## Run every bench/*.py (none yet is fine)
	@shopt -s nullglob; files=(bench/*.py); \
	if [ $${#files[@]} -eq 0 ]; then echo "no bench/*.py to run"; fi; \
	for f in "$${files[@]}"; do echo "==> $$f"; $(BIN)/python "$$f" || exit 1; done
