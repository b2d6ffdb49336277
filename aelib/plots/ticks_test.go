package plots

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
)

func TestLinearTicker(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   string
	}{
		{1, 30, "5 10 15 20 25 30"},
		{0.02, 0.22, "0.05 0.10 0.15 0.20"},
		{-1.9, 1.9, "-1 0 1"},
		{0, 1, "0 0.2 0.4 0.6 0.8 1.0"},
		{0, 100, "0 20 40 60 80 100"},
		{0.5, 4.5, "1 2 3 4"},
		{0.5, 2.5, "0.5 1.0 1.5 2.0 2.5"},
		{1e7, 5e7, "1e+07 2e+07 3e+07 4e+07 5e+07"},
	}
	for _, tc := range tests {
		ticks := linearTicker{}.Ticks(tc.lo, tc.hi)
		var got []string
		for _, tk := range ticks {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
			if tk.Value < tc.lo-1e-12 || tk.Value > tc.hi+1e-12 {
				t.Errorf("Ticks(%v, %v): tick %v out of range", tc.lo, tc.hi, tk.Value)
			}
		}
		if s := strings.Join(got, " "); s != tc.want {
			t.Errorf("Ticks(%v, %v) labels = %q, want %q", tc.lo, tc.hi, s, tc.want)
		}
	}
}

func TestLogTicker(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   string
	}{
		{1e-4, 1, "0.0001 0.001 0.01 0.1 1"},
		{0.02, 0.22, "0.02 0.05 0.1 0.2"},
		{0.011, 0.05, "0.02 0.03 0.04 0.05"},
		{2, 64, "2 5 10 20 50"},
		{1e-7, 1e-5, "1e-07 1e-06 1e-05"},
	}
	for _, tc := range tests {
		var got []string
		for _, tk := range (logTicker{}).Ticks(tc.lo, tc.hi) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if s := strings.Join(got, " "); s != tc.want {
			t.Errorf("Ticks(%v, %v) labels = %q, want %q", tc.lo, tc.hi, s, tc.want)
		}
	}
	// Degenerate or invalid ranges fall back to linear ticks, never panic.
	for _, r := range [][2]float64{{0.1230, 0.1232}, {0, 1}, {-1, 1}, {3, 3}, {5, 1}} {
		_ = logTicker{}.Ticks(r[0], r[1])
		_ = linearTicker{}.Ticks(r[0], r[1])
	}
}

func TestColor(t *testing.T) {
	tests := []struct {
		i    int
		same int
	}{
		{0, 10}, {3, 13}, {-1, 9}, {-10, 0},
	}
	for _, tc := range tests {
		if Color(tc.i) != Color(tc.same) {
			t.Errorf("Color(%d) = %v, want Color(%d) = %v", tc.i, Color(tc.i), tc.same, Color(tc.same))
		}
	}
	if Color(0) == Color(1) {
		t.Errorf("adjacent colours are equal")
	}
}

func TestSnapLogRange(t *testing.T) {
	tests := []struct {
		min, max         float64
		wantMin, wantMax float64
	}{
		{0.0203, 0.22, 0.02, 0.22},
		{0.011, 0.048, 0.01, 0.05},
		{3, 7, 3, 10},
		{2.5, 4, 2, 5},
		{0.9, 90, 0.9, 100},
		{1, 1, 1, 1}, // degenerate: untouched
		{0, 1, 0, 1}, // invalid on a log axis: untouched
	}
	for _, tc := range tests {
		a := plot.Axis{Min: tc.min, Max: tc.max}
		snapLogRange(&a)
		if math.Abs(a.Min-tc.wantMin) > 1e-12 || math.Abs(a.Max-tc.wantMax) > 1e-12 {
			t.Errorf("snapLogRange(%v, %v) = %v, %v, want %v, %v", tc.min, tc.max, a.Min, a.Max, tc.wantMin, tc.wantMax)
		}
	}
}
