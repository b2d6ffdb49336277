# Every target runs with the pinned toolchain and the Go backend's SIMD kernels.
export GOTOOLCHAIN := go1.27.3
export GOEXPERIMENT := simd
GO ?= go

# XLA's CPU PJRT plugin goes here (a folder aelib/backend searches); make xla installs it.
XLA_DIR ?= $(HOME)/.local/lib

.PHONY: xla demo hinton compare test test-go vet notebooks notebooks-prose notebooks-quick notebooks-check notebooks-site notebooks-site-check notebooks-setup notebooks-commit fuzz bench bench-setup bench-quick

# Executed copies of the notebooks that exist now (stale reports of deleted notebooks are ignored).
NOTEBOOK_REPORTS = $(patsubst notebooks/%.ipynb,reports/%.ipynb,$(wildcard notebooks/*.ipynb))

## demo: train the tutorial autoencoder (784-32-784, 50 epochs) and PCA; report in runs/
demo:
	$(GO) run ./cmd/aelab demo

## hinton: Hinton & Salakhutdinov's (2006) deep autoencoder on MNIST vs PCA-30, tied and untied (about 30 minutes on XLA)
hinton:
	$(GO) run ./cmd/aelab demo --preset hinton2006
	$(GO) run ./cmd/aelab demo --preset hinton2006 --tied=false

## compare: PCA vs the autoencoder at code sizes 2,8,16,32,64
compare:
	$(GO) run ./cmd/aelab compare --codes 2,8,16,32,64

## xla: install XLA's CPU PJRT plugin from the Python package index (pip, SHA-256 checked) into $(XLA_DIR)/go-xla
xla:
	$(GO) run ./cmd/xlainstall --source pypi --dir $(XLA_DIR)

## test: vet, the XLA plugin, unit tests (on both backends), then every notebook in quick mode, checked for errors and
## figures, and the report site rendered in headless Chromium
test: vet xla notebooks-setup test-go notebooks-prose notebooks-quick notebooks-check notebooks-site-check

vet:
	@test -z "$$(gofmt -l aelib cmd internal)" || { echo "gofmt needed:"; gofmt -l aelib cmd internal; exit 1; }
	$(GO) vet ./...

test-go:
	AELIB_REQUIRE_XLA=1 $(GO) test -timeout 15m ./...

## notebooks-setup: install Jupyter, Fashion-MNIST (apt, where available), gonb + goimports (go.mod tools), register the GoNB kernel (idempotent)
notebooks-setup:
	scripts/setup-notebooks.sh

## notebooks: run every notebook in full, each in a fresh kernel; executed .ipynb + .html in reports/, and
## reports/index.html over them and the aelab runs in runs/ (written also when a notebook fails)
notebooks: notebooks-setup
	scripts/run-notebooks.sh || { $(MAKE) --no-print-directory notebooks-site; exit 1; }
	$(MAKE) --no-print-directory notebooks-site
	$(GO) run ./cmd/nbcheck $(NOTEBOOK_REPORTS)

## notebooks-quick: same with AELIB_QUICK=1 (small data, few epochs), per-cell timeout 600 s
notebooks-quick: notebooks-setup
	QUICK=1 scripts/run-notebooks.sh || { $(MAKE) --no-print-directory notebooks-site; exit 1; }
	$(MAKE) --no-print-directory notebooks-site

## notebooks-site: reports/index.html: each executed notebook's mode, backend, commit, date, run time and headline
## numbers (patterns: metadata "nbreport" or notebooks/headlines.json), and the aelab run reports of runs/
notebooks-site:
	$(GO) run ./cmd/nbreport -strict $(NOTEBOOK_REPORTS)

## notebooks-site-check: render reports/index.html in headless Chromium (screenshot reports/index.png); fails on a
## console error or a broken link, and when Chromium is missing
notebooks-site-check:
	AELIB_SITE_CHECK=1 $(GO) test -count=1 -run '^TestSiteInChromium$$' ./cmd/nbreport

## notebooks-prose: every number in the committed notebooks' prose is shown by one of their outputs (or cited)
notebooks-prose:
	$(GO) run ./cmd/nbcheck -prose-numbers notebooks/*.ipynb

## notebooks-check: fail unless every executed notebook in reports/ ran cleanly and shows its figures/tables
notebooks-check:
	$(GO) run ./cmd/nbcheck $(NOTEBOOK_REPORTS)

## notebooks-commit: full run writing the outputs back into notebooks/ (to commit them)
notebooks-commit: notebooks-setup
	scripts/run-notebooks.sh --inplace
	$(GO) run ./cmd/nbcheck $(NOTEBOOK_REPORTS)

## fuzz: run the MNIST IDX parser fuzzers and aelab's flag parser fuzzer for 30 s each
fuzz:
	$(GO) test ./aelib/mnist -run '^$$' -fuzz FuzzParseImages -fuzztime 30s
	$(GO) test ./aelib/mnist -run '^$$' -fuzz FuzzParseLabels -fuzztime 30s
	$(GO) test ./cmd/aelab -run '^$$' -fuzz FuzzFlags -fuzztime 30s

## bench-setup: install JAX (jax/jaxlib 0.10.2 from pip) for the JAX peer into .cache/jax (idempotent)
bench-setup:
	bench/setup-jax.sh

## bench: aelib on the go and xla:cpu backends vs PyTorch / scikit-learn (apt-get install python3-torch
## python3-sklearn) and JAX (bench-setup; skipped, saying why, when it cannot be installed) on an idle
## machine, 3 runs per workload; writes BENCHMARKS.md (about 20 minutes on 2 cores)
bench:
	bench/setup-jax.sh || echo "bench: JAX could not be installed; aebench reports the JAX peer as skipped"
	$(GO) run ./cmd/aebench --runs 3

## bench-quick: one run of the light workloads, report in $TMPDIR (does not touch BENCHMARKS.md)
bench-quick:
	$(GO) run ./cmd/aebench --quick --workloads tutorial-epoch,pca-fit-k32,inference-10k --out $(or $(TMPDIR),/tmp)/BENCHMARKS-quick.md
