package corrupt

import (
	"slices"
	"strings"
	"testing"
)

func TestNoiseApply(t *testing.T) {
	x := make([]float32, 20000)
	for i := range x {
		x[i] = 0.5
	}
	for _, n := range []Noise{{Gaussian, 0.3}, {SaltPepper, 0.2}, {Masking, 0.3}} {
		a, err := n.Apply(x, 1)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := n.Apply(x, 1)
		other, _ := n.Apply(x, 2)
		if !slices.Equal(a, again) || slices.Equal(a, other) {
			t.Errorf("%s: want the same noise for a seed and other noise for another", n)
		}
		changed, zeros := 0, 0
		for i, v := range a {
			if v < 0 || v > 1 {
				t.Fatalf("%s: pixel %v outside [0,1]", n, v)
			}
			if v != x[i] {
				changed++
			}
			if v == 0 {
				zeros++
			}
		}
		frac := float64(changed) / float64(len(x))
		switch n.Kind {
		case Masking:
			if zf := float64(zeros) / float64(len(x)); zf < 0.28 || zf > 0.32 || changed != zeros {
				t.Errorf("masking 30%%: %.3f of the pixels set to 0, %d changed", zf, changed)
			}
		case SaltPepper:
			if frac < 0.18 || frac > 0.22 {
				t.Errorf("salt and pepper 20%%: %.3f changed", frac)
			}
		case Gaussian:
			if frac < 0.99 {
				t.Errorf("gaussian: only %.3f of the pixels changed", frac)
			}
		}
	}
	if x[0] != 0.5 {
		t.Errorf("Apply changed its input")
	}
}

func TestNoiseValidate(t *testing.T) {
	for _, tc := range []struct {
		n    Noise
		want string
	}{
		{Noise{"blur", 1}, "unknown noise"},
		{Noise{Gaussian, -1}, "σ must be"},
		{Noise{Masking, 1.5}, "fraction must be in [0,1]"},
		{Noise{SaltPepper, -0.1}, "fraction must be in [0,1]"},
	} {
		if _, err := tc.n.Apply([]float32{0.5}, 1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want an error containing %q", tc.n, err, tc.want)
		}
	}
}
