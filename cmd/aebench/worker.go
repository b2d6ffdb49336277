package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/pca"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

// workerResult is what a worker prints (one JSON line on stdout) for the parent.
type workerResult struct {
	Workload string `json:"workload"`
	// Seconds are the timed runs.
	Seconds []float64 `json:"seconds"`
	// FirstSeconds is the untimed first run: the first epoch, which includes graph
	// compilation, or the inference warm-up pass; 0 when there is none.
	FirstSeconds float64 `json:"first_seconds,omitempty"`
	// Backend is the backend line (Choice.String()) for the neural-network workloads.
	Backend string `json:"backend,omitempty"`
	// BackendDescription is the backend's description of itself (Choice.Description).
	BackendDescription string `json:"backend_description,omitempty"`
	// Detail describes the model or fit, e.g. its layout and final loss.
	Detail string `json:"detail,omitempty"`
	// GoMaxProcs is the worker's GOMAXPROCS.
	GoMaxProcs int `json:"gomaxprocs,omitempty"`
}

// runProbe creates the backend that GOMLX_BACKEND names and prints a workerResult whose
// one "run" is the time creating it took (loading the XLA plugin, for XLA).
func runProbe(stdout io.Writer) error {
	start := time.Now()
	b, choice, err := backend.New()
	if err != nil {
		return err
	}
	defer b.Finalize()
	res := workerResult{Workload: "probe", Seconds: []float64{time.Since(start).Seconds()},
		Backend: choice.String(), BackendDescription: choice.Description, GoMaxProcs: runtime.GOMAXPROCS(0)}
	out, err := json.Marshal(res)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%s\n", out)
	return err
}

// validationRows is how many training rows Fit evaluates after each epoch. Fit needs a
// validation set; its evaluation is excluded from the epoch time, and a view of the
// training rows keeps the process's memory that of training alone (like the peer's).
const validationRows = 1000

// runWorker runs one workload in this process and prints its workerResult.
func runWorker(o options, stdout, stderr io.Writer) error {
	backend.SetCommandMemoryLimit() // as aelab does: the benchmark measures the command's memory
	w, _ := lookupWorkload(o.worker)
	prof := &profiler{path: o.cpuprofile}
	defer prof.stop()
	var (
		res workerResult
		err error
	)
	switch w.Name {
	case "tutorial-epoch", "deep-epoch", "conv-epoch":
		res, err = workerEpoch(w, o, prof)
	case "inference-10k":
		res, err = workerInference(o, prof)
	case "pca-fit-k32", "pca-fit-k32-randomized":
		res, err = workerPCA(w, o, prof)
	default:
		err = fmt.Errorf("workload %q has no aelib worker", w.Name)
	}
	if err != nil {
		return fmt.Errorf("worker %s: %w", w.Name, err)
	}
	if err := prof.stop(); err != nil {
		return fmt.Errorf("worker %s: %w", w.Name, err)
	}
	if err := writeHeapProfile(o.memprofile); err != nil {
		return fmt.Errorf("worker %s: %w", w.Name, err)
	}
	res.Workload = w.Name
	res.GoMaxProcs = runtime.GOMAXPROCS(0)
	b, err := json.Marshal(res)
	if err != nil {
		return fmt.Errorf("worker %s: %w", w.Name, err)
	}
	_, err = fmt.Fprintf(stdout, "%s\n", b)
	return err
}

// profiler writes a CPU profile of the timed part of a worker when path is set.
type profiler struct {
	path string
	f    *os.File
}

func (p *profiler) start() error {
	if p.path == "" || p.f != nil {
		return nil
	}
	f, err := os.Create(p.path)
	if err != nil {
		return fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("cpu profile: %w", err)
	}
	p.f = f
	return nil
}

func (p *profiler) stop() error {
	if p.f == nil {
		return nil
	}
	pprof.StopCPUProfile()
	err := p.f.Close()
	p.f = nil
	if err != nil {
		return fmt.Errorf("cpu profile: %w", err)
	}
	return nil
}

