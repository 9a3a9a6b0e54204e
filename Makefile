# Two entry points, each doing all set-up on a fresh machine (see README.md):
#   make report   ingest data/raw/, render every period's report to reports/ and put each
#                 province's data beside its reports (reports/<province-slug>/du-lieu.xlsx)
#   make test     run the test suite
VENV ?= .venv
PY := $(VENV)/bin/python
# Python keeps its byte-code cache (__pycache__) even where the environment says not to (some
# containers set PYTHONDONTWRITEBYTECODE=1): otherwise every process — each test worker, each
# `cchc` the tests start, each render's fork server — compiles the package from source again.
export PYTHONDONTWRITEBYTECODE :=

.PHONY: report test

# Every dependency (runtime and test) comes from requirements.lock, pinned with hashes, so a
# fresh install gives the same versions months later; the project itself adds none of its own.
# After a change of pyproject's dependencies: bash scripts/lock.sh (see its header).
$(VENV)/.installed: pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (cchc-analysis)"
	touch $@

report: $(VENV)/.installed
	bash scripts/system-deps.sh
	$(VENV)/bin/cchc ingest
	$(VENV)/bin/cchc render
	$(VENV)/bin/cchc export --beside-reports reports

test: $(VENV)/.installed
	bash scripts/system-deps.sh --test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -q
