# claimscope — the two commands are `make run` and `make test`; `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# CORPUS is the folder `make run` analyses (SEEDS is kept as an alias for older commands).
SEEDS ?= seeds
CORPUS ?= $(SEEDS)
PROCESSED ?= data/processed
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
REPORT_DIR ?= reports
PORT ?= 8888
# The notebooks' kernel, "Python 3 (claimscope)", installed inside the environment.
KERNEL := $(VENV)/share/jupyter/kernels/claimscope/kernel.json

# Kernels resolve inside the project's environment first (a user-level "python3" kernel must not win).
export JUPYTER_PREFER_ENV_PATH := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help run test test-numeric lab build model re2-table references bench evaluate gold notebooks lint lock clean

help: ## list the targets (variables: CORPUS=seeds PROCESSED=data/processed PORT=8888)
	@sed 's/^$$(VENV):/$(VENV):/' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} \
		/^[a-zA-Z_.\/-]+:.*## / {printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (claimscope needs Python 3.11; set PYTHON=/path/to/python3.11)"; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(VENV): $(STAMP) ## build the environment from the lock file (rebuilt when the lock changes)

build: $(STAMP) ## parse the corpus (CORPUS=seeds) into data/processed/ (parquet)
	$(BIN)/claimscope build $(CORPUS) --out $(PROCESSED)

model: $(STAMP) ## refit the shipped claim model: gold train split + seeds; dev picks method and thresholds
	$(BIN)/claimscope train-claims seeds --annotations data/annotations/seed_sentences.csv \
		--gold data/gold

re2-table: $(STAMP) ## rewrite lib/claimscope/data/re2_translations.json (the shipped patterns' RE2 translations)
	$(BIN)/python -c 'from claimscope.safe_regex._table import write_table; print(write_table())'

references: $(STAMP) ## retrain the shipped reference parser (CRF) on BENCHMARKS/anystyle/core.xml + data/annotations/references.xml
	@test -n "$(BENCHMARKS)" || { echo "error: set BENCHMARKS=dir (with anystyle/core.xml)"; exit 1; }
	$(BIN)/python -m claimscope.citations.train_references --benchmarks $(BENCHMARKS) \
		$(if $(FOLDS),--folds $(FOLDS),)

$(KERNEL): $(STAMP)
	$(BIN)/python -m ipykernel install --sys-prefix --name claimscope \
		--display-name "Python 3 (claimscope)" >/dev/null

run: build $(KERNEL) ## data/processed/ → every notebook on CORPUS → reports/*.html (+ code/)
	$(BIN)/claimscope report $(CORPUS) --processed $(PROCESSED) --out $(REPORT_DIR)

test: $(STAMP) $(KERNEL) ## lint, library tests (+ doctests), nbval, then the same under a second numeric setup
	$(BIN)/ruff check lib tests notebooks bench conftest.py
	$(BIN)/python -m pytest --doctest-modules lib/claimscope tests
	$(BIN)/python -m pytest --nbval notebooks --nbval-sanitize-with notebooks/sanitize.cfg -p no:cacheprovider
	$(MAKE) --no-print-directory test-numeric

# A second numeric configuration: one BLAS thread, another OpenBLAS kernel, and NumPy's widest
# SIMD kernels switched off (what an older or different CPU would run). The model fit, the seed
# fingerprints and the claim notebook must give the same results.
NUMERIC_ENV = OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 OPENBLAS_CORETYPE=Sandybridge \
	NPY_DISABLE_CPU_FEATURES="$$($(BIN)/python tests/numeric_config.py)"
test-numeric: $(STAMP) $(KERNEL) ## the model fit, fingerprints and notebook 02 under a second numeric setup
	$(NUMERIC_ENV) $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fingerprint.py \
		tests/test_claims.py -k "reproducible or fingerprint or lodo"
	$(NUMERIC_ENV) $(BIN)/python -m pytest -q --nbval notebooks/02_claim_types.ipynb \
		--nbval-sanitize-with notebooks/sanitize.cfg -p no:cacheprovider

PAGES ?= 300
bench: $(STAMP) ## speed and memory: build vs read+regex and spaCy, 1 core / all cores, rebuild (PAGES=300)
	$(BIN)/python bench/run.py --pages $(PAGES)

BENCHMARKS ?= $(CLAIMSCOPE_BENCHMARKS)
evaluate: $(STAMP) ## validity: seeds LODO, gold dev/test, coder ceiling, benchmarks (BENCHMARKS=dir)
	$(BIN)/claimscope evaluate --gold data/gold --seeds seeds \
		$(if $(BENCHMARKS),--benchmarks $(BENCHMARKS),)

gold: $(STAMP) ## re-import the gold coding sheets into one tidy CSV per pass (data/gold/*.csv)
	$(BIN)/claimscope import-coding data/gold/pages data/gold/coding/first/*.csv \
		--out data/gold/gold_units_first.csv
	$(BIN)/claimscope import-coding data/gold/pages data/gold/coding/second/*.csv \
		--out data/gold/gold_units_second.csv

notebooks: $(STAMP) $(KERNEL) ## re-execute the committed notebooks in place, top to bottom, fresh kernel
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=600 \
		--ExecutePreprocessor.record_timing=False $(NOTEBOOKS)

lab: $(STAMP) $(KERNEL) ## JupyterLab on notebooks/, kernel "Python 3 (claimscope)" (PORT=8888)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks --ServerApp.port=$(PORT) \
		$(if $(filter 0,$(shell id -u)),--allow-root,)

lint: $(STAMP) ## ruff on the library, tests and notebooks
	$(BIN)/ruff check lib tests notebooks bench conftest.py

lock: ## regenerate requirements.lock from pyproject.toml (needs the environment)
	$(BIN)/pip-compile --quiet --strip-extras --extra dev --extra dask --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean: ## remove built data and reports (keeps the environment)
	rm -rf $(PROCESSED) $(REPORT_DIR)
