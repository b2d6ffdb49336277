# Every target runs with the pinned toolchain and the Go backend's SIMD kernels.
export GOTOOLCHAIN := go1.27.3
export GOEXPERIMENT := simd
GO ?= go

.PHONY: demo compare test test-go vet notebooks notebooks-quick notebooks-check fuzz bench

## demo: train the tutorial autoencoder (784-32-784, 50 epochs) and PCA; report in runs/
demo:
	$(GO) run ./cmd/aelab demo

## compare: PCA vs the autoencoder at code sizes 2,8,16,32,64
compare:
	$(GO) run ./cmd/aelab compare --codes 2,8,16,32,64

## test: vet, unit tests, then every notebook in quick mode, checked for errors and figures
test: vet test-go notebooks-quick notebooks-check

vet:
	@test -z "$$(gofmt -l aelib cmd)" || { echo "gofmt needed:"; gofmt -l aelib cmd; exit 1; }
	$(GO) vet ./...

test-go:
	$(GO) test -timeout 15m ./...

## fuzz: run the MNIST IDX parser fuzzers for 30 s each
fuzz:
	$(GO) test ./aelib/mnist -run '^$$' -fuzz FuzzParseImages -fuzztime 30s
	$(GO) test ./aelib/mnist -run '^$$' -fuzz FuzzParseLabels -fuzztime 30s

## bench: aelib vs PyTorch / scikit-learn on the same machine; writes BENCHMARKS.md
bench:
	$(GO) run ./cmd/aebench
