// Command aebench measures aelib against its Python peers on MNIST and writes
// BENCHMARKS.md.
//
//	go run ./cmd/aebench                       # every workload, 3 runs each, writes BENCHMARKS.md
//	go run ./cmd/aebench --quick --out /tmp/b.md   # 1 run each (CI smoke test)
//	go run ./cmd/aebench --workloads tutorial-epoch,pca-fit-k32 --runs 5
//	go run ./cmd/aebench --backends go --no-peers  # the Go backend alone
//
// Each aelib workload runs in a child process (aebench re-executes itself with
// -worker NAME) so that its peak resident set size can be read from the child's
// rusage. The GoMLX workloads run once per backend of --backends (default go and
// xla:cpu; the child gets GOMLX_BACKEND set), the PCA ones, which do not use GoMLX,
// once. A backend that does not load (no XLA plugin: make xla) is reported as skipped.
// The deep epoch also runs on the Go backend at GOMAXPROCS=1 (--scaling), to show what
// the second core gives.
//
// The peers are bench/torch_bench.py (PyTorch, tried with every thread setting of
// --torch-threads, the fastest kept) and bench/jax_bench.py (JAX on the CPU, every
// setting of --jax-threads tried, the fastest kept) for the neural-network workloads,
// and bench/sklearn_pca.py (scikit-learn) for PCA. PyTorch and scikit-learn run with
// --python (Debian's /usr/bin/python3); JAX with the interpreter bench/setup-jax.sh
// recorded in .cache/jax/.python and PYTHONPATH=.cache/jax (--jax-dir, --jax-python).
// A peer whose module is not installed is reported as skipped, saying how to install it.
// JAX compiles with XLA, as GoMLX's xla:cpu backend does: aelib-on-XLA / JAX is GoMLX's
// own overhead. bench/notes.md, when present, is copied into the report's notes.
//
// Workloads:
//
//	tutorial-epoch          one training epoch of the tutorial's 784-32-784 autoencoder
//	deep-epoch              one training epoch of 784-1000-500-250-30-250-500-1000-784
//	conv-epoch              one training epoch of the Keras blog's convolutional autoencoder
//	pca-fit-k32             pca.Fit of 32 components on the 60 000 training images
//	inference-10k           Encode then Decode the 10 000 test images (tutorial model)
//	pca-fit-k32-randomized  informational: randomized solver vs scikit-learn's randomized
//
// Exit status: 0 when every workload ran (a backend or peer that is not installed is
// skipped, not failed), 1 when one failed, 2 for a bad command line.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// usageError marks errors caused by the command line: they exit with status 2.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// options are the parsed command-line flags.
type options struct {
	worker       string // run one workload in this process (child mode)
	runs         int
	quick        bool
	workloads    string
	out          string
	outSet       bool
	root         string
	python       string
	torchThreads string
	dataDir      string
	cpuprofile   string
	memprofile   string
	timeout      time.Duration
	noPeers      bool
	backends     string
	scaling      string
	jaxDir       string
	jaxPython    string
	jaxThreads   string
	probe        bool // print the backend GOMLX_BACKEND names and exit (child mode)
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes aebench and returns the process exit status.
func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if err == nil {
		switch {
		case opts.probe:
			err = runProbe(stdout)
		case opts.worker != "":
			err = runWorker(opts, stdout, stderr)
		default:
			err = runBench(context.Background(), opts, args, stdout, stderr)
		}
	}
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "aebench: %v\n", err)
		return 2
	default:
		fmt.Fprintf(stderr, "aebench: %v\n", err)
		return 1
	}
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("aebench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.worker, "worker", "", "internal: run one aelib workload in this process and print its result as JSON")
	fs.IntVar(&o.runs, "runs", 3, "timed runs per workload; medians are reported")
	fs.BoolVar(&o.quick, "quick", false, "1 run each (CI smoke test); BENCHMARKS.md is only written when --out is given")
	fs.StringVar(&o.workloads, "workloads", strings.Join(defaultWorkloadNames(), ","), "comma-separated workloads: "+strings.Join(allWorkloadNames(), ", "))
	fs.StringVar(&o.out, "out", "", "markdown report to write (default BENCHMARKS.md in the repository root)")
	fs.StringVar(&o.root, "root", "", "repository root holding bench/ (default: found from the working directory)")
	fs.StringVar(&o.python, "python", "/usr/bin/python3", "Python interpreter for the peers")
	fs.StringVar(&o.torchThreads, "torch-threads", "1,2:1,1:2,2", "PyTorch thread settings to try, T (T threads everywhere) or T:B (T torch/OpenMP threads, B OpenBLAS threads); the fastest is reported")
	fs.StringVar(&o.dataDir, "data-dir", "", "folder holding the MNIST .gz files (default: aelib/mnist's resolution)")
	fs.StringVar(&o.cpuprofile, "cpuprofile", "", "worker: write a CPU profile of the timed part here; parent: a folder receiving <workload>.pprof")
	fs.StringVar(&o.memprofile, "memprofile", "", "worker: write a heap profile (allocations included) when the workload ends")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Minute, "limit for each child process")
	fs.BoolVar(&o.noPeers, "no-peers", false, "measure aelib only")
	fs.StringVar(&o.backends, "backends", "go,xla:cpu", "comma-separated GoMLX backends (GOMLX_BACKEND values) the GoMLX workloads run on")
	fs.StringVar(&o.scaling, "scaling", "deep-epoch", "comma-separated GoMLX workloads also run on the Go backend at GOMAXPROCS=1 (empty: none)")
	fs.StringVar(&o.jaxDir, "jax-dir", "", "folder holding jax and jaxlib, put on the JAX peer's PYTHONPATH (default .cache/jax in the repository root; bench/setup-jax.sh installs them)")
	fs.StringVar(&o.jaxPython, "jax-python", "", "Python interpreter for the JAX peer (default: the one recorded in JAX-DIR/.python, else python3)")
	fs.StringVar(&o.jaxThreads, "jax-threads", "0,1", "JAX thread settings to try: 0 (XLA's own pool, one thread per core) or 1 (single-threaded XLA); the fastest is reported")
	fs.BoolVar(&o.probe, "probe-backend", false, "internal: create the backend GOMLX_BACKEND names and print it as JSON")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: aebench [flags]\n\nRuns the aelib benchmarks on each GoMLX backend beside their PyTorch / JAX / scikit-learn peers and writes BENCHMARKS.md.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		return o, usageError{err}
	}
	if fs.NArg() > 0 {
		return o, usagef("unexpected argument %q (flags only; see -h)", fs.Arg(0))
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "out" {
			o.outSet = true
		}
	})
	if o.quick {
		o.runs = 1
	}
	if o.runs < 1 {
		return o, usagef("--runs must be ≥ 1, got %d", o.runs)
	}
	if o.timeout <= 0 {
		return o, usagef("--timeout must be > 0, got %v", o.timeout)
	}
	if o.probe {
		return o, nil
	}
	if o.worker != "" {
		if _, ok := lookupWorkload(o.worker); !ok {
			return o, usagef("unknown workload %q (want one of %s)", o.worker, strings.Join(allWorkloadNames(), ", "))
		}
		return o, nil
	}
	if _, err := parseWorkloads(o.workloads); err != nil {
		return o, err
	}
	if _, err := parseThreads(o.torchThreads); err != nil {
		return o, err
	}
	if _, err := parseBackends(o.backends); err != nil {
		return o, err
	}
	if _, err := parseScaling(o.scaling); err != nil {
		return o, err
	}
	if _, err := parseJAXThreads(o.jaxThreads); err != nil {
		return o, err
	}
	return o, nil
}

