package experiment

import (
	"fmt"
	"time"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/pca"
)

// CompareOptions configure CompareCodeSizes.
type CompareOptions struct {
	// Models are the autoencoder configurations to train at every code size (their
	// CodeSize is replaced). Empty means the tutorial's model only.
	Models []model.Config
	// Fit is passed to every Fit call; RunDir is suffixed per model and code size.
	Fit model.FitOptions
	// OnResult, when set, is called as each row is ready (for progress displays).
	OnResult func(Result)
}

// CompareCodeSizes measures PCA and each autoencoder at every code size, on test, after
// fitting on train. PCA is fitted once with the largest code size and truncated, which
// gives the same components as separate fits.
func CompareCodeSizes(b compute.Backend, train, test *mnist.Set, codes []int, opts CompareOptions) ([]Result, error) {
	if len(codes) == 0 {
		return nil, fmt.Errorf("compare: no code sizes given")
	}
	kMax := 0
	for _, k := range codes {
		if k < 1 || k > mnist.Pixels {
			return nil, fmt.Errorf("compare: code size %d out of range 1..%d", k, mnist.Pixels)
		}
		kMax = max(kMax, k)
	}
	models := opts.Models
	if len(models) == 0 {
		models = []model.Config{model.Tutorial()}
	}
	start := time.Now()
	full, err := pca.Fit(train.Images, train.Len(), mnist.Pixels, kMax)
	if err != nil {
		return nil, fmt.Errorf("compare: PCA: %w", err)
	}
	pcaSeconds := time.Since(start).Seconds()
	var results []Result
	emit := func(r Result) {
		results = append(results, r)
		if opts.OnResult != nil {
			opts.OnResult(r)
		}
	}
	for _, k := range codes {
		r, err := pcaResult(full, test, k, pcaSeconds)
		if err != nil {
			return results, err
		}
		emit(r)
		for i, base := range models {
			cfg := base
			cfg.CodeSize = k
			fit := opts.Fit
			if fit.RunDir != "" {
				fit.RunDir = fmt.Sprintf("%s/model%d-code%d", opts.Fit.RunDir, i, k)
			}
			r, err := TrainAndMeasure(b, cfg, train, test, fit)
			if err != nil {
				return results, fmt.Errorf("compare: code size %d: %w", k, err)
			}
			emit(r)
		}
	}
	return results, nil
}

// TrainAndMeasure trains cfg on train (validating on test) and scores it on test; see
// TrainModel, which also returns the model.
func TrainAndMeasure(b compute.Backend, cfg model.Config, train, test *mnist.Set, fit model.FitOptions) (Result, error) {
	_, r, err := TrainModel(b, cfg, train, test, fit)
	return r, err
}

// Score measures reconstructions of x on every metric and labels the row.
func Score(name string, codeSize int, x, recon []float32) (Result, error) {
	m, err := metrics.Summarize(x, recon, mnist.Pixels)
	if err != nil {
		return Result{}, fmt.Errorf("score %s: %w", name, err)
	}
	return Result{Model: name, CodeSize: codeSize, Metrics: m}, nil
}

// pcaResult scores the first k components of a fitted PCA on test.
func pcaResult(full *pca.PCA, test *mnist.Set, k int, fitSeconds float64) (Result, error) {
	p, err := full.Truncate(k)
	if err != nil {
		return Result{}, fmt.Errorf("compare: PCA k=%d: %w", k, err)
	}
	recon, err := p.Reconstruct(test.Images, test.Len())
	if err != nil {
		return Result{}, fmt.Errorf("compare: PCA k=%d: %w", k, err)
	}
	m, err := PCAMetrics(test.Images, recon)
	if err != nil {
		return Result{}, fmt.Errorf("compare: k=%d: %w", k, err)
	}
	return Result{Model: "PCA", CodeSize: k, Metrics: m, TrainSeconds: fitSeconds}, nil
}
