# Two commands for a new analyst (see README.md, "Kom igång"):
#   make reports   builds every example report (all committees, all plan years)
#   make test      runs every test
# Both create .venv and install what is missing on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installerad
PLANAR ?= 2019 2020 2021 2022 2023 2024 2025
JOBB   ?=
PYTEST_ARGS ?= -n auto --dist loadfile

.PHONY: reports test lab bench system venv data clean-outputs

$(STAMP): pyproject.toml requirements.lock
	@bash scripts/kontrollera-python.sh $(PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP)

# Debian packages: PDF rendering (Pango), fonts, PDF text checks and the browser test;
# then the npm packages of the accessibility test (axe-core).
system:
	@bash scripts/systempaket.sh
	@bash scripts/npm-paket.sh

reports: $(STAMP) system
	$(BIN)/vbe rapport --alla $(foreach a,$(PLANAR),--ar $(a)) $(if $(JOBB),--jobb $(JOBB))

test: $(STAMP) system
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(STAMP) system
	$(BIN)/python benchmarks/bench.py

# Regenerates the fictitious example data (byte-identical for the same seed).
data: $(STAMP)
	$(BIN)/vbe exempeldata

clean-outputs:
	rm -rf outputs/20*
