# The two commands of the README: `make serve` and `make test`. Each creates .venv when missing.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make serve PORT=8001` when 8000 is taken
PORT ?= 8000

.PHONY: serve site test check bench clean schemas

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:$(PORT)

site: $(STAMP)
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/afspraken check

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

# After a change to afspraak.schema.json or werkgebied.schema.json: refresh their copies in export.schema.json.
schemas: $(STAMP)
	$(BIN)/python -m afspraken.schemabundel

clean:
	rm -rf site tests/artifacts
