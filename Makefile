# `make test` and `make lab` each set everything up on a fresh machine first (a .venv here).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TORCH_WHEEL_DIR ?= /opt/wheels
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with notebooks/nbval_sanitize.cfg

.PHONY: setup system-packages test lab lint notebooks bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[lab,test,dev,viz]'
	@# PyTorch is the second oracle of the tests; its CPU wheel lies on this kind of machine.
	@if ls $(TORCH_WHEEL_DIR)/torch-2.13.0* >/dev/null 2>&1; then \
		$(PY) -m pip install --quiet --find-links $(TORCH_WHEEL_DIR) torch==2.13.0; \
	else \
		echo "No torch 2.13.0 wheel in $(TORCH_WHEEL_DIR): the PyTorch-oracle tests will skip."; \
	fi
	touch $(STAMP)

# Debian packages some tests use: Graphviz's own `dot` (the two engines must agree) and chromium
# (the JupyterLab browser test). Installed where we can (root on Debian, as CI runs); elsewhere
# those tests skip and say why.
system-packages:
	@missing=""; \
	command -v dot >/dev/null 2>&1 || missing="$$missing graphviz"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
		|| echo "Could not install$$missing: the tests that need them will skip."; \
	else \
		echo "Not root on Debian; missing$$missing: the tests that need them will skip."; \
	fi

setup: $(STAMP) system-packages

test: setup
	$(PY) -m pytest $(NBVAL) tests notebooks

lint: setup
	$(VENV)/bin/ruff check src tests autograd_lessons benchmarks notebooks
	$(VENV)/bin/mypy

lab: setup
	@# a notebook shows its stored pictures only once trusted
	$(VENV)/bin/jupyter trust notebooks/*.ipynb
	$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/01_tensors_that_track_history.ipynb

# Re-execute every lesson and store its outputs (after changing notebooks/src/ or the pictures).
notebooks: setup
	timeout 600 $(PY) notebooks/build.py

# `make bench`: visgrad against PyTorch, hand-written NumPy and the teaching peers.
# `make bench BENCH_ARGS=--quick` is about a minute. The peers and torch live in a venv of their
# own (benchmarks/.venv-peers) so that the project's .venv never depends on them.
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set on some machines for old OpenBLAS builds) slow a
# current NumPy: they are unset for the benchmark command only (the run records its BLAS kernel).
PEERS_VENV := benchmarks/.venv-peers
PEERS_PY := $(PEERS_VENV)/bin/python
PEERS_STAMP := $(PEERS_VENV)/.installed
BENCH_ARGS ?=

$(PEERS_STAMP): pyproject.toml benchmarks/requirements-peers.txt
	$(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_PY) -m pip install --quiet --upgrade pip
	$(PEERS_PY) -m pip install --quiet -e '.[viz]'
	$(PEERS_PY) -m pip install --quiet --find-links $(TORCH_WHEEL_DIR) torch==2.13.0
	$(PEERS_PY) -m pip install --quiet -r benchmarks/requirements-peers.txt
	touch $(PEERS_STAMP)

bench: $(PEERS_STAMP)
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(PEERS_PY) -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(PEERS_VENV) build *.egg-info src/*.egg-info .pytest_cache .hypothesis .mypy_cache .ruff_cache
