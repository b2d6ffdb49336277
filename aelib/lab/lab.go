// Package lab is the one train-and-score path of aelib: Train fits (or resumes, or loads)
// an autoencoder configuration on a data set and scores it on the test images; PCA fits
// principal components on the same images and scores them on the same metrics. Every
// model kind goes through Train, every run lives in the folder RunDir names, and the
// command line, the notebooks, the sweeps and the benchmarks all call these functions.
//
// Example: the tutorial's model against PCA with as many components.
//
//	b, _, _ := backend.New()
//	train, test, _, _ := mnist.Load(mnist.Options{})
//	data := lab.Data{Name: "mnist", Train: train, Test: test}
//	ae, aeRow, err := lab.Train(b, model.Tutorial(), data, lab.Options{Root: "runs"})
//	p, pcaRow, err := lab.PCA(data, 32)
//	fmt.Println(aeRow.Metrics.MSE, pcaRow.Metrics.MSE)
package lab

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/analysis"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/pca"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

// Data is what an experiment trains on and scores on. Name tells apart models trained on
// different data in the run folders ("mnist", "mnist-digits0-4", "fashion", …).
type Data struct {
	Name        string
	Train, Test *mnist.Set
}

// check reports an empty or missing set.
func (d Data) check(what string) error {
	if d.Train == nil || d.Test == nil || d.Train.Len() == 0 || d.Test.Len() == 0 {
		return fmt.Errorf("%s: empty training or test set", what)
	}
	if d.Name == "" {
		return fmt.Errorf("%s: the data set has no name (Data.Name names its run folders)", what)
	}
	return nil
}

// Options are the optional parts of Train; the zero value trains in memory, silently.
type Options struct {
	// Root, when set, is the folder of run folders: the model trains into
	// RunDir(Root, data, cfg), resumes there after an interruption, and a later call with
	// the same configuration and data loads it instead of training again.
	Root string
	// Dir, when set, is the run folder itself, in place of the rule under Root (a user's
	// explicit choice, such as aelab's --run).
	Dir string
	// Label replaces the result's model name (default ModelName(cfg)).
	Label string
	// Progress, when set, receives a terminal progress bar.
	Progress io.Writer
	// OnEpoch, when set, is called after every epoch (and, with ReplayRestored, for the
	// epochs restored from the run folder first).
	OnEpoch        func(stats training.EpochStats, history training.History) error
	ReplayRestored bool
	// Restart moves the run folder's checkpoints aside and trains from scratch (see
	// model.FitOptions.Restart).
	Restart bool
	// Validation is how many of the first test images give the validation loss after
	// each epoch (0: all of them). The final score always uses the whole test set.
	Validation int
	// Watch, when set, is called as each model starts training, with its label and
	// epochs; it returns the per-epoch hook of a display (a live plot in a notebook) and
	// the function that closes it when the model is done.
	Watch Watcher
}

// Watcher opens a display for one training run; see Options.Watch.
type Watcher func(label string, epochs int) (onEpoch func(training.EpochStats, training.History) error, done func())

// Train trains cfg on data.Train (validating on data.Test after every epoch) — resuming or
// loading what opts.Root already holds — and scores the model on data.Test: the model and
// its Result row, with the metrics package's definitions, the training seconds, the
// number of parameters and epochs.
func Train(b compute.Backend, cfg model.Config, data Data, opts Options) (*model.Autoencoder, metrics.Result, error) {
	if err := data.check("train"); err != nil {
		return nil, metrics.Result{}, err
	}
	ae, err := model.New(b, cfg)
	if err != nil {
		return nil, metrics.Result{}, err
	}
	fit := model.FitOptions{Progress: opts.Progress, OnEpoch: opts.OnEpoch, ReplayRestored: opts.ReplayRestored, Restart: opts.Restart}
	label := opts.Label
	if label == "" {
		label = ModelName(cfg)
	}
	if opts.Watch != nil {
		onEpoch, done := opts.Watch(label, cfg.Epochs)
		defer done()
		fit.OnEpoch = chainEpochHooks(opts.OnEpoch, onEpoch)
	}
	switch {
	case opts.Dir != "":
		fit.RunDir = opts.Dir
	case opts.Root != "":
		if fit.RunDir, err = RunDir(opts.Root, data, cfg); err != nil {
			return nil, metrics.Result{}, err
		}
	}
	val := data.Test.Images
	if n := opts.Validation; n > 0 && n < data.Test.Len() {
		val = val[:n*data.Test.Dim()]
	}
	if _, err := ae.Fit(data.Train.Images, val, fit); err != nil {
		return nil, metrics.Result{}, fmt.Errorf("train %s on %s: %w", cfg.Layout(), data.Name, err)
	}
	r, err := Score(ae, data.Test)
	if err != nil {
		return nil, metrics.Result{}, err
	}
	if opts.Label != "" {
		r.Model = opts.Label
	}
	return ae, r, nil
}

// Score measures a trained autoencoder's reconstructions of test on every metric.
func Score(ae *model.Autoencoder, test *mnist.Set) (metrics.Result, error) {
	cfg := ae.Config()
	recon, err := ae.Reconstruct(test.Images)
	if err != nil {
		return metrics.Result{}, fmt.Errorf("score %s: %w", cfg.Layout(), err)
	}
	m, err := metrics.Summarize(test.Images, recon, test.Dim())
	if err != nil {
		return metrics.Result{}, fmt.Errorf("score %s: %w", cfg.Layout(), err)
	}
	h := ae.History()
	return metrics.Result{Model: ModelName(cfg), CodeSize: cfg.CodeSize, Metrics: m,
		TrainSeconds: h.TrainSeconds(), Parameters: ae.NumParameters(), Epochs: h.Len()}, nil
}

