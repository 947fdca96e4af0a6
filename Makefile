# commsim — the two commands the README promises: `make demo` and `make test`.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
EXTRAS  ?= dev

.PHONY: install demo test browser lint docs effects decisions bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || "$$(tools/find-python312.sh)" -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[$(EXTRAS)]"
	@touch $(STAMP)

install: $(STAMP)

# --rerun: an interrupted demo is resumed, a finished one replaced (run it again at will).
demo: install
	$(VENV)/bin/commsim compare baseline admission_gate purchased_services paperless \
		paperless_digital_inspections combined --reps 20 --seed 2026 --out results/demo --rerun
	$(VENV)/bin/commsim report results/demo >/dev/null
	@echo "The report: results/demo/report.html (open it in a browser)"

# Browser tests drive Debian's chromium (never a downloaded browser); without it they skip.
# fonts-noto-cjk gives the Chinese report and dashboard real glyphs (the tests check them).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 || \
		echo "note: chromium could not be installed - browser tests will be skipped"
	@command -v pdfinfo >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; } >/dev/null 2>&1 || \
		echo "note: poppler-utils could not be installed - the brief's page count is not checked"
	@fc-list :lang=zh family 2>/dev/null | grep -q . || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk; } >/dev/null 2>&1 || \
		echo "note: fonts-noto-cjk could not be installed - Chinese glyph tests will fail"

# The suite runs on TEST_WORKERS processes (pytest-xdist): a test file (or an xdist_group)
# is one unit of work, heaviest first (tests/conftest.py). TEST_WORKERS=0 runs it serially.
TEST_WORKERS ?= 2

test: install browser
	$(PY) -m ruff check src tests benchmarks
	$(PY) -m mypy
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadgroup

lint: install
	$(PY) -m ruff check src tests benchmarks
	$(PY) -m ruff format --check src tests benchmarks

docs: install
	$(PY) -m commsim.docgen.parameters docs/parameters.md
	$(PY) -m commsim.docgen.metrics docs/metrics.md

effects: install  # runs the policy comparison (about an hour of CPU), then writes the pages
	$(PY) -m commsim.docgen.policy_effects docs/policy_effects.md --readme README.md

decisions: install  # the decision-layer block of docs/decisions.md: make decisions STORE=... ROBUST=...
	$(PY) -m commsim.docgen.decisions docs/decisions.md --store $(STORE) --robust $(ROBUST)

bench: install
	$(PY) benchmarks/bench_model.py
	$(PY) benchmarks/bench_experiments.py
	$(PY) benchmarks/bench_cli.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
