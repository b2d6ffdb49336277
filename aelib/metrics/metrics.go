// Package metrics computes reconstruction-error metrics between row-major
// float32 matrices: n images (rows) of d pixels each, stored as one slice of
// length n·d, the layout used throughout aelib.
//
// All sums are accumulated in float64. Every function returns an error,
// and never panics, when the inputs are empty, have different lengths, have
// a length that is not a multiple of d, or contain NaN or ±Inf values
// (detected as a non-finite result, then located for the message).
//
// Example: compare a reconstruction y of test images x (pixels in [0, 1]):
//
//	s, err := metrics.Summarize(x, y, 784)
//	if err != nil {
//		log.Fatal(err)
//	}
//	fmt.Printf("MSE %.5f  BCE %.4f  per-image SE %.2f  PSNR %.2f dB\n",
//		s.MSE, s.BCE, s.PerImageSE, s.PSNR)
//
//	errs, _ := metrics.PerImageMSE(x, y, 784) // one value per image, for histograms
package metrics

import (
	"errors"
	"fmt"
	"math"
)

// BCEEpsilon is the clipping constant of BCE: predictions are clipped to
// [BCEEpsilon, 1−BCEEpsilon] (Keras's backend.epsilon()).
const BCEEpsilon = 1e-7

// MSE returns the mean squared error over all elements,
//
//	MSE = (1/N) Σ_i (x_i − y_i)²,  N = len(x).
func MSE(x, y []float32) (float64, error) {
	if err := checkPair(x, y, 1); err != nil {
		return 0, fmt.Errorf("metrics: MSE: %w", err)
	}
	se := sumSquaredError(x, y)
	if err := checkFiniteResult(se, x, y); err != nil {
		return 0, fmt.Errorf("metrics: MSE: %w", err)
	}
	return se / float64(len(x)), nil
}

// BCE returns the mean binary cross-entropy of the predictions pred for the
// targets target, over all elements:
//
//	BCE = −(1/N) Σ_i [t_i·log(p_i) + (1−t_i)·log(1−p_i)],
//	p_i = clip(pred_i, ε, 1−ε),  ε = BCEEpsilon = 10⁻⁷,
//
// which is Keras's binary_crossentropy on probabilities (Keras 3; tf.keras
// 2.x also added ε inside both logarithms). The clipping bounds each term by
// −log(ε) ≈ 16.12. Targets are normally in [0, 1] (pixel intensities);
// values outside are not rejected, the formula is applied as written.
func BCE(target, pred []float32) (float64, error) {
	if err := checkPair(target, pred, 1); err != nil {
		return 0, fmt.Errorf("metrics: BCE: %w", err)
	}
	s := 0.0
	for i, t := range target {
		s += bceTerm(float64(t), float64(pred[i]))
	}
	if err := checkFiniteResult(s, target, pred); err != nil {
		return 0, fmt.Errorf("metrics: BCE: %w", err)
	}
	return s / float64(len(target)), nil
}

// bceTerm is one term −[t·log(p) + (1−t)·log(1−p)] of BCE, p clipped. A NaN or infinite
// prediction gives NaN, which the caller reports as an error: clipping ±Inf into [ε, 1−ε]
// would hide a broken model behind a finite number.
func bceTerm(t, p float64) float64 {
	if math.IsNaN(p) || math.IsInf(p, 0) {
		return math.NaN()
	}
	p = min(max(p, BCEEpsilon), 1-BCEEpsilon)
	return -(t*math.Log(p) + (1-t)*math.Log(1-p))
}

// PerImageSE returns the mean over the n = len(x)/d images of the per-image
// sum of squared errors,
//
//	SE = (1/n) Σ_r Σ_{j<d} (x_rj − y_rj)² = d·MSE,
//
// the reconstruction error reported by Hinton & Salakhutdinov (2006) for
// MNIST.
func PerImageSE(x, y []float32, d int) (float64, error) {
	if err := checkPair(x, y, d); err != nil {
		return 0, fmt.Errorf("metrics: PerImageSE: %w", err)
	}
	se := sumSquaredError(x, y)
	if err := checkFiniteResult(se, x, y); err != nil {
		return 0, fmt.Errorf("metrics: PerImageSE: %w", err)
	}
	return se / float64(len(x)/d), nil
}

// PSNR returns the peak signal-to-noise ratio in decibels,
//
//	PSNR = 10·log10(maxValue² / MSE),
//
// over all elements; it is +Inf when x and y are identical. maxValue is the
// largest possible pixel value (1 for images scaled to [0, 1], 255 for
// bytes) and must be positive and finite.
func PSNR(x, y []float32, maxValue float64) (float64, error) {
	if !(maxValue > 0) || math.IsInf(maxValue, 0) {
		return 0, fmt.Errorf("metrics: PSNR: maxValue = %v, want positive and finite", maxValue)
	}
	if err := checkPair(x, y, 1); err != nil {
		return 0, fmt.Errorf("metrics: PSNR: %w", err)
	}
	se := sumSquaredError(x, y)
	if err := checkFiniteResult(se, x, y); err != nil {
		return 0, fmt.Errorf("metrics: PSNR: %w", err)
	}
	return psnr(se/float64(len(x)), maxValue), nil
}

func psnr(mse, maxValue float64) float64 {
	if mse == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(maxValue*maxValue/mse)
}

