# `make test` and `make lab` each set everything up on a fresh machine first (a .venv here).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TORCH_WHEEL_DIR ?= /opt/wheels

.PHONY: setup test lab lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[lab,test,dev]'
	@# PyTorch is the second oracle of the tests; its CPU wheel lies on this kind of machine.
	@if ls $(TORCH_WHEEL_DIR)/torch-2.13.0* >/dev/null 2>&1; then \
		$(PY) -m pip install --quiet --find-links $(TORCH_WHEEL_DIR) torch==2.13.0; \
	else \
		echo "No torch 2.13.0 wheel in $(TORCH_WHEEL_DIR): the PyTorch-oracle tests will skip."; \
	fi
	touch $(STAMP)

setup: $(STAMP)

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check src tests autograd_lessons benchmarks
	$(VENV)/bin/mypy

lab: setup
	$(VENV)/bin/jupyter lab notebooks/01_tensors_that_track_history.ipynb

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .hypothesis .mypy_cache .ruff_cache
