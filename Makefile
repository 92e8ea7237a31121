# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
EXAMPLE := examples/karabakh-2023-09-19.txt
EXAMPLE_DATE := 2023-09-19
NAME   := $(basename $(notdir $(EXAMPLE)))

.PHONY: run test install install-dev lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: $(VENV)/.installed
	@mkdir -p out
	$(BIN)/diplograph build $(EXAMPLE) --date $(EXAMPLE_DATE) --out out/$(NAME)

test: $(VENV)/.installed-dev
	$(BIN)/ruff check graph loaders tests benchmarks notebooks tools diplograph
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check graph loaders tests benchmarks notebooks tools diplograph

clean:
	rm -rf $(VENV) out build *.egg-info
