package model

import (
	"math"
	"testing"
)

// TestHiddenActivationsAndInputFeatures: the first hidden layer's activations equal
// relu(x·W + b) computed from the parameters themselves, and InputFeatures returns W's
// columns.
func TestHiddenActivationsAndInputFeatures(t *testing.T) {
	cfg := Tutorial()
	cfg.InputDim, cfg.Hidden, cfg.CodeSize, cfg.Epochs, cfg.BatchSize = 6, []int{4}, 2, 1, 2
	_, _, b := data(t)
	ae, err := New(b, cfg)
	if err != nil {
		t.Fatal(err)
	}
	x := []float32{0.1, 0.9, 0.3, 0, 1, 0.5, 0.7, 0.2, 0.4, 0.6, 0.8, 0}
	if _, err := ae.Fit(x, x, FitOptions{}); err != nil {
		t.Fatal(err)
	}
	acts, err := ae.HiddenActivations(x, 0)
	if err != nil {
		t.Fatal(err)
	}
	feats, err := ae.InputFeatures(4)
	if err != nil {
		t.Fatal(err)
	}
	bias, _, err := ae.Parameter("/encoder/hidden_0/biases")
	if err != nil {
		t.Fatal(err)
	}
	for r := range 2 {
		for u := range 4 {
			s := float64(bias[u])
			for i := range 6 {
				s += float64(x[r*6+i]) * float64(feats[u*6+i])
			}
			if want := math.Max(s, 0); math.Abs(float64(acts[r*4+u])-want) > 1e-5 {
				t.Errorf("row %d unit %d: activation %v, relu(x·w+b) %v", r, u, acts[r*4+u], want)
			}
		}
	}
	if _, err := ae.HiddenActivations(x, 1); err == nil {
		t.Error("layer 1 of a one-hidden-layer model: no error")
	}
	if _, err := ae.InputFeatures(5); err == nil {
		t.Error("5 features of 4 units: no error")
	}
}
