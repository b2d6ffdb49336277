package classify

import (
	"math/rand/v2"
	"testing"
)

// fewLabels makes n examples of d features: the class shows on feature y (mean 3, unit
// noise), and every feature from Classes on is a nearly constant one (noise of σ 0.01) —
// like MNIST's border pixels, ink in a handful of digits.
func fewLabels(n, d int, seed uint64) ([]float32, []uint8) {
	r := rand.New(rand.NewPCG(seed, 7))
	x := make([]float32, n*d)
	y := make([]uint8, n)
	for i := range n {
		y[i] = uint8(r.IntN(Classes))
		for j := range d {
			v := 0.01 * r.NormFloat64()
			if j < Classes {
				v = r.NormFloat64()
				if j == int(y[i]) {
					v += 3
				}
			}
			x[i*d+j] = float32(v)
		}
	}
	return x, y
}

// TestScaling: with fewer labelled examples than features, Auto only centres; with more
// it standardises; an unknown scaling is an error. Standardising the nearly constant
// features of fewLabels blows their noise up to the signal's size, which the classifier
// then fits: centring alone generalises better.
func TestScaling(t *testing.T) {
	const d = 200
	xt, yt := fewLabels(2000, d, 2)
	acc := map[Scaling]float64{}
	for _, s := range []Scaling{Auto, Centre, Standardise} {
		x, y := fewLabels(60, d, 1)
		c, err := Fit(x, y, d, Options{Scaling: s})
		if err != nil {
			t.Fatal(err)
		}
		if acc[s], err = c.Accuracy(xt, yt); err != nil {
			t.Fatal(err)
		}
		if want := map[Scaling]Scaling{Auto: Centre, Centre: Centre, Standardise: Standardise}[s]; c.Scaling != want {
			t.Errorf("Options.Scaling %q with 60 examples of %d features: the fit used %q, want %q", s, d, c.Scaling, want)
		}
	}
	if !(acc[Auto] >= 0.7 && acc[Auto] > acc[Standardise]+0.2) {
		t.Errorf("test accuracy: automatic scaling %.3f, standardised %.3f; want centring (the default here) ≥ 0.7 and well above", acc[Auto], acc[Standardise])
	}
	x, y := blobs(500, 10, 1)
	if c, err := Fit(x, y, 10, Options{}); err != nil || c.Scaling != Standardise {
		t.Errorf("500 examples of 10 features: scaling %v (%v), want %q", c.Scaling, err, Standardise)
	}
	if _, err := Fit(x, y, 10, Options{Scaling: "whiten"}); err == nil {
		t.Error("unknown scaling: no error")
	}
}
