# Every target sets up .venv first when it is missing or older than pyproject.toml.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: setup run test bench lint clean image

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

lint: $(STAMP)
	$(VENV)/bin/ruff check bot cardkit dialogs forms knowledge tests bench infra
	$(VENV)/bin/ruff format --check bot cardkit dialogs forms knowledge tests bench infra
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) .pytest_cache data/*.sqlite3*
