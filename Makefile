# Two commands for a fresh clone: `make demo` and `make test` (see README.md).
VENV   := .venv
PY     := $(VENV)/bin/python
MONELL := $(VENV)/bin/monell
STAMP  := $(VENV)/.installed
DEMO   := build/demo
# The CPU build of torch is installed first, or pip pulls a multi-GB CUDA build.
# The editable install gets its bytecode compiled as a wheel install would (pip does so):
# a command then starts ~0.3 s sooner where PYTHONDONTWRITEBYTECODE is set.
TORCH  := torch==2.13.0

.PHONY: install test demo lint bench fuzz clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q $(TORCH)
	$(PY) -m pip install -q -e '.[dev]'
	$(PY) -m compileall -q src/monell
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests scripts fixturekit
	$(VENV)/bin/mypy

demo: $(STAMP)
	rm -rf $(DEMO)
	$(PY) -m scripts.make_sample_production $(DEMO)/production
	$(MONELL) init $(DEMO)/case --incident-date 2021-06-14 \
		--agency "Riverton Police Department" --name "Doe v. City of Riverton"
	$(MONELL) ingest --case $(DEMO)/case $(DEMO)/production/VOL001 --production VOL001
	$(MONELL) case set --case $(DEMO)/case --defendant "Ofc. Dana Pruitt"
	$(MONELL) injury set --case $(DEMO)/case --text "After he was handcuffed, officers held \
		Jerome Vail face-down with a knee on his upper back for several minutes. He told them \
		he could not breathe and lost consciousness; no officer called for medical help until a \
		sergeant arrived twenty minutes later."
	$(MONELL) flags --case $(DEMO)/case
	$(MONELL) ingest --case $(DEMO)/case $(DEMO)/production/VOL002 --production VOL002
	$(MONELL) changes --case $(DEMO)/case
	$(MONELL) docs --case $(DEMO)/case
	$(MONELL) status --case $(DEMO)/case
	$(MONELL) status --case $(DEMO)/case --json > $(DEMO)/status.json
	$(MONELL) docs --case $(DEMO)/case --json > $(DEMO)/documents.json
	$(MONELL) search --case $(DEMO)/case "carotid hold or chokehold" --k 3
	$(MONELL) search --case $(DEMO)/case "prone restraint positional asphyxia" --k 5 \
		--json > $(DEMO)/search.json
	$(MONELL) coverage --case $(DEMO)/case
	$(MONELL) coverage --case $(DEMO)/case --json > $(DEMO)/coverage.json
	$(MONELL) courses --case $(DEMO)/case --json > $(DEMO)/courses.json
	$(MONELL) complaints --case $(DEMO)/case
	$(MONELL) complaints --case $(DEMO)/case --json > $(DEMO)/complaints.json
	$(MONELL) flags --case $(DEMO)/case
	$(MONELL) flags --case $(DEMO)/case --json > $(DEMO)/flags.json
	$(MONELL) changes --case $(DEMO)/case --json > $(DEMO)/changes.json
	$(MONELL) report --case $(DEMO)/case --format html -o $(DEMO)/report.html
	@echo
	@echo "Demo case:   $(DEMO)/case"
	@echo "Report:      $(DEMO)/report.html (open it in a browser: flags, coverage, complaints),"
	@echo "             $(DEMO)/flags.json (moving-force candidates with evidence chains),"
	@echo "             $(DEMO)/coverage.json (training coverage per topic: verdicts, cited"
	@echo "             evidence, records of absence), $(DEMO)/courses.json (the training history: one entry per course, its sessions and status), $(DEMO)/complaints.json (complaint"
	@echo "             records, prior/post, notice pattern per topic), $(DEMO)/status.json (productions, Bates"
	@echo "             gaps), $(DEMO)/documents.json (documents, types, dates) and"
	@echo "             $(DEMO)/search.json (a sample search)"
	@echo "Review page: $(MONELL) serve --case $(DEMO)/case   (prints a private link to open)"

bench: $(STAMP)
	$(PY) -m scripts.bench_ingest

# Malformed files of every format, ingested folder by folder (issue 22); SEED=n tries new damage.
fuzz: $(STAMP)
	$(PY) -m scripts.fuzz_ingest build/fuzz --seed $${SEED:-1} --per-kind 20

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