// PCA fits k principal components on data.Train and scores their reconstructions of
// data.Test (see PCAMetrics): the fit and its Result row.
func PCA(data Data, k int) (*pca.PCA, metrics.Result, error) {
	if err := data.check("PCA"); err != nil {
		return nil, metrics.Result{}, err
	}
	d := data.Train.Dim()
	if k < 1 || k > d {
		return nil, metrics.Result{}, fmt.Errorf("PCA: %d components out of range 1..%d", k, d)
	}
	start := time.Now()
	p, err := pca.Fit(data.Train.Images, data.Train.Len(), d, k)
	if err != nil {
		return nil, metrics.Result{}, fmt.Errorf("PCA with %d components: %w", k, err)
	}
	r, err := ScorePCA(p, data.Test)
	r.TrainSeconds = time.Since(start).Seconds()
	return p, r, err
}

// ScorePCA measures a fitted PCA's reconstructions of test (see PCAMetrics).
func ScorePCA(p *pca.PCA, test *mnist.Set) (metrics.Result, error) {
	recon, err := p.Reconstruct(test.Images, test.Len())
	if err != nil {
		return metrics.Result{}, fmt.Errorf("PCA k=%d: %w", p.K(), err)
	}
	m, err := PCAMetrics(test.Images, recon, test.Dim())
	if err != nil {
		return metrics.Result{}, err
	}
	return metrics.Result{Model: "PCA", CodeSize: p.K(), Metrics: m, Parameters: (p.K() + 1) * p.NFeatures}, nil
}

// PCAMetrics scores PCA reconstructions the way the literature does: MSE, per-image
// squared error and PSNR on the raw reconstructions (as scikit-learn's inverse_transform
// gives them), and BCE — defined only for values in [0,1] — on the reconstructions clipped
// to [0,1]. d is the number of pixels per image.
func PCAMetrics(x, recon []float32, d int) (metrics.Summary, error) {
	m, err := metrics.Summarize(x, recon, d)
	if err != nil {
		return m, fmt.Errorf("PCA metrics: %w", err)
	}
	if m.BCE, err = metrics.BCE(x, analysis.Clip01(recon)); err != nil {
		return m, fmt.Errorf("PCA BCE: %w", err)
	}
	return m, nil
}

// chainEpochHooks calls a then b (either may be nil), stopping at the first error.
func chainEpochHooks(a, b func(training.EpochStats, training.History) error) func(training.EpochStats, training.History) error {
	return func(s training.EpochStats, h training.History) error {
		for _, f := range []func(training.EpochStats, training.History) error{a, b} {
			if f != nil {
				if err := f(s, h); err != nil {
					return err
				}
			}
		}
		return nil
	}
}

// ModelName is the row label of an autoencoder: its kind and layout, e.g.
// "autoencoder 784-32-784", "sparse autoencoder 784-32-784", "convolutional autoencoder
// 28x28x1-…", "linear autoencoder 784-2-784".
func ModelName(cfg model.Config) string {
	return Kind(cfg) + " " + cfg.Layout()
}

// Kind names the kind of autoencoder cfg describes, its options joined: "autoencoder",
// "convolutional autoencoder", "denoising sparse autoencoder", "variational autoencoder",
// "linear autoencoder", …
func Kind(cfg model.Config) string {
	kind := "autoencoder"
	if cfg.Architecture == model.Conv {
		kind = "convolutional " + kind
	}
	if cfg.Variational {
		kind = "variational " + kind
	}
	if cfg.Contractive > 0 {
		kind = "contractive " + kind
	}
	if cfg.Sparse != nil {
		kind = "sparse " + kind
	}
	if cfg.Denoise != nil {
		kind = "denoising " + kind
	}
	if cfg.Activation == model.Linear && cfg.OutputActivation == model.Linear {
		kind = "linear " + kind
	}
	return kind
}

// RunDir is the one run-folder rule: root/<data name>/<RunName(cfg)>. It fails, naming
// every problem, when cfg is not a valid configuration (see RunName).
func RunDir(root string, data Data, cfg model.Config) (string, error) {
	name, err := RunName(cfg)
	if err != nil {
		return "", err
	}
	return filepath.Join(root, data.Name, name), nil
}

// RunName names a configuration's run folder: its layout and a hash of its
// model.Config.Identity (the whole configuration but the number of epochs, which a finished
// run may be extended by, unless a learning-rate schedule depends on it), e.g.
// "784-32-784_3f9a1c2e". Configurations that differ in anything Fit depends on get
// different folders; the same configuration always gets the same one, so a sweep that
// meets an already trained model loads it. It validates cfg first: an invalid
// configuration gets no name, only the error listing its problems.
func RunName(cfg model.Config) (string, error) {
	if err := cfg.Validate(); err != nil {
		return "", fmt.Errorf("run name: %w", err)
	}
	raw, err := json.Marshal(cfg.Identity())
	if err != nil {
		return "", fmt.Errorf("run name of %s: the config does not marshal to JSON: %w", cfg.Layout(), err)
	}
	sum := sha256.Sum256(raw)
	return cfg.Layout() + "_" + hex.EncodeToString(sum[:4]), nil
}

// errNoCodes is returned by sweeps given no code sizes.
var errNoCodes = errors.New("no code sizes given")
