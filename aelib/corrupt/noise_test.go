package corrupt

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestNoiseApply(t *testing.T) {
	x := make([]float32, 20000)
	for i := range x {
		x[i] = 0.5
	}
	for _, n := range []Noise{{Kind: Gaussian, Level: 0.3}, {Kind: SaltPepper, Level: 0.2}, {Kind: Masking, Level: 0.3}} {
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
		{Noise{Kind: "blur", Level: 1}, `unknown noise "blur" (want one of gaussian, salt_pepper, masking, watermark, watermark_logo, lowres, grayscale)`},
		{Noise{Kind: Grayscale, Level: 0.5}, "grayscale: the level must be 0"},
		{Noise{Kind: Gaussian, Level: -1}, "σ must be"},
		{Noise{Kind: Masking, Level: 1.5}, "fraction must be in [0,1]"},
		{Noise{Kind: SaltPepper, Level: -0.1}, "fraction must be in [0,1]"},
		{Noise{Kind: Watermarked, Level: 0}, "largest opacity and must be in (0,1]"},
		{Noise{Kind: WatermarkedLogo, Level: 1.2}, "largest opacity and must be in (0,1]"},
		{Noise{Kind: Watermarked, Level: math.NaN()}, "largest opacity"},
		{Noise{Kind: WatermarkedLogo, Level: 0.5, Width: 6, Height: 6}, "the logo mark is 7×7 pixels and does not fit a 6×6 image"},
		{Noise{Kind: Watermarked, Level: 0.5, Width: 6, Height: 6}, "the text mark is 7×5 pixels and does not fit a 6×6 image"},
		{Noise{Kind: WatermarkedLogo, Level: 0.5, Width: 6, Height: 20}, "does not fit a 6×20 image; use images of at least 7×7"},
		{Noise{Kind: LowRes, Level: 1}, "whole number from 2 to 28, got 1"},
		{Noise{Kind: LowRes, Level: 2.5}, "whole number from 2 to 28, got 2.5"},
		{Noise{Kind: LowRes, Level: 56}, "whole number from 2 to 28"},
		{Noise{Kind: LowRes, Level: 3}, "factor 3 does not divide the 28×28 image"},
		{Noise{Kind: LowRes, Level: 2, Width: 30, Height: 15}, "does not divide the 30×15 image"},
		{Noise{Kind: LowRes, Level: 2, Width: 28}, "set both width and height ≥ 1, or neither for 28×28"},
		{Noise{Kind: Gaussian, Level: 0.1, Width: -28, Height: -28}, "image size -28×-28 is not valid"},
	} {
		if err := tc.n.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: Validate() = %v, want an error containing %q", tc.n, err, tc.want)
		}
		if _, err := tc.n.Apply(make([]float32, 784), 1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: Apply: %v, want an error containing %q", tc.n, err, tc.want)
		}
	}
	for _, n := range []Noise{
		{Kind: Watermarked, Level: 1},
		{Kind: WatermarkedLogo, Level: 0.01, Width: 7, Height: 7},
		{Kind: LowRes, Level: 28},
		{Kind: LowRes, Level: 4, Width: 32, Height: 16},
		{Kind: Gaussian, Level: 0.1, Width: 5, Height: 3},
	} {
		if err := n.Validate(); err != nil {
			t.Errorf("%+v: Validate() = %v, want nil", n, err)
		}
	}
}

// TestNoiseJSON: the new size fields are left out of the JSON when 0, so the config hash
// (and so the run folder) of a noise without them stays what it was.
func TestNoiseJSON(t *testing.T) {
	for _, tc := range []struct {
		n    Noise
		want string
	}{
		{Noise{Kind: Gaussian, Level: 0.5}, `{"kind":"gaussian","level":0.5}`},
		{Noise{Kind: Masking, Level: 0.3}, `{"kind":"masking","level":0.3}`},
		{Noise{Kind: LowRes, Level: 2}, `{"kind":"lowres","level":2}`},
		{Noise{Kind: Watermarked, Level: 0.6, Width: 32, Height: 16}, `{"kind":"watermark","level":0.6,"width":32,"height":16}`},
	} {
		b, err := json.Marshal(tc.n)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tc.want {
			t.Errorf("json.Marshal(%+v) = %s, want %s", tc.n, b, tc.want)
		}
		var back Noise
		if err := json.Unmarshal(b, &back); err != nil || back != tc.n {
			t.Errorf("json.Unmarshal(%s) = %+v, %v; want %+v", b, back, err, tc.n)
		}
	}
}