// writeHeapProfile writes the heap profile to path, when set.
func writeHeapProfile(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("heap profile: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	return nil
}

func loadSplit(o options, split mnist.Split) (*mnist.Set, error) {
	set, _, err := mnist.LoadSplit(mnist.Options{Dir: o.dataDir}, split)
	if err != nil {
		return nil, fmt.Errorf("load MNIST %v: %w", split, err)
	}
	return set, nil
}

// epochConfig is the model trained by an epoch workload.
func epochConfig(name string) model.Config {
	switch name {
	case "deep-epoch":
		cfg := model.Tutorial()
		cfg.Hidden = []int{1000, 500, 250}
		cfg.CodeSize = 30
		return cfg
	case "conv-epoch":
		return model.KerasConv()
	}
	return model.Tutorial()
}

// workerEpoch trains 1+runs epochs: the first (which compiles the graphs) is reported
// apart, the others are the timed runs. The CPU profile covers epochs 2 onwards.
func workerEpoch(w workload, o options, prof *profiler) (workerResult, error) {
	var res workerResult
	train, err := loadSplit(o, mnist.Train)
	if err != nil {
		return res, err
	}
	b, choice, err := backend.New()
	if err != nil {
		return res, err
	}
	res.Backend, res.BackendDescription = choice.String(), choice.Description
	cfg := epochConfig(w.Name)
	cfg.Epochs = 1 + o.runs
	ae, err := model.New(b, cfg)
	if err != nil {
		return res, fmt.Errorf("build %s: %w", cfg.Layout(), err)
	}
	val := train.Images[:validationRows*cfg.InputDim]
	hist, err := ae.Fit(train.Images, val, model.FitOptions{
		OnEpoch: func(s training.EpochStats, _ training.History) error {
			if s.Epoch == 1 {
				return prof.start()
			}
			return nil
		},
	})
	if err != nil {
		return res, fmt.Errorf("fit %s: %w", cfg.Layout(), err)
	}
	if len(hist.Epochs) != cfg.Epochs {
		return res, fmt.Errorf("fit %s: trained %d epochs, want %d", cfg.Layout(), len(hist.Epochs), cfg.Epochs)
	}
	res.FirstSeconds = hist.Epochs[0].Seconds
	for _, e := range hist.Epochs[1:] {
		res.Seconds = append(res.Seconds, e.Seconds)
	}
	last := hist.Epochs[len(hist.Epochs)-1]
	res.Detail = fmt.Sprintf("%s, %d parameters, train loss after %d epochs %.4f", cfg.Layout(), ae.NumParameters(), len(hist.Epochs), last.TrainLoss)
	return res, nil
}

// workerInference encodes then decodes the test images: one warm-up pass (which compiles
// the graphs for the batch shapes), then runs timed passes.
func workerInference(o options, prof *profiler) (workerResult, error) {
	var res workerResult
	test, err := loadSplit(o, mnist.Test)
	if err != nil {
		return res, err
	}
	b, choice, err := backend.New()
	if err != nil {
		return res, err
	}
	res.Backend, res.BackendDescription = choice.String(), choice.Description
	cfg := model.Tutorial()
	ae, err := model.New(b, cfg)
	if err != nil {
		return res, fmt.Errorf("build %s: %w", cfg.Layout(), err)
	}
	pass := func() (float64, error) {
		start := time.Now()
		codes, err := ae.Encode(test.Images)
		if err != nil {
			return 0, err
		}
		recon, err := ae.Decode(codes)
		if err != nil {
			return 0, err
		}
		if len(recon) != len(test.Images) {
			return 0, fmt.Errorf("decode returned %d values, want %d", len(recon), len(test.Images))
		}
		return time.Since(start).Seconds(), nil
	}
	if res.FirstSeconds, err = pass(); err != nil {
		return res, fmt.Errorf("warm-up pass: %w", err)
	}
	if err := prof.start(); err != nil {
		return res, err
	}
	for i := 0; i < o.runs; i++ {
		s, err := pass()
		if err != nil {
			return res, fmt.Errorf("pass %d: %w", i+1, err)
		}
		res.Seconds = append(res.Seconds, s)
	}
	res.Detail = fmt.Sprintf("%s, %d rows, %d rows per call", cfg.Layout(), test.Len(), model.InferenceBatch)
	return res, nil
}

// workerPCA fits the PCA runs times on the training images.
func workerPCA(w workload, o options, prof *profiler) (workerResult, error) {
	var res workerResult
	train, err := loadSplit(o, mnist.Train)
	if err != nil {
		return res, err
	}
	const d, k = 784, 32
	n := train.Len()
	opts := pca.Options{}
	if w.SklearnSolver == "randomized" {
		opts.Solver = pca.Randomized
	}
	if err := prof.start(); err != nil {
		return res, err
	}
	var p *pca.PCA
	for i := 0; i < o.runs; i++ {
		start := time.Now()
		p, err = pca.FitWith(train.Images, n, d, k, opts)
		if err != nil {
			return res, fmt.Errorf("run %d: %w", i+1, err)
		}
		res.Seconds = append(res.Seconds, time.Since(start).Seconds())
	}
	var evr float64
	for _, r := range p.ExplainedVarianceRatio {
		evr += r
	}
	res.Detail = fmt.Sprintf("%d×%d, k=%d, solver %v, explained variance ratio %.4f", n, d, k, opts.Solver, evr)
	return res, nil
}