// parseBackends parses the --backends list of GOMLX_BACKEND values ("go", "xla:cpu", …).
func parseBackends(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" || slices.Contains(out, f) {
			continue
		}
		if name, _, _ := strings.Cut(f, ":"); name != "go" && name != "xla" {
			return nil, usagef("--backends: %q is not a GoMLX backend (want go, xla:cpu, xla:cuda or xla:/path/to/plugin.so)", f)
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		return nil, usagef("--backends is empty (want e.g. go,xla:cpu)")
	}
	return out, nil
}

// parseScaling parses --scaling: GoMLX workloads to run at GOMAXPROCS=1 too.
func parseScaling(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" || slices.Contains(out, f) {
			continue
		}
		w, ok := lookupWorkload(f)
		if !ok || !w.neural() {
			return nil, usagef("--scaling: %q is not a GoMLX workload (want some of tutorial-epoch, deep-epoch, conv-epoch, inference-10k, or empty)", f)
		}
		out = append(out, f)
	}
	return out, nil
}

// parseJAXThreads parses --jax-threads: 0 (XLA's own pool) or 1 (single-threaded).
func parseJAXThreads(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || (n != 0 && n != 1) {
			return nil, usagef("--jax-threads: %q is not 0 (XLA's own pool) or 1 (single-threaded)", f)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, usagef("--jax-threads is empty (want 0, 1 or 0,1)")
	}
	return out, nil
}

// threadConfig is one PyTorch thread setting: Torch intra-op (OpenMP) threads and BLAS
// (OpenBLAS/MKL) threads. Debian's PyTorch does its matrix products in OpenBLAS, whose
// thread pool torch.set_num_threads does not control.
type threadConfig struct {
	Torch, BLAS int
}

// String is the --torch-threads syntax: "2", or "2:1" when the counts differ.
func (c threadConfig) String() string {
	if c.Torch == c.BLAS {
		return strconv.Itoa(c.Torch)
	}
	return fmt.Sprintf("%d:%d", c.Torch, c.BLAS)
}

// Label is the human form: "1 thread", or "2 threads, OpenBLAS 1".
func (c threadConfig) Label() string {
	s := fmt.Sprintf("%d thread%s", c.Torch, plural(c.Torch))
	if c.BLAS != c.Torch {
		s += fmt.Sprintf(", OpenBLAS %d", c.BLAS)
	}
	return s
}

// parseThreads parses the --torch-threads list of T or T:B settings.
func parseThreads(s string) ([]threadConfig, error) {
	var out []threadConfig
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		t, b, hasB := strings.Cut(f, ":")
		nt, err1 := strconv.Atoi(t)
		nb, err2 := nt, error(nil)
		if hasB {
			nb, err2 = strconv.Atoi(b)
		}
		if err1 != nil || err2 != nil || nt < 1 || nb < 1 {
			return nil, usagef("--torch-threads: %q is not T or T:B with thread counts ≥ 1", f)
		}
		c := threadConfig{Torch: nt, BLAS: nb}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil, usagef("--torch-threads is empty")
	}
	return out, nil
}

// findRoot returns the repository root: the nearest folder at or above dir whose go.mod
// declares this module.
func findRoot(dir string) (string, error) {
	start := dir
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(string(b), "module "+modulePath) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod of %s at or above %s; run aebench inside the repository or pass --root", modulePath, start)
		}
		dir = parent
	}
}

const modulePath = "github.com/goautoencoders/autoencoders"
