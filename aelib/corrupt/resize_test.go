package corrupt

import (
	"math"
	"strings"
	"testing"
)

// TestResize checks the three resizers on small hand-computed batches (several images,
// w ≠ h, so a mix-up of images, rows or columns shows).
func TestResize(t *testing.T) {
	tests := []struct {
		name string
		f    func([]float32, int, int, int) ([]float32, error)
		x    []float32
		w, h int
		fac  int
		want []float32
	}{
		{
			// Two 4×2 images → 2×1: each output pixel the mean of a 2×2 block.
			name: "downsample 4×2 by 2", f: Downsample, w: 4, h: 2, fac: 2,
			x: []float32{
				0, 1, 2, 3,
				4, 5, 6, 7,

				8, 8, 0, 0,
				8, 8, 0, 4,
			},
			want: []float32{2.5, 4.5, 8, 1},
		},
		{
			name: "downsample by 1 copies", f: Downsample, w: 2, h: 1, fac: 1,
			x: []float32{0.25, 0.5}, want: []float32{0.25, 0.5},
		},
		{
			// A 3×3 image → 1×1: the mean of all nine.
			name: "downsample 3×3 by 3", f: Downsample, w: 3, h: 3, fac: 3,
			x: []float32{0, 1, 2, 3, 4, 5, 6, 7, 9}, want: []float32{37.0 / 9},
		},
		{
			// A 2×1 image → 6×3: every pixel a 3×3 block.
			name: "nearest 2×1 by 3", f: UpsampleNearest, w: 2, h: 1, fac: 3,
			x: []float32{1, 2},
			want: []float32{
				1, 1, 1, 2, 2, 2,
				1, 1, 1, 2, 2, 2,
				1, 1, 1, 2, 2, 2,
			},
		},
		{
			name: "nearest 1×2 by 2, two images", f: UpsampleNearest, w: 1, h: 2, fac: 2,
			x:    []float32{1, 2, 3, 4},
			want: []float32{1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4},
		},
		{
			// [[a b] [c d]] = [[0 1] [0.5 0]] → 4×4. With half-pixel centres the output
			// positions 0…3 sample the input at −¼ → 0 (clamped), ¼, ¾, 1¼ → 1 (clamped):
			// weights (1,0), (¾,¼), (¼,¾), (0,1) along each axis.
			// Row 0 (= input row 0): 0, ¼, ¾, 1. Row 3 (= input row 1): ½, ⅜, ⅛, 0.
			// Row 1 = ¾·row 0 + ¼·row 3: ⅛, 0.28125, 0.59375, ¾.
			// Row 2 = ¼·row 0 + ¾·row 3: ⅜, 0.34375, 0.28125, ¼.
			name: "bilinear 2×2 by 2", f: UpsampleBilinear, w: 2, h: 2, fac: 2,
			x: []float32{
				0, 1,
				0.5, 0,
			},
			want: []float32{
				0, 0.25, 0.75, 1,
				0.125, 0.28125, 0.59375, 0.75,
				0.375, 0.34375, 0.28125, 0.25,
				0.5, 0.375, 0.125, 0,
			},
		},
		{
			// A 3×1 image 0, 1, 0 → 6×2: columns sample at 0, ¼, ¾, 1¼, 1¾, 2; the single
			// row is repeated (both output rows clamp to it).
			name: "bilinear 3×1 by 2", f: UpsampleBilinear, w: 3, h: 1, fac: 2,
			x: []float32{0, 1, 0},
			want: []float32{
				0, 0.25, 0.75, 0.75, 0.25, 0,
				0, 0.25, 0.75, 0.75, 0.25, 0,
			},
		},
		{
			// Factor 3 on a 2×1 ramp 0, 1: samples at −⅓ → 0, 0, ⅓, ⅔, 1, 1⅓ → 1.
			name: "bilinear 2×1 by 3", f: UpsampleBilinear, w: 2, h: 1, fac: 3,
			x: []float32{0, 1},
			want: []float32{
				0, 0, 1.0 / 3, 2.0 / 3, 1, 1,
				0, 0, 1.0 / 3, 2.0 / 3, 1, 1,
				0, 0, 1.0 / 3, 2.0 / 3, 1, 1,
			},
		},
		{
			name: "bilinear by 1 copies", f: UpsampleBilinear, w: 2, h: 2, fac: 1,
			x: []float32{0.1, 0.2, 0.3, 0.4}, want: []float32{0.1, 0.2, 0.3, 0.4},
		},
	}
	for _, tt := range tests {
		in := append([]float32(nil), tt.x...)
		got, err := tt.f(tt.x, tt.w, tt.h, tt.fac)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !close32(got, tt.want, 1e-6) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
		if !close32(tt.x, in, 0) {
			t.Errorf("%s: the input changed", tt.name)
		}
	}
}

