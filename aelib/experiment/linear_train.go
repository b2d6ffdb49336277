package experiment

import (
	"fmt"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
)

// DefaultLinearValidation is the number of test images TrainLinear validates on after each
// epoch when LinearOptions.Validation is 0.
const DefaultLinearValidation = 1000

// LinearOptions configure TrainLinear.
type LinearOptions struct {
	// Fit is passed to every Fit call; its RunDir is suffixed per code size (LinearRunDir).
	Fit model.FitOptions
	// Validation is how many of the first test images give the validation loss printed
	// after every epoch; 0 means DefaultLinearValidation. The final scores always use the
	// whole test set.
	Validation int
	// OnResult, when set, is called as each code size's row is ready.
	OnResult func(Result)
}

// LinearRunDir is the folder TrainLinear trains code size k into, below opts.Fit.RunDir.
func LinearRunDir(runDir string, k int) string {
	return fmt.Sprintf("%s/linear-code%d", runDir, k)
}

// CheckLinear reports why cfg is not a linear autoencoder trained with MSE — the model
// whose optimum is PCA's subspace: identity activations everywhere, MSE, no hidden layers.
func CheckLinear(cfg model.Config) error {
	switch {
	case cfg.Activation != model.Linear || cfg.OutputActivation != model.Linear:
		return fmt.Errorf("not a linear autoencoder: activations %s/%s, want %s/%s (start from model.LinearPCA)",
			cfg.Activation, cfg.OutputActivation, model.Linear, model.Linear)
	case cfg.Loss != model.MSE:
		return fmt.Errorf("linear autoencoder trained with %s; PCA's subspace is the optimum of %s only", cfg.Loss, model.MSE)
	case len(cfg.Hidden) > 0:
		return fmt.Errorf("linear autoencoder with hidden layers %v; use none, so that the decoder's weights span the code's subspace", cfg.Hidden)
	}
	return nil
}

// TrainLinear trains the linear autoencoder cfg (see CheckLinear; its CodeSize is replaced)
// at every code size on train, or loads it from opts.Fit.RunDir when a previous run
// finished it, and scores it on the whole test set: one Result per code size, like the
// autoencoder rows of CompareCodeSizes.
//
// Unlike CompareCodeSizes it validates after each epoch on the first opts.Validation test
// images only. A linear autoencoder needs many epochs to settle into PCA's subspace, and
// scoring its unbounded output (BCE on clipped values) over all 10,000 test images costs,
// on the Go backend, most of an epoch's training time.
func TrainLinear(b compute.Backend, cfg model.Config, train, test *mnist.Set, codes []int, opts LinearOptions) ([]Result, error) {
	if err := CheckLinear(cfg); err != nil {
		return nil, fmt.Errorf("train linear: %w", err)
	}
	if len(codes) == 0 {
		return nil, fmt.Errorf("train linear: no code sizes given")
	}
	if train == nil || test == nil || train.Len() == 0 || test.Len() == 0 {
		return nil, fmt.Errorf("train linear: empty training or test set")
	}
	nVal := opts.Validation
	if nVal <= 0 {
		nVal = DefaultLinearValidation
	}
	nVal = min(nVal, test.Len())
	val := test.Images[:nVal*mnist.Pixels]
	var results []Result
	for _, k := range codes {
		c := cfg
		c.CodeSize = k
		fit := opts.Fit
		if fit.RunDir != "" {
			fit.RunDir = LinearRunDir(opts.Fit.RunDir, k)
		}
		ae, err := model.New(b, c)
		if err != nil {
			return results, fmt.Errorf("train linear: code size %d: %w", k, err)
		}
		h, err := ae.Fit(train.Images, val, fit)
		if err != nil {
			return results, fmt.Errorf("train linear %s: %w", c.Layout(), err)
		}
		recon, err := ae.Reconstruct(test.Images)
		if err != nil {
			return results, fmt.Errorf("train linear: reconstruct with %s: %w", c.Layout(), err)
		}
		m, err := metrics.Summarize(test.Images, recon, mnist.Pixels)
		if err != nil {
			return results, fmt.Errorf("train linear: score %s: %w", c.Layout(), err)
		}
		r := Result{Model: AutoencoderName(c), CodeSize: k, Metrics: m, TrainSeconds: h.TrainSeconds()}
		results = append(results, r)
		if opts.OnResult != nil {
			opts.OnResult(r)
		}
	}
	return results, nil
}
