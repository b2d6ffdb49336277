package experiment

import (
	"fmt"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
)

// Variant is one point of a hyper-parameter sweep: a label for tables and charts, and the
// configuration to train.
type Variant struct {
	Label  string
	Config model.Config
}

// Sweep trains every variant on train, scores it on test, and returns one Result per
// variant (Result.Model is the variant's label), calling onResult as each is ready.
func Sweep(b compute.Backend, train, test *mnist.Set, variants []Variant, fit model.FitOptions, onResult func(Result)) ([]Result, error) {
	if len(variants) == 0 {
		return nil, fmt.Errorf("sweep: no variants")
	}
	var results []Result
	for i, v := range variants {
		f := fit
		if f.RunDir != "" {
			f.RunDir = fmt.Sprintf("%s/variant%02d", fit.RunDir, i)
		}
		r, err := TrainAndMeasure(b, v.Config, train, test, f)
		if err != nil {
			return results, fmt.Errorf("sweep %q: %w", v.Label, err)
		}
		r.Model = v.Label
		results = append(results, r)
		if onResult != nil {
			onResult(r)
		}
	}
	return results, nil
}

// Labels returns the Model field of each result, in order.
func Labels(results []Result) []string {
	out := make([]string, len(results))
	for i, r := range results {
		out[i] = r.Model
	}
	return out
}

// Values returns metric of each result, in order.
func Values(results []Result, metric Metric) []float64 {
	out := make([]float64, len(results))
	for i, r := range results {
		out[i] = metric(r)
	}
	return out
}

// Reconstructor is anything that maps images to reconstructions: an autoencoder's
// Reconstruct, or a PCA's.
type Reconstructor func(x []float32) ([]float32, error)

// InputSet is a named batch of images (row-major, 784 values each).
type InputSet struct {
	Name   string
	Images []float32
}

// SetErrors are the per-image reconstruction errors of one input set.
type SetErrors struct {
	Name string
	// PerImage is each image's mean squared error per pixel.
	PerImage []float64
	// Mean is the mean of PerImage.
	Mean float64
}

// ReconstructionErrors reconstructs every set with rec and returns the per-image errors:
// the numbers behind "an autoencoder is data-specific" (digits reconstruct well, inverted
// digits, strokes and noise far worse).
func ReconstructionErrors(rec Reconstructor, sets []InputSet) ([]SetErrors, error) {
	var out []SetErrors
	for _, s := range sets {
		r, err := rec(s.Images)
		if err != nil {
			return nil, fmt.Errorf("reconstruct %q: %w", s.Name, err)
		}
		per, err := metrics.PerImageMSE(s.Images, r, mnist.Pixels)
		if err != nil {
			return nil, fmt.Errorf("errors of %q: %w", s.Name, err)
		}
		mean := 0.0
		for _, v := range per {
			mean += v
		}
		out = append(out, SetErrors{Name: s.Name, PerImage: per, Mean: mean / float64(len(per))})
	}
	return out, nil
}