// TestResizeRoundTrip: nearest up then block-average down gives the image back exactly,
// and bilinear keeps a constant image constant and values in [0,1].
func TestResizeRoundTrip(t *testing.T) {
	x, _ := UniformNoise(3, 14, 14, 5)
	up, err := UpsampleNearest(x, 14, 14, 2)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Downsample(up, 28, 28, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !close32(back, x, 1e-7) {
		t.Error("Downsample(UpsampleNearest(x)) is not x")
	}
	bi, err := UpsampleBilinear(x, 14, 14, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(bi) != 3*28*28 {
		t.Fatalf("bilinear gave %d values, want %d", len(bi), 3*28*28)
	}
	for _, v := range bi {
		if v < 0 || v > 1 {
			t.Fatalf("bilinear pixel %v outside [0,1]", v)
		}
	}
	flat := []float32{0.7, 0.7, 0.7, 0.7, 0.7, 0.7}
	for _, f := range []int{2, 3, 4} {
		got, _ := UpsampleBilinear(flat, 3, 2, f)
		for _, v := range got {
			if math.Abs(float64(v-0.7)) > 1e-6 {
				t.Fatalf("bilinear ×%d of a constant 0.7 image gave %v", f, v)
			}
		}
	}
}

func TestResizeErrors(t *testing.T) {
	x := make([]float32, 784)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"factor 0", second(Downsample(x, 28, 28, 0)), "factor must be an integer ≥ 1, got 0"},
		{"factor not dividing", second(Downsample(x, 28, 28, 3)), "factor 3 does not divide the 28×28 image"},
		{"factor not dividing the height", second(Downsample(make([]float32, 12), 4, 3, 2)), "does not divide the 4×3 image"},
		{"ragged downsample", second(Downsample(x[:700], 28, 28, 2)), "700 values are not a whole number of 28×28 images (784 values each)"},
		{"no images", second(Downsample(nil, 28, 28, 2)), "no images"},
		{"zero width", second(Downsample(x, 0, 28, 2)), "at least 1×1, got 0×28"},
		{"nearest factor -1", second(UpsampleNearest(x, 28, 28, -1)), "factor must be an integer ≥ 1"},
		{"nearest ragged", second(UpsampleNearest(x[:10], 14, 14, 2)), "whole number of 14×14 images"},
		{"bilinear factor 0", second(UpsampleBilinear(x, 28, 28, 0)), "factor must be an integer ≥ 1"},
		{"bilinear too large", second(UpsampleBilinear(x, 28, 28, 1<<20)), "too large"},
		{"bilinear ragged", second(UpsampleBilinear(x, 27, 27, 2)), "whole number of 27×27 images"},
	}
	for _, tt := range tests {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one containing %q", tt.name, tt.err, tt.want)
		}
	}
}

// close32 reports whether a and b have the same length and differ by at most tol
// everywhere.
func close32(a, b []float32, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(float64(a[i]-b[i])) > tol {
			return false
		}
	}
	return true
}
