package corrupt

import (
	"math"
	"strings"
	"testing"
)

func TestInvert(t *testing.T) {
	x := []float32{0, 0.25, 1}
	got := Invert(x)
	want := []float32{1, 0.75, 0}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Invert(%v) = %v, want %v", x, got, want)
		}
	}
	if x[0] != 0 {
		t.Error("Invert changed its input")
	}
}

func TestNoiseAndStrokes(t *testing.T) {
	x := make([]float32, 2*28*28)
	for i := range x {
		x[i] = 0.5
	}
	g1, err := GaussianNoise(x, 0.2, 7)
	if err != nil {
		t.Fatal(err)
	}
	g2, _ := GaussianNoise(x, 0.2, 7)
	changed := 0
	for i := range g1 {
		if g1[i] != g2[i] {
			t.Fatal("same seed gave different noise")
		}
		if g1[i] < 0 || g1[i] > 1 {
			t.Fatalf("noisy pixel %v outside [0,1]", g1[i])
		}
		if g1[i] != 0.5 {
			changed++
		}
	}
	if changed < len(x)*9/10 {
		t.Errorf("only %d of %d pixels changed", changed, len(x))
	}
	sp, _ := SaltAndPepper(x, 0.1, 1)
	flipped := 0
	for _, v := range sp {
		if v == 0 || v == 1 {
			flipped++
		}
	}
	if flipped < len(x)/20 || flipped > len(x)/5 {
		t.Errorf("salt and pepper flipped %d of %d pixels, want about 10%%", flipped, len(x))
	}
	s, err := RandomStrokes(3, 28, 28, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		lit := 0
		for _, v := range s[i*784 : (i+1)*784] {
			if v > 0 {
				lit++
			}
		}
		if lit < 20 || lit > 500 {
			t.Errorf("stroke image %d has %d lit pixels", i, lit)
		}
	}
	u, _ := UniformNoise(1, 28, 28, 3)
	if len(u) != 784 {
		t.Errorf("UniformNoise gave %d values", len(u))
	}
}

// TestWatermark: the mark brightens some pixels of every image by the same pattern
// (clipped to [0,1]), leaves the others alone, and is the same on every image.
func TestWatermark(t *testing.T) {
	x := make([]float32, 3*784)
	for i := range x {
		x[i] = float32(i%5) / 10 // 0 … 0.4, below 1 − 0.4: nothing clips
	}
	wm, err := Watermark(x, 28, 28, 0.4)
	if err != nil {
		t.Fatal(err)
	}
	marked := 0
	for p := 0; p < 784; p++ {
		d0 := wm[p] - x[p]
		if d0 < 0 || d0 > 0.4+1e-6 {
			t.Fatalf("pixel %d changed by %v, want a brightening of at most 0.4", p, d0)
		}
		if d0 > 0 {
			marked++
		}
		for img := 1; img < 3; img++ {
			if d := wm[img*784+p] - x[img*784+p]; math.Abs(float64(d-d0)) > 1e-6 {
				t.Fatalf("pixel %d: image %d changed by %v, image 0 by %v; want the same mark on every image", p, img, d, d0)
			}
		}
	}
	if marked < 28 || marked > 400 {
		t.Errorf("the mark covers %d of 784 pixels; want a visible band, not nothing and not everything", marked)
	}
	bright, _ := Watermark([]float32{1, 1, 1, 1}, 2, 2, 0.9)
	for _, v := range bright {
		if v > 1 {
			t.Errorf("watermark of white pixels gave %v; want clipped to 1", v)
		}
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"negative sigma", second(GaussianNoise(nil, -1, 0)), "sigma"},
		{"fraction above 1", second(SaltAndPepper(nil, 2, 0)), "fraction"},
		{"zero strokes", second(RandomStrokes(1, 28, 28, 0, 0)), "strokes"},
		{"zero images", second(UniformNoise(0, 28, 28, 0)), "need n"},
		{"ragged watermark", second(Watermark(make([]float32, 10), 28, 28, 0.5)), "whole"},
	}
	for _, tt := range tests {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one containing %q", tt.name, tt.err, tt.want)
		}
	}
}

func second(_ []float32, err error) error { return err }
