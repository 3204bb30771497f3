# Each target makes its own virtual environment, so a fresh machine needs only
# Python 3 and make.  Installs are redone only when pyproject.toml changes.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: fuzz demo test lint typecheck suite unit docs bench sample screenshots test-oldest clean

# pip 25.1 is the first to install PEP 735 dependency groups (--group).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install 'pip>=25.1'

$(VENV)/.installed-demo: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml examples/requirements.txt | $(BIN)/python
	$(PIP) install -e '.[fast,dask,postgres]' --group test --group docs -r examples/requirements.txt
	touch $@

$(VENV)/.installed-bench: pyproject.toml benchmarks/requirements-gpl.txt | $(BIN)/python
	$(PIP) install -e '.[dask,postgres]' --group test --group bench -r benchmarks/requirements-gpl.txt
	touch $@

demo: $(VENV)/.installed-demo
	$(BIN)/neighborly demo

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy --strict src

# The whole suite, on every core: each file's tests stay on one worker, since the
# code blocks of a page run in order.
suite: $(VENV)/.installed-test
	$(BIN)/pytest -n auto --dist loadfile

# The quick loop while working: the suite without the tests marked slow (the site
# in a browser, the Dask cluster, the sdist and a clean install).
unit: $(VENV)/.installed-test
	NEIGHBORLY_QUICK=1 $(BIN)/pytest -n auto --dist loadfile -m "not slow" -q

# The documentation site (MkDocs, Material theme, API reference), English and
# Chinese, into site/; any warning fails the build.  Not --quiet: it stops MkDocs
# from seeing the warnings that --strict counts, and the build would pass them.
docs: $(VENV)/.installed-test
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

test: lint typecheck suite docs

# The fuzz campaign: every fuzz test at 20 times its make-test size, at least
# 100,000 cases (the run fails with fewer), each crash kept in tests/regressions/.
fuzz: $(VENV)/.installed-test
	NEIGHBORLY_FUZZ=20 NEIGHBORLY_FUZZ_MIN=100000 $(BIN)/pytest -q -p no:cacheprovider tests/test_fuzz.py

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/scheduling.py
	$(BIN)/python benchmarks/points.py
	$(BIN)/python benchmarks/owners.py
	$(BIN)/python benchmarks/services.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/street.py
	$(BIN)/python benchmarks/report.py
	$(BIN)/python benchmarks/store.py

# Regenerates the embedded sample community from its seeded script.
sample: $(VENV)/.installed-test
	$(BIN)/python scripts/generate_sample.py

# Photographs the sample's HTML report, section by section, in English and Chinese
# for docs/report.md (a Chromium and CJK fonts, such as Debian's fonts-wqy-microhei,
# on the machine).
screenshots: $(VENV)/.installed-test
	NEIGHBORLY_REQUIRE_BROWSER=1 NEIGHBORLY_SCREENSHOTS=docs/assets/report \
		$(BIN)/pytest -q -p no:cacheprovider tests/test_report_browser.py

# Runs the suite against the oldest dependency releases pyproject.toml admits.
test-oldest:
	$(PYTHON) -m venv .venv-oldest
	.venv-oldest/bin/python -m pip --disable-pip-version-check --quiet install 'pip>=25.1'
	.venv-oldest/bin/python -m pip --disable-pip-version-check --quiet install \
		-c constraints-oldest.txt -e '.[fast]' --group test
	.venv-oldest/bin/pytest -q -n auto --dist loadfile

clean:
	rm -rf $(VENV) .venv-oldest .pytest_cache .mypy_cache .ruff_cache .hypothesis site
