package experiment

// Helpers for notebook 4 (properties and hyper-parameters): models shared between sweeps,
// PCA at several code sizes, digit subsets, error images and the "error jump" table.

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
)

// RunName is a folder name that identifies everything Fit depends on in cfg (layout,
// activations, loss, optimizer, learning rate, batch size, epochs and seed), e.g.
// "784-128-32-128-784_relu-sigmoid_bce_adam_lr0.001_b256_e5_s1". Sweeps that train into
// RunDir/RunName(cfg) share a model whenever their configurations coincide (the tutorial's
// model is one point of every sweep), and a later cell loads it instead of training again.
// The name says nothing about the training data: give models trained on other data their
// own parent folder.
func RunName(cfg model.Config) string {
	lr := strconv.FormatFloat(cfg.LearningRate, 'g', -1, 64)
	return fmt.Sprintf("%s_%s-%s_%s_%s_lr%s_b%d_e%d_s%d", cfg.Layout(), cfg.Activation, cfg.OutputActivation,
		cfg.Loss, cfg.Optimizer, lr, cfg.BatchSize, cfg.Epochs, cfg.Seed)
}

// TrainModel is TrainAndMeasure that also returns the model: it trains cfg on train
// (validating on test) — or, when fit.RunDir holds a finished run of the same
// configuration, loads it — and scores it on test. Result.Model is AutoencoderName(cfg).
func TrainModel(b compute.Backend, cfg model.Config, train, test *mnist.Set, fit model.FitOptions) (*model.Autoencoder, Result, error) {
	if train == nil || test == nil || train.Len() == 0 || test.Len() == 0 {
		return nil, Result{}, errors.New("train model: empty training or test set")
	}
	ae, err := model.New(b, cfg)
	if err != nil {
		return nil, Result{}, err
	}
	h, err := ae.Fit(train.Images, test.Images, fit)
	if err != nil {
		return nil, Result{}, fmt.Errorf("train %s: %w", cfg.Layout(), err)
	}
	recon, err := ae.Reconstruct(test.Images)
	if err != nil {
		return nil, Result{}, fmt.Errorf("reconstruct with %s: %w", cfg.Layout(), err)
	}
	m, err := metrics.Summarize(test.Images, recon, mnist.Pixels)
	if err != nil {
		return nil, Result{}, fmt.Errorf("score %s: %w", cfg.Layout(), err)
	}
	return ae, Result{Model: AutoencoderName(cfg), CodeSize: cfg.CodeSize, Metrics: m, TrainSeconds: h.TrainSeconds()}, nil
}

// SelectDigits returns a copy of the examples of s whose label is one of digits, in their
// original order. It fails when none matches.
func SelectDigits(s *mnist.Set, digits ...uint8) (*mnist.Set, error) {
	if s == nil {
		return nil, errors.New("select digits: nil set")
	}
	var idx []int
	for i, l := range s.Labels {
		if slices.Contains(digits, l) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return nil, fmt.Errorf("select digits: no example is one of %v", digits)
	}
	return s.Select(idx)
}

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

// JumpTable lays out, for every input set, each method's mean per-image MSE and how many
// times larger it is than the method's error on the first set (the reference, normally
// the test digits): the "error jump" that shows a model is data-specific. errs[m] holds
// method m's errors (from ReconstructionErrors) on the same sets in the same order.
func JumpTable(methods []string, errs [][]SetErrors) (Table, error) {
	if len(methods) == 0 || len(methods) != len(errs) {
		return Table{}, fmt.Errorf("jump table: %d method names for %d error lists", len(methods), len(errs))
	}
	sets := errs[0]
	if len(sets) == 0 {
		return Table{}, errors.New("jump table: no input sets")
	}
	t := Table{Headers: []string{"input"}}
	for m, name := range methods {
		if len(errs[m]) != len(sets) {
			return Table{}, fmt.Errorf("jump table: %s has %d sets, %s has %d", name, len(errs[m]), methods[0], len(sets))
		}
		for i, s := range errs[m] {
			if s.Name != sets[i].Name {
				return Table{}, fmt.Errorf("jump table: set %d is %q for %s but %q for %s", i, s.Name, name, sets[i].Name, methods[0])
			}
		}
		if !(errs[m][0].Mean > 0) {
			return Table{}, fmt.Errorf("jump table: %s's reference error %v is not positive", name, errs[m][0].Mean)
		}
		t.Headers = append(t.Headers, name+" MSE", name+" ×"+sets[0].Name)
	}
	for i, s := range sets {
		row := []string{s.Name}
		for m := range methods {
			e := errs[m][i].Mean
			row = append(row, fmt.Sprintf("%.5f", e), fmt.Sprintf("%.1f", e/errs[m][0].Mean))
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
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

// labelList joins digits as "0–4" when they are consecutive, else "0,2,5".
func labelList(digits []uint8) string {
	if len(digits) == 0 {
		return ""
	}
	consecutive := true
	for i := 1; i < len(digits); i++ {
		if digits[i] != digits[i-1]+1 {
			consecutive = false
		}
	}
	if consecutive && len(digits) > 2 {
		return fmt.Sprintf("%d–%d", digits[0], digits[len(digits)-1])
	}
	parts := make([]string, len(digits))
	for i, d := range digits {
		parts[i] = strconv.Itoa(int(d))
	}
	return strings.Join(parts, ",")
}

// DigitsName names a set of digits for tables: "digits 0–4", "digits 1,7".
func DigitsName(digits ...uint8) string {
	return "digits " + labelList(digits)
}
