package model

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

var (
	dataOnce          sync.Once
	trainSet, testSet *mnist.Set
	dataErr           error
	testBackend       compute.Backend
)

// data returns small real-MNIST subsets shared by the tests: 3000 training and 1000
// test images.
func data(t *testing.T) (train, test *mnist.Set, b compute.Backend) {
	t.Helper()
	dataOnce.Do(func() {
		var tr, te *mnist.Set
		tr, te, _, dataErr = mnist.Load(mnist.Options{})
		if dataErr != nil {
			return
		}
		if trainSet, dataErr = tr.Subset(3000); dataErr != nil {
			return
		}
		if testSet, dataErr = te.Subset(1000); dataErr != nil {
			return
		}
		testBackend, dataErr = backend.NewWithConfig("go")
	})
	if dataErr != nil {
		t.Fatalf("test data: %v", dataErr)
	}
	return trainSet, testSet, testBackend
}

func quickConfig(epochs int) Config {
	c := Tutorial()
	c.Epochs = epochs
	c.BatchSize = 32
	return c
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"code size zero", func(c *Config) { c.CodeSize = 0 }, "code size"},
		{"negative code", func(c *Config) { c.CodeSize = -3 }, "code size"},
		{"unknown loss", func(c *Config) { c.Loss = "hinge" }, "unknown loss"},
		{"zero epochs", func(c *Config) { c.Epochs = 0 }, "epochs"},
		{"zero batch", func(c *Config) { c.BatchSize = 0 }, "batch size"},
		{"bad hidden", func(c *Config) { c.Hidden = []int{64, 0} }, "hidden layer 1"},
		{"unknown activation", func(c *Config) { c.Activation = "softplus" }, "unknown activation"},
		{"bce without sigmoid", func(c *Config) { c.OutputActivation = Linear }, "needs output activation"},
		{"negative lr", func(c *Config) { c.LearningRate = -1 }, "learning rate"},
		{"NaN lr", func(c *Config) { c.LearningRate = math.NaN() }, "learning rate"},
		{"unknown optimizer", func(c *Config) { c.Optimizer = "lbfgs" }, "unknown optimizer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Tutorial()
			tt.change(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
	for _, c := range []Config{Tutorial(), LinearPCA(8)} {
		if err := c.Validate(); err != nil {
			t.Errorf("Validate(%s) = %v, want nil", c, err)
		}
	}
}

func TestLayoutAndParameters(t *testing.T) {
	_, _, b := data(t)
	c := Tutorial()
	c.Hidden = []int{128, 64}
	if got, want := c.Layout(), "784-128-64-32-64-128-784"; got != want {
		t.Errorf("Layout() = %q, want %q", got, want)
	}
	ae, err := New(b, Tutorial())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ae.NumParameters(), 784*32+32+32*784+784; got != want {
		t.Errorf("NumParameters() = %d, want %d", got, want)
	}
	if got := Tutorial().CompressionFactor(); got != 24.5 {
		t.Errorf("CompressionFactor() = %v, want 24.5", got)
	}
}

// TestFitLearns: the loss falls and reconstructions beat predicting the mean image.
func TestFitLearns(t *testing.T) {
	train, test, b := data(t)
	ae, err := New(b, quickConfig(3))
	if err != nil {
		t.Fatal(err)
	}
	var calls []int
	h, err := ae.Fit(train.Images, test.Images, FitOptions{OnEpoch: func(s training.EpochStats, _ training.History) error {
		calls = append(calls, s.Epoch)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if h.Len() != 3 || len(calls) != 3 || calls[2] != 3 {
		t.Fatalf("history has %d epochs, callback saw %v; want 3 and [1 2 3]", h.Len(), calls)
	}
	for i := 1; i < h.Len(); i++ {
		if !(h.Epochs[i].TrainLoss < h.Epochs[i-1].TrainLoss) || !(h.Epochs[i].ValLoss < h.Epochs[i-1].ValLoss) {
			t.Errorf("epoch %d: loss did not fall: %+v then %+v", i+1, h.Epochs[i-1], h.Epochs[i])
		}
	}
	recon, err := ae.Reconstruct(test.Images)
	if err != nil {
		t.Fatal(err)
	}
	aeMSE := mse(test.Images, recon)
	meanMSE := mse(test.Images, tile(meanImage(train.Images), test.Len()))
	if !(aeMSE < 0.8*meanMSE) {
		t.Errorf("autoencoder test MSE %.5f is not clearly below the mean image's %.5f", aeMSE, meanMSE)
	}
	m, err := ae.Evaluate(test.Images)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(m.MSE-aeMSE) > 1e-5 || math.Abs(m.BCE-h.Epochs[2].ValBCE) > 1e-6 {
		t.Errorf("Evaluate = %+v, want MSE %.6f and BCE %.6f", m, aeMSE, h.Epochs[2].ValBCE)
	}
}

func TestEncodeDecode(t *testing.T) {
	train, test, b := data(t)
	cfg := quickConfig(1)
	cfg.CodeSize = 8
	ae, err := New(b, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ae.Fit(train.Images, test.Images, FitOptions{}); err != nil {
		t.Fatal(err)
	}
	x := test.Images[:5*mnist.Pixels]
	codes, err := ae.Encode(x)
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != 5*8 {
		t.Fatalf("Encode gave %d values, want 40", len(codes))
	}
	dec, err := ae.Decode(codes)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := ae.Reconstruct(x)
	if err != nil {
		t.Fatal(err)
	}
	for i := range dec {
		if math.Abs(float64(dec[i]-whole[i])) > 1e-5 {
			t.Fatalf("Decode(Encode(x))[%d] = %v, Reconstruct(x) = %v", i, dec[i], whole[i])
		}
		if dec[i] < 0 || dec[i] > 1 {
			t.Fatalf("sigmoid output %v out of [0,1]", dec[i])
		}
	}
	bad := []struct {
		name string
		call func() error
		want string
	}{
		{"encode ragged", func() error { _, err := ae.Encode(make([]float32, 785)); return err }, "whole number of rows"},
		{"encode empty", func() error { _, err := ae.Encode(nil); return err }, "empty"},
		{"decode ragged", func() error { _, err := ae.Decode(make([]float32, 9)); return err }, "whole number of codes"},
		{"fit ragged", func() error { _, err := ae.Fit(make([]float32, 100), test.Images, FitOptions{}); return err }, "training data"},
	}
	for _, tt := range bad {
		if err := tt.call(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

// TestDeterministic: the same seed on the same backend gives the same numbers.
func TestDeterministic(t *testing.T) {
	train, test, b := data(t)
	var losses [2][]float64
	for i := range losses {
		ae, err := New(b, quickConfig(2))
		if err != nil {
			t.Fatal(err)
		}
		h, err := ae.Fit(train.Images[:1000*mnist.Pixels], test.Images, FitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		losses[i] = append(h.Loss(), h.ValLoss()...)
	}
	for j := range losses[0] {
		if losses[0][j] != losses[1][j] {
			t.Fatalf("run 1 %v differs from run 2 %v", losses[0], losses[1])
		}
	}
}

// TestResume: a run stopped after 2 epochs and started again with the same command
// continues from epoch 3 and ends exactly where an uninterrupted run ends.
func TestResume(t *testing.T) {
	train, test, b := data(t)
	x := train.Images[:1000*mnist.Pixels]
	straight, err := New(b, quickConfig(3))
	if err != nil {
		t.Fatal(err)
	}
	want, err := straight.Fit(x, test.Images, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}

	dir := filepath.Join(t.TempDir(), "run")
	first, _ := New(b, quickConfig(3))
	stop := errStop{}
	_, err = first.Fit(x, test.Images, FitOptions{RunDir: dir, OnEpoch: func(s training.EpochStats, _ training.History) error {
		if s.Epoch == 2 {
			return stop // simulates a kill after epoch 2 was saved
		}
		return nil
	}})
	if err != stop {
		t.Fatalf("Fit = %v, want the callback's error", err)
	}
	// A half-written save of epoch 3 must be ignored.
	if err := os.MkdirAll(filepath.Join(dir, "checkpoints", "epoch-0003.tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	second, _ := New(b, quickConfig(3))
	var replayed []int
	got, err := second.Fit(x, test.Images, FitOptions{RunDir: dir, ReplayRestored: true, OnEpoch: func(s training.EpochStats, _ training.History) error {
		replayed = append(replayed, s.Epoch)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Len() != 3 || len(replayed) != 3 {
		t.Fatalf("resumed history has %d epochs (callbacks %v), want 3", got.Len(), replayed)
	}
	for i := range want.Epochs {
		if got.Epochs[i].TrainLoss != want.Epochs[i].TrainLoss || got.Epochs[i].ValLoss != want.Epochs[i].ValLoss {
			t.Errorf("epoch %d: resumed %+v, uninterrupted %+v", i+1, got.Epochs[i], want.Epochs[i])
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "checkpoints"))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "epoch-0002,epoch-0003" {
		t.Errorf("checkpoints = %v, want the last two epochs only", names)
	}

	// The run folder loads as a model.
	loaded, err := Load(b, dir)
	if err != nil {
		t.Fatal(err)
	}
	m1, _ := second.Evaluate(test.Images)
	m2, err := loaded.Evaluate(test.Images)
	if err != nil || m1 != m2 {
		t.Errorf("loaded run evaluates to %+v (%v), trained model to %+v", m2, err, m1)
	}

	// Another config in the same folder is refused.
	other := quickConfig(3)
	other.CodeSize = 16
	ae, _ := New(b, other)
	if _, err := ae.Fit(x, test.Images, FitOptions{RunDir: dir}); err == nil || !strings.Contains(err.Error(), "another configuration") {
		t.Errorf("Fit with another config in the same folder = %v, want a refusal", err)
	}
}

type errStop struct{}

func (errStop) Error() string { return "stopped" }

func TestSaveLoad(t *testing.T) {
	train, test, b := data(t)
	ae, _ := New(b, quickConfig(1))
	if _, err := ae.Fit(train.Images[:500*mnist.Pixels], test.Images, FitOptions{}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "model")
	for range 2 { // saving twice replaces the first copy
		if err := ae.Save(dir); err != nil {
			t.Fatal(err)
		}
	}
	back, err := Load(b, dir)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := ae.Reconstruct(test.Images[:3*mnist.Pixels])
	c, _ := back.Reconstruct(test.Images[:3*mnist.Pixels])
	for i := range a {
		if a[i] != c[i] {
			t.Fatalf("loaded model differs at %d: %v vs %v", i, a[i], c[i])
		}
	}
	if back.History().Len() != 1 {
		t.Errorf("loaded history has %d epochs, want 1", back.History().Len())
	}
	if _, err := Load(b, filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("Load of a missing folder succeeded")
	}
}

// TestNaNStops: a diverging run stops with an error naming the epoch, keeping what was saved.
func TestNaNStops(t *testing.T) {
	train, test, b := data(t)
	x := append([]float32(nil), train.Images[:300*mnist.Pixels]...)
	x[5] = float32(math.NaN())
	dir := filepath.Join(t.TempDir(), "run")
	ae, _ := New(b, quickConfig(2))
	_, err := ae.Fit(x, test.Images, FitOptions{RunDir: dir})
	if err == nil || !strings.Contains(err.Error(), "epoch 1") || !strings.Contains(err.Error(), "NaN") {
		t.Fatalf("Fit on NaN data = %v, want an error naming epoch 1 and NaN", err)
	}

	cfg := LinearPCA(8)
	cfg.Optimizer, cfg.LearningRate, cfg.Epochs = SGD, 1e9, 3
	ae, _ = New(b, cfg)
	_, err = ae.Fit(train.Images[:500*mnist.Pixels], test.Images, FitOptions{})
	if err == nil || !strings.Contains(err.Error(), "diverged") {
		t.Fatalf("Fit with learning rate 1e9 = %v, want a divergence error", err)
	}
}

func mse(a, b []float32) float64 {
	s := 0.0
	for i := range a {
		d := float64(a[i] - b[i])
		s += d * d
	}
	return s / float64(len(a))
}

func meanImage(x []float32) []float32 {
	n := len(x) / mnist.Pixels
	m := make([]float32, mnist.Pixels)
	for i := 0; i < n; i++ {
		for j := range m {
			m[j] += x[i*mnist.Pixels+j]
		}
	}
	for j := range m {
		m[j] /= float32(n)
	}
	return m
}

func tile(row []float32, n int) []float32 {
	out := make([]float32, 0, n*len(row))
	for range n {
		out = append(out, row...)
	}
	return out
}

func TestParameters(t *testing.T) {
	train, test, b := data(t)
	ae, _ := New(b, quickConfig(1))
	if _, _, err := ae.Parameter(DecoderOutputWeights); err == nil {
		t.Error("Parameter before initialisation succeeded")
	}
	if _, err := ae.Fit(train.Images[:300*mnist.Pixels], test.Images, FitOptions{}); err != nil {
		t.Fatal(err)
	}
	want := []string{"/decoder/output/biases", "/decoder/output/weights", "/encoder/code/biases", "/encoder/code/weights"}
	if got := ae.ParameterPaths(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("ParameterPaths() = %v, want %v", got, want)
	}
	w, dims, err := ae.Parameter(DecoderOutputWeights)
	if err != nil {
		t.Fatal(err)
	}
	if len(dims) != 2 || dims[0] != 32 || dims[1] != 784 || len(w) != 32*784 {
		t.Errorf("decoder weights dims %v (%d values), want [32 784]", dims, len(w))
	}
}
