package analysis

import (
	"math"
	"testing"
)

// TestSensitivity: a linear encoder f(x) = c·x has gain |c| in every direction; a constant
// encoder has gain 0; bad inputs are refused.
func TestSensitivity(t *testing.T) {
	x := make([]float32, 50*8)
	for i := range x {
		x[i] = float32(i%7) / 7
	}
	for _, c := range []float32{0, 0.5, 3} {
		scale := func(v []float32) ([]float32, error) {
			out := make([]float32, len(v))
			for i := range v {
				out[i] = c * v[i]
			}
			return out, nil
		}
		got, err := Sensitivity(scale, x, 8, 0.01, 1)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-float64(c)) > 1e-3*(1+float64(c)) {
			t.Errorf("f = %v·x: sensitivity %v, want %v", c, got, c)
		}
	}
	id := func(v []float32) ([]float32, error) { return v, nil }
	for name, err := range map[string]error{
		"ragged":   func() error { _, err := Sensitivity(id, x[:13], 8, 0.1, 1); return err }(),
		"σ zero":   func() error { _, err := Sensitivity(id, x, 8, 0, 1); return err }(),
		"σ is NaN": func() error { _, err := Sensitivity(id, x, 8, math.NaN(), 1); return err }(),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestCodeActivity(t *testing.T) {
	codes := []float32{0, 2, 0.005, 4, 0, 0} // 3 rows × 2 units
	a, err := CodeActivity(codes, 2)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(a.Mean-6.005/6) > 1e-9 || a.NearZero != 4.0/6 {
		t.Errorf("mean %v near-zero %v, want %v and %v", a.Mean, a.NearZero, 6.005/6, 4.0/6)
	}
	if len(a.UnitMeans) != 2 || a.UnitMeans[0] != 2 || math.Abs(a.UnitMeans[1]-0.005/3) > 1e-9 {
		t.Errorf("unit means %v, want [2, 0.00167] (largest first)", a.UnitMeans)
	}
	if _, err := CodeActivity(codes[:5], 2); err == nil {
		t.Errorf("ragged codes accepted")
	}
}

func TestPSNRs(t *testing.T) {
	clean := []float32{0, 0.5, 1, 0.25}
	off := []float32{0.1, 0.5, 1, 0.25} // MSE 0.0025 → 10·log10(1/0.0025) = 26.02 dB
	got, err := PSNRs(clean, off, clean)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got[0]-10*math.Log10(1/0.0025)) > 1e-4 || !math.IsInf(got[1], 1) && got[1] < 100 {
		t.Errorf("PSNRs = %v", got)
	}
	if _, err := PSNRs(clean, off[:3]); err == nil {
		t.Errorf("short output accepted")
	}
}
