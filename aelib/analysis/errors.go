package analysis

import (
	"fmt"
	"math"
	"slices"

	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
)

// AbsDiff returns |x − y| element by element: drawn as an image, the pixels a
// reconstruction y got wrong light up.
func AbsDiff(x, y []float32) ([]float32, error) {
	if len(x) != len(y) {
		return nil, fmt.Errorf("abs diff: %d values against %d", len(x), len(y))
	}
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(math.Abs(float64(v - y[i])))
	}
	return out, nil
}

// Worst returns the indices of the n largest values, largest first (equal values: lower
// index first); n larger than len(values) returns every index.
func Worst(values []float64, n int) []int {
	idx := make([]int, len(values))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case values[a] > values[b]:
			return -1
		case values[a] < values[b]:
			return 1
		}
		return 0
	})
	return idx[:min(max(n, 0), len(idx))]
}

// MeanByDigit averages per-image values over the images of each digit 0..9; a digit with
// no image gets NaN.
func MeanByDigit(values []float64, labels []uint8) ([mnist.NumClasses]float64, error) {
	var sum, count [mnist.NumClasses]float64
	if len(values) != len(labels) {
		return sum, fmt.Errorf("mean by digit: %d values for %d labels", len(values), len(labels))
	}
	for i, v := range values {
		l := labels[i]
		if int(l) >= mnist.NumClasses {
			return sum, fmt.Errorf("mean by digit: label %d at %d is not a digit", l, i)
		}
		sum[l] += v
		count[l]++
	}
	for d := range sum {
		if count[d] == 0 {
			sum[d] = math.NaN()
		} else {
			sum[d] /= count[d]
		}
	}
	return sum, nil
}

// LogitGradients returns, for a pixel of target value t reconstructed as p = σ(z), the
// derivative with respect to the logit z of the binary cross-entropy, p − t, and of the
// squared error (p − t)², 2(p − t)·p(1 − p), at every p in ps. The squared error's is
// multiplied by the sigmoid's slope p(1 − p), which vanishes when the output saturates
// near 0 or 1 — even when it saturates at the wrong value.
func LogitGradients(t float64, ps []float64) (bce, mse []float64) {
	bce = make([]float64, len(ps))
	mse = make([]float64, len(ps))
	for i, p := range ps {
		bce[i] = p - t
		mse[i] = 2 * (p - t) * p * (1 - p)
	}
	return bce, mse
}

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

// ReconstructionErrors reconstructs every set with rec (a Method's Reconstruct) and returns the per-image errors:
// the numbers behind "an autoencoder is data-specific" (digits reconstruct well, inverted
// digits, strokes and noise far worse).
func ReconstructionErrors(rec func(x []float32) ([]float32, error), sets []InputSet) ([]SetErrors, error) {
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

// Clip01 returns a copy of x with every value clipped to [0,1]. PCA reconstructions can
// leave the pixel range, where BCE is not defined, and images are drawn from [0,1].
func Clip01(x []float32) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = min(max(v, 0), 1)
	}
	return out
}