func TestNoiseString(t *testing.T) {
	for _, tc := range []struct {
		n    Noise
		want string
	}{
		{Noise{Kind: Gaussian, Level: 0.5}, "gaussian σ=0.5"},
		{Noise{Kind: Masking, Level: 0.3}, "masking 30%"},
		{Noise{Kind: SaltPepper, Level: 0.25}, "salt_pepper 25%"},
		{Noise{Kind: Watermarked, Level: 0.6}, "watermark ≤60%"},
		{Noise{Kind: WatermarkedLogo, Level: 0.6}, "watermark_logo ≤60%"},
		{Noise{Kind: LowRes, Level: 2}, "lowres ×2"},
		{Noise{Kind: LowRes, Level: 2, Width: 28, Height: 28}, "lowres ×2"},
		{Noise{Kind: LowRes, Level: 4, Width: 32, Height: 16}, "lowres ×4 on 32×16"},
	} {
		if got := tc.n.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.n, got, tc.want)
		}
	}
}

// TestNoiseImageKinds: the watermark kinds draw a fresh mark per seed and stamp the shape
// of their kind; lowres is the blocky half-resolution image whatever the seed; all three
// need whole images.
func TestNoiseImageKinds(t *testing.T) {
	x := make([]float32, 5*784)
	for i := range x {
		x[i] = float32(i%7) / 10
	}
	for _, tc := range []struct {
		kind  string
		inked int // lit pixels of the shape on a 28×28 image (cells × 2×2)
	}{{Watermarked, 20 * 4}, {WatermarkedLogo, 16 * 4}} {
		n := Noise{Kind: tc.kind, Level: 0.6}
		a, err := n.Apply(x, 1)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := n.Apply(x, 1)
		other, _ := n.Apply(x, 2)
		if !slices.Equal(a, again) || slices.Equal(a, other) {
			t.Errorf("%s: want the same marks for a seed and other marks for another", n)
		}
		direct, _ := Watermarks(x, 28, 28, Mark{Shape: n.markShape(), Opacity: 0.6}, 1)
		if !slices.Equal(a, direct) {
			t.Errorf("%s: Apply differs from Watermarks", n)
		}
		for img := range 5 {
			changed := 0
			for p := range 784 {
				if a[img*784+p] != x[img*784+p] {
					changed++
				}
			}
			if changed != tc.inked {
				t.Errorf("%s: image %d has %d changed pixels, want the %d of the mark", n, img, changed, tc.inked)
			}
		}
	}
	lr := Noise{Kind: LowRes, Level: 2}
	a, err := lr.Apply(x, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := lr.Apply(x, 99)
	if !slices.Equal(a, b) {
		t.Error("lowres: the seed changed the result; want it ignored")
	}
	for img := range 5 {
		for Y := range 14 {
			for X := range 14 {
				p := img*784 + 2*Y*28 + 2*X
				want := (x[p] + x[p+1] + x[p+28] + x[p+29]) / 4
				for _, q := range []int{p, p + 1, p + 28, p + 29} {
					if math.Abs(float64(a[q]-want)) > 1e-6 {
						t.Fatalf("lowres: pixel %d = %v, want its 2×2 block's mean %v", q, a[q], want)
					}
				}
			}
		}
	}
	for _, n := range []Noise{{Kind: Watermarked, Level: 0.5}, {Kind: WatermarkedLogo, Level: 0.5}, {Kind: LowRes, Level: 2}, {Kind: LowRes, Level: 2, Width: 14, Height: 14}} {
		if _, err := n.Apply(make([]float32, 784+10), 1); err == nil || !strings.Contains(err.Error(), "not a whole number of") {
			t.Errorf("%s on 794 values: %v, want a whole-images error", n, err)
		}
	}
	if _, err := (Noise{Kind: LowRes, Level: 2, Width: 14, Height: 14}).Apply(make([]float32, 784), 1); err != nil {
		t.Errorf("lowres on four 14×14 images: %v", err)
	}
	if x[0] != 0 || x[1] != 0.1 {
		t.Error("Apply changed its input")
	}
}
