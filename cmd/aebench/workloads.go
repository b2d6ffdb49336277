package main

import (
	"strings"
)

// peerKind names which Python peer measures a workload.
type peerKind string

const (
	peerTorch   peerKind = "torch"
	peerSklearn peerKind = "sklearn"
)

// workload is one benchmarked task with its peer and target.
type workload struct {
	// Name is the workload's flag name, e.g. "tutorial-epoch".
	Name string
	// What describes what is timed, for the report.
	What string
	// Peer is the Python program measuring the same task.
	Peer peerKind
	// SklearnSolver is the svd_solver passed to bench/sklearn_pca.py.
	SklearnSolver string
	// Target is the largest acceptable ratio of aelib's time to the best peer's (the
	// fastest of PyTorch and JAX, or scikit-learn) on the XLA backend, and for the
	// workloads that do not use GoMLX; 0 means informational.
	Target float64
	// GoTarget is the largest acceptable ratio of aelib's time on the Go backend to
	// PyTorch's; 0 means informational.
	GoTarget float64
	// RSSTarget asks for aelib's peak RSS to be at most the peer's.
	RSSTarget bool
	// Epoch marks training workloads: their first run (graph compilation) is reported apart.
	Epoch bool
	// Batch is the training batch size of an epoch workload (0: 256, the tutorial's).
	Batch int
	// Default workloads run when --workloads is not given.
	Default bool
}

var workloads = []workload{
	{Name: "tutorial-epoch", Peer: peerTorch, Target: 0.8, RSSTarget: true, Epoch: true, Default: true,
		What: "one training epoch (after the first) of the tutorial's 784-32-784 autoencoder on the 60 000 training images: ReLU code, sigmoid output, BCE from logits, Adam lr 1e-3, batch 256, shuffled"},
	{Name: "deep-epoch", Peer: peerTorch, Target: 1.0, GoTarget: 1.5, Epoch: true, Default: true,
		What: "one training epoch (after the first) of 784-1000-500-250-30-250-500-1000-784 (ReLU hidden, sigmoid output), same loss, optimizer and batch"},
	{Name: "conv-epoch", Peer: peerTorch, Target: 1.0, Epoch: true, Default: true, Batch: 128,
		What: "one training epoch (after the first) of the Keras blog's convolutional autoencoder (model.KerasConv: 3×3 convolutions 16-8-8, 2×2 max pooling, code 4×4×8, nearest up-sampling; 4,385 parameters), BCE from logits, Adam lr 1e-3, batch 128"},
	{Name: "pca-fit-k32", Peer: peerSklearn, SklearnSolver: "full", Target: 1.0, Default: true,
		What: "pca.Fit (Auto → exact covariance solver) of 32 components on the 60 000 training images vs scikit-learn PCA(32, svd_solver=\"full\"), the exact solver whose results aelib/pca matches"},
	{Name: "inference-10k", Peer: peerTorch, Target: 1.0, Default: true,
		What: "Encode then Decode (sigmoid) the 10 000 test images with the tutorial model, 2000 rows per call, after one warm-up pass"},
	{Name: "pca-fit-k32-randomized", Peer: peerSklearn, SklearnSolver: "randomized", Default: true,
		What: "informational: pca.FitWith(Solver: Randomized) of 32 components (7 power iterations, 10 oversamples) vs scikit-learn 1.2's default for this shape, PCA(32, svd_solver=\"randomized\")"},
}

// jaxTarget is the largest acceptable ratio of aelib's time on an XLA backend to JAX's
// (the same compiler): what GoMLX adds around XLA.
const jaxTarget = 1.1

// neural reports whether w runs a GoMLX model: it then runs on every backend of
// --backends, beside PyTorch and JAX. The other workloads (PCA) run once.
func (w workload) neural() bool { return w.Peer == peerTorch }

func lookupWorkload(name string) (workload, bool) {
	for _, w := range workloads {
		if w.Name == name {
			return w, true
		}
	}
	return workload{}, false
}

func allWorkloadNames() []string {
	names := make([]string, len(workloads))
	for i, w := range workloads {
		names[i] = w.Name
	}
	return names
}

func defaultWorkloadNames() []string {
	var names []string
	for _, w := range workloads {
		if w.Default {
			names = append(names, w.Name)
		}
	}
	return names
}

// parseWorkloads parses the --workloads list; an unknown name is a usage error.
func parseWorkloads(s string) ([]workload, error) {
	var out []workload
	seen := map[string]bool{}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" || seen[f] {
			continue
		}
		w, ok := lookupWorkload(f)
		if !ok {
			return nil, usagef("unknown workload %q (want one of %s)", f, strings.Join(allWorkloadNames(), ", "))
		}
		seen[f] = true
		out = append(out, w)
	}
	if len(out) == 0 {
		return nil, usagef("--workloads is empty (want some of %s)", strings.Join(allWorkloadNames(), ", "))
	}
	return out, nil
}
