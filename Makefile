# Two entry points, each doing all set-up on a fresh machine (see README.md):
#   make report   ingest data/raw/ and render every period's report to reports/
#   make test     run the test suite
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: report test

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (cchc-analysis)"
	touch $@

report: $(VENV)/.installed
	bash scripts/system-deps.sh
	$(VENV)/bin/cchc ingest
	$(VENV)/bin/cchc render

test: $(VENV)/.installed
	bash scripts/system-deps.sh --test
	$(PY) -m pytest -q
