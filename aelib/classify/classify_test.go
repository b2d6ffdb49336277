package classify

import (
	"math"
	"math/rand/v2"
	"testing"
)

// blobs makes n points of d features around one centre per class (centres far apart).
func blobs(n, d int, seed uint64) ([]float32, []uint8) {
	r := rand.New(rand.NewPCG(seed, 1))
	x := make([]float32, n*d)
	y := make([]uint8, n)
	for i := range n {
		y[i] = uint8(i % Classes)
		for j := range d {
			centre := 0.0
			if j == int(y[i])%d {
				centre = 4
			}
			x[i*d+j] = float32(centre + r.NormFloat64())
		}
	}
	return x, y
}

func TestFitSeparatesBlobs(t *testing.T) {
	x, y := blobs(500, 10, 1)
	c, err := Fit(x, y, 10, Options{})
	if err != nil {
		t.Fatal(err)
	}
	xt, yt := blobs(500, 10, 2)
	acc, err := c.Accuracy(xt, yt)
	if err != nil {
		t.Fatal(err)
	}
	// Centres 4σ apart on their own axis: a linear rule gets almost all right.
	if acc < 0.95 {
		t.Errorf("accuracy %v on separable blobs, want ≥ 0.95", acc)
	}
}

// TestGradient compares the analytic gradient with central differences.
func TestGradient(t *testing.T) {
	x, y := blobs(30, 4, 3)
	c := &Linear{d: 4}
	c.mean, c.std = standardisation(x, 30, 4)
	z := c.standardise(x, 30)
	r := rand.New(rand.NewPCG(4, 5))
	params := make([]float64, Classes*5)
	for i := range params {
		params[i] = r.NormFloat64() * 0.3
	}
	grad := make([]float64, len(params))
	c.loss(params, z, y, 0.01, grad)
	for i := range params {
		h := 1e-6
		p1 := append([]float64(nil), params...)
		p2 := append([]float64(nil), params...)
		p1[i] += h
		p2[i] -= h
		num := (c.loss(p1, z, y, 0.01, nil) - c.loss(p2, z, y, 0.01, nil)) / (2 * h)
		if math.Abs(num-grad[i]) > 1e-6 {
			t.Errorf("∂L/∂θ%d: analytic %v, numeric %v", i, grad[i], num)
		}
	}
}

func TestErrors(t *testing.T) {
	if _, err := Fit([]float32{1, 2, 3}, []uint8{1}, 2, Options{}); err == nil {
		t.Error("3 values for 1 label of 2 features: no error")
	}
	if _, err := Fit([]float32{1, 2}, []uint8{12}, 2, Options{}); err == nil {
		t.Error("label 12: no error")
	}
	x, y := blobs(20, 3, 1)
	c, err := Fit(x, y, 3, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Accuracy(x[:5], y); err == nil {
		t.Error("ragged rows: no error")
	}
}
