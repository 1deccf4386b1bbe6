# The two commands of the README: `make run` and `make test`. Each bootstraps .venv/ from the
# exact pins in requirements.lock when it is missing or out of date.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out
SAMPLES := $(wildcard corpora/samples/*.spec.txt)
SAMPLE_PDFS := $(SAMPLES:.spec.txt=.pdf)

.PHONY: run test test-model test-slow lint samples bench sysdeps clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# Debian fonts used to render the sample and test PDFs (IPAex is embedded into some of them).
# Installed when missing and when we may (root with apt-get); otherwise tests that need them skip.
sysdeps:
	@if ! fc-list 2>/dev/null | grep -q IPAex; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing fonts-ipaexfont (Debian)"; \
	    (apt-get update -qq && apt-get install -y -qq fonts-ipaexfont-gothic fonts-ipaexfont-mincho) >/dev/null; \
	  else echo "fonts-ipaexfont missing: tests that render with it will skip"; fi; \
	fi
	@if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -q jpn; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing tesseract-ocr and its Japanese model (Debian) for OCR"; \
	    (apt-get update -qq && apt-get install -y -qq tesseract-ocr tesseract-ocr-jpn) >/dev/null; \
	  else echo "tesseract-ocr-jpn missing: scanned pages stay needs_ocr and the OCR test skips"; fi; \
	fi
	@if ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing chromium (Debian) for the report tests"; \
	    (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null; \
	  else echo "chromium missing: the browser test of the report will skip"; fi; \
	fi

corpora/samples/%.pdf: corpora/samples/%.spec.txt corpora/samples/render.py | $(STAMP)
	$(BIN)/python corpora/samples/render.py $<

samples: sysdeps $(STAMP)
	$(BIN)/python corpora/samples/render.py

run: $(STAMP) sysdeps $(SAMPLE_PDFS)
	$(BIN)/tenderlens analyze corpora/samples --db $(OUT)/tenderlens.duckdb --json-dir $(OUT)/json
	$(BIN)/tenderlens compare --db $(OUT)/tenderlens.duckdb --html $(OUT)/report.html --xlsx $(OUT)/report.xlsx

test: $(STAMP) sysdeps
	$(BIN)/python -m pytest -q -m "not slow"

# retrains the alignment model and checks it is the shipped one, score for score (CI runs it after
# `make test`)
test-model: $(STAMP)
	$(BIN)/python -m pytest -q -m slow tests/test_alignment_accuracy.py

test-slow: $(STAMP) sysdeps
	$(BIN)/python -m pytest -q -m slow
	TENDERLENS_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -q tests/test_fuzz.py

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP) sysdeps
	$(BIN)/python benchmarks/ingest_speed.py
	$(BIN)/python benchmarks/align_speed.py
	$(BIN)/python benchmarks/obligation_speed.py
	$(BIN)/python benchmarks/compare_speed.py

clean:
	rm -rf $(OUT) .pytest_cache tests/artifacts
