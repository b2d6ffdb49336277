// Package experiment runs the comparisons the tutorial makes, end to end, so that the
// notebooks and the aelab command line share one implementation: train an autoencoder and
// fit PCA with the same code size on the same data, and measure both on the same metrics.
//
// Example: the data-compression demo (784-32-784 against 32-component PCA).
//
//	train, test, _, _ := mnist.Load(mnist.Options{})
//	b, _, _ := backend.New()
//	demo, err := experiment.RunDemo(b, train, test, experiment.DemoOptions{Config: model.Tutorial()})
//	fmt.Print(experiment.ResultsTable(demo.Results).Text())
package experiment

import (
	"fmt"
	"io"
	"time"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/pca"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

// Result is one model's score on the test set.
type Result struct {
	// Model names the method, e.g. "autoencoder 784-32-784" or "PCA".
	Model string `json:"model"`
	// CodeSize is the number of numbers each image is compressed to.
	CodeSize int `json:"code_size"`
	// Metrics are the test-set reconstruction errors.
	Metrics metrics.Summary `json:"metrics"`
	// TrainSeconds is the wall time spent fitting (training epochs, or the PCA fit).
	TrainSeconds float64 `json:"train_seconds"`
}

// DemoOptions configure RunDemo.
type DemoOptions struct {
	// Config is the autoencoder; model.Tutorial() is the tutorial's.
	Config model.Config
	// Fit is passed to the autoencoder's Fit (run folder, progress bar, per-epoch callback).
	Fit model.FitOptions
	// Log, when set, receives one line per phase.
	Log io.Writer
}

// Demo is the outcome of RunDemo: the trained autoencoder, the fitted PCA, their test-set
// reconstructions and codes, and the comparison rows.
type Demo struct {
	Autoencoder *model.Autoencoder
	PCA         *pca.PCA
	History     training.History
	// Test is the set everything is measured on.
	Test *mnist.Set
	// AECodes (n×CodeSize) and AERecon (n×784) come from the autoencoder; PCACodes and
	// PCARecon from PCA with the same number of components.
	AECodes, AERecon   []float32
	PCACodes, PCARecon []float32
	// Results holds the autoencoder's row then PCA's.
	Results []Result
}

// RunDemo trains opts.Config on train (validating on test), fits PCA with the same code
// size on train, and measures both on test.
func RunDemo(b compute.Backend, train, test *mnist.Set, opts DemoOptions) (*Demo, error) {
	if train == nil || test == nil || train.Len() == 0 || test.Len() == 0 {
		return nil, fmt.Errorf("demo: empty training or test set")
	}
	cfg := opts.Config
	ae, err := model.New(b, cfg)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	logf(opts.Log, "training autoencoder %s on %d images, validating on %d", cfg, train.Len(), test.Len())
	history, err := ae.Fit(train.Images, test.Images, opts.Fit)
	if err != nil {
		return nil, fmt.Errorf("demo: train %s: %w", cfg.Layout(), err)
	}
	d := &Demo{Autoencoder: ae, History: history, Test: test}
	aeRow, err := d.measureAutoencoder(ae, history)
	if err != nil {
		return nil, err
	}
	logf(opts.Log, "fitting PCA with %d components on %d images", cfg.CodeSize, train.Len())
	pcaRow, err := d.measurePCA(train, cfg.CodeSize)
	if err != nil {
		return nil, err
	}
	d.Results = []Result{aeRow, pcaRow}
	return d, nil
}

func (d *Demo) measureAutoencoder(ae *model.Autoencoder, h training.History) (Result, error) {
	var err error
	if d.AECodes, err = ae.Encode(d.Test.Images); err != nil {
		return Result{}, fmt.Errorf("demo: encode test set: %w", err)
	}
	if d.AERecon, err = ae.Decode(d.AECodes); err != nil {
		return Result{}, fmt.Errorf("demo: decode test set: %w", err)
	}
	m, err := metrics.Summarize(d.Test.Images, d.AERecon, mnist.Pixels)
	if err != nil {
		return Result{}, fmt.Errorf("demo: autoencoder metrics: %w", err)
	}
	cfg := ae.Config()
	return Result{Model: AutoencoderName(cfg), CodeSize: cfg.CodeSize, Metrics: m, TrainSeconds: h.TrainSeconds()}, nil
}

func (d *Demo) measurePCA(train *mnist.Set, k int) (Result, error) {
	start := time.Now()
	p, err := pca.Fit(train.Images, train.Len(), mnist.Pixels, k)
	if err != nil {
		return Result{}, fmt.Errorf("demo: PCA with %d components: %w", k, err)
	}
	secs := time.Since(start).Seconds()
	d.PCA = p
	if d.PCACodes, err = p.Transform(d.Test.Images, d.Test.Len()); err != nil {
		return Result{}, fmt.Errorf("demo: PCA transform: %w", err)
	}
	if d.PCARecon, err = p.InverseTransform(d.PCACodes, d.Test.Len()); err != nil {
		return Result{}, fmt.Errorf("demo: PCA inverse transform: %w", err)
	}
	m, err := PCAMetrics(d.Test.Images, d.PCARecon)
	if err != nil {
		return Result{}, fmt.Errorf("demo: %w", err)
	}
	return Result{Model: "PCA", CodeSize: k, Metrics: m, TrainSeconds: secs}, nil
}

// AutoencoderName is the row label of an autoencoder, e.g. "autoencoder 784-32-784".
func AutoencoderName(cfg model.Config) string {
	kind := "autoencoder"
	if cfg.Activation == model.Linear && cfg.OutputActivation == model.Linear {
		kind = "linear autoencoder"
	}
	return kind + " " + cfg.Layout()
}

// PCAMetrics scores PCA reconstructions the way the literature does: MSE, per-image
// squared error and PSNR on the raw reconstructions (as scikit-learn's inverse_transform
// gives them), and BCE — defined only for values in [0,1] — on the reconstructions clipped
// to [0,1].
func PCAMetrics(x, recon []float32) (metrics.Summary, error) {
	m, err := metrics.Summarize(x, recon, mnist.Pixels)
	if err != nil {
		return m, fmt.Errorf("PCA metrics: %w", err)
	}
	if m.BCE, err = metrics.BCE(x, Clip01(recon)); err != nil {
		return m, fmt.Errorf("PCA BCE: %w", err)
	}
	return m, nil
}

// Clip01 returns a copy of x with every value clipped to [0,1]. PCA reconstructions can
// leave the pixel range, where BCE is not defined, and images are drawn from [0,1].
func Clip01(x []float32) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = min(max(v, 0), 1)
	}
	return out
}

func logf(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, format+"\n", args...)
	}
}
