# Every target sets up .venv first when it is missing or older than pyproject.toml.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: setup run test bench lint clean image safety-net

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/policybot serve

test: $(STAMP)
	$(VENV)/bin/pytest

# The container image (needs podman or docker; see README "Container image").
image:
	podman build --format docker -f infra/container/Containerfile -t policybot .

bench: $(STAMP)
	$(VENV)/bin/python -m bench

# The safety net's and the risk reader's weights (knowledge/safety_net.py, risk_reader.py), made
# again from the question tables after any table changes (a test says when). Only this target
# installs scikit-learn.
safety-net: $(STAMP)
	$(VENV)/bin/pip install --quiet -e '.[train]'
	$(VENV)/bin/python tools/train_safety_net.py

lint: $(STAMP)
	$(VENV)/bin/ruff check bot cardkit dialogs forms knowledge tests bench infra tools
	$(VENV)/bin/ruff format --check bot cardkit dialogs forms knowledge tests bench infra tools
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) .pytest_cache data/*.sqlite3*