// PerImageMSE returns, for each of the n = len(x)/d images (rows), the mean
// squared error over its d pixels,
//
//	e_r = (1/d) Σ_{j<d} (x_rj − y_rj)²,
//
// for error histograms and for finding badly reconstructed images.
func PerImageMSE(x, y []float32, d int) ([]float64, error) {
	if err := checkPair(x, y, d); err != nil {
		return nil, fmt.Errorf("metrics: PerImageMSE: %w", err)
	}
	n := len(x) / d
	out := make([]float64, n)
	total := 0.0
	for r := range out {
		se := sumSquaredError(x[r*d:(r+1)*d], y[r*d:(r+1)*d])
		out[r] = se / float64(d)
		total += se
	}
	if err := checkFiniteResult(total, x, y); err != nil {
		return nil, fmt.Errorf("metrics: PerImageMSE: %w", err)
	}
	return out, nil
}

// Summary holds the metrics of a reconstruction y of x, as computed by
// Summarize.
type Summary struct {
	// MSE is the mean squared error over all pixels (see MSE).
	MSE float64
	// BCE is the mean binary cross-entropy with x as target and y as
	// prediction (see BCE).
	BCE float64
	// PerImageSE is the mean per-image sum of squared errors (see PerImageSE).
	PerImageSE float64
	// PSNR is the peak signal-to-noise ratio in dB for pixel values in
	// [0, 1], i.e. with maxValue = 1 (see PSNR).
	PSNR float64
}

// Summarize computes MSE(x, y), BCE(x, y), PerImageSE(x, y, d) and
// PSNR(x, y, 1) in a single pass over the data. x is the original (the BCE
// target) and y the reconstruction (the BCE prediction); pixels are
// assumed to lie in [0, 1].
func Summarize(x, y []float32, d int) (Summary, error) {
	if err := checkPair(x, y, d); err != nil {
		return Summary{}, fmt.Errorf("metrics: Summarize: %w", err)
	}
	se, ce := 0.0, 0.0
	for i, xv := range x {
		t, p := float64(xv), float64(y[i])
		e := t - p
		se += e * e
		ce += bceTerm(t, p)
	}
	if err := checkFiniteResult(se+ce, x, y); err != nil {
		return Summary{}, fmt.Errorf("metrics: Summarize: %w", err)
	}
	mse := se / float64(len(x))
	return Summary{
		MSE:        mse,
		BCE:        ce / float64(len(x)),
		PerImageSE: se / float64(len(x)/d),
		PSNR:       psnr(mse, 1),
	}, nil
}

// sumSquaredError returns Σ_i (x_i − y_i)² in float64; len(y) ≥ len(x).
func sumSquaredError(x, y []float32) float64 {
	y = y[:len(x)]
	// Four partial sums: fewer dependencies, slightly better accuracy.
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		e0 := float64(x[i]) - float64(y[i])
		e1 := float64(x[i+1]) - float64(y[i+1])
		e2 := float64(x[i+2]) - float64(y[i+2])
		e3 := float64(x[i+3]) - float64(y[i+3])
		s0 += e0 * e0
		s1 += e1 * e1
		s2 += e2 * e2
		s3 += e3 * e3
	}
	for ; i < len(x); i++ {
		e := float64(x[i]) - float64(y[i])
		s0 += e * e
	}
	return (s0 + s1) + (s2 + s3)
}

// checkPair validates two n×d matrices stored as slices.
func checkPair(x, y []float32, d int) error {
	switch {
	case d < 1:
		return fmt.Errorf("row length d = %d, want ≥ 1", d)
	case len(x) == 0 || len(y) == 0:
		return fmt.Errorf("empty input (lengths %d and %d)", len(x), len(y))
	case len(x) != len(y):
		return fmt.Errorf("length mismatch: %d vs %d", len(x), len(y))
	case len(x)%d != 0:
		return fmt.Errorf("length %d is not a multiple of the row length %d", len(x), d)
	}
	return nil
}

// checkFiniteResult returns nil if the accumulated sum s is finite and
// otherwise an error naming the first non-finite input element.
func checkFiniteResult(s float64, x, y []float32) error {
	if !math.IsNaN(s) && !math.IsInf(s, 0) {
		return nil
	}
	for i := range x {
		for _, v := range [2]float32{x[i], y[i]} {
			if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
				return fmt.Errorf("non-finite input %v at index %d", v, i)
			}
		}
	}
	return errors.New("result overflowed")
}

// Result is one model's score on a test set: the row every comparison table prints.
type Result struct {
	// Model names the method, e.g. "autoencoder 784-32-784" or "PCA".
	Model string `json:"model"`
	// CodeSize is the number of numbers each image is compressed to.
	CodeSize int `json:"code_size"`
	// Metrics are the test-set reconstruction errors.
	Metrics Summary `json:"metrics"`
	// Validation are the validation-set errors (zero when not measured): the ones to choose a
	// setting by, leaving the test set for the final score.
	Validation Summary `json:"validation,omitzero"`
	// TrainSeconds is the wall time spent fitting (training epochs, or the PCA fit).
	TrainSeconds float64 `json:"train_seconds"`
	// Parameters is the number of trained numbers: weights and biases, or PCA's
	// components and mean.
	Parameters int `json:"parameters,omitempty"`
	// Epochs is how many epochs the autoencoder was trained (0 for PCA).
	Epochs int `json:"epochs,omitempty"`
}
