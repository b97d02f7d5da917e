# The two entry points of the README. Everything else is reached through them.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test install clean bench eval chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# torch first, pinned to the local CPU wheel, so sentence-transformers does not pull a CUDA build
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[ml,test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -rf out/demo
	$(VENV)/bin/upscnotes build examples/notes examples/sources examples/feed.xml --out out/demo --db out/demo/upscnotes.db
	$(VENV)/bin/upscnotes check out/demo/notes/*.html
	@echo "demo: notes (HTML + JSON) in $(CURDIR)/out/demo/notes, database out/demo/upscnotes.db"
	@echo "site: $(CURDIR)/out/demo/index.html (open it in a browser; it works offline)"
	@echo "preview with search: $(VENV)/bin/upscnotes serve out/demo"

chromium:
	# the browser tests drive Debian's Chromium through the playwright package (never `playwright install`)
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

test: $(STAMP) chromium
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/annotate.py
	$(PY) bench/annotate_starter.py
	$(PY) bench/build.py
	$(PY) bench/eval_gs.py
	$(PY) bench/eval_notes.py
	$(PY) bench/eval_stories.py
	$(PY) bench/cluster.py
	$(PY) bench/site.py
	$(PY) bench/site.py

clean:
	rm -rf $(VENV) out build *.egg-info
