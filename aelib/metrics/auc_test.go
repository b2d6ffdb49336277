package metrics

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestAUCHandComputed(t *testing.T) {
	tests := []struct {
		name     string
		neg, pos []float64
		want     float64
	}{
		{"perfect", []float64{1, 2, 3}, []float64{4, 5}, 1},
		{"reversed", []float64{4, 5}, []float64{1, 2, 3}, 0},
		{"all tied", []float64{1, 1}, []float64{1, 1, 1}, 0.5},
		// pairs (p,q): 2>1 ✓, 2>3 ✗, 4>1 ✓, 4>3 ✓ → 3 of 4.
		{"three of four", []float64{1, 3}, []float64{2, 4}, 0.75},
		// pairs: 2 vs {1,2,3}: 1 + ½ + 0; 3 vs {1,2,3}: 1 + 1 + ½ → 4 of 6.
		{"ties count one half", []float64{1, 2, 3}, []float64{2, 3}, 4.0 / 6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AUC(tc.neg, tc.pos)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("AUC = %v, want %v", got, tc.want)
			}
		})
	}
}

// bruteAUC counts every (positive, negative) pair.
func bruteAUC(neg, pos []float64) float64 {
	var s float64
	for _, p := range pos {
		for _, q := range neg {
			switch {
			case p > q:
				s++
			case p == q:
				s += 0.5
			}
		}
	}
	return s / float64(len(pos)*len(neg))
}

func TestAUCMatchesPairCounting(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 20 {
		neg := make([]float64, 1+r.IntN(50))
		pos := make([]float64, 1+r.IntN(50))
		for i := range neg {
			neg[i] = float64(r.IntN(10)) // many ties
		}
		for i := range pos {
			pos[i] = float64(r.IntN(12))
		}
		got, err := AUC(neg, pos)
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteAUC(neg, pos); math.Abs(got-want) > 1e-12 {
			t.Errorf("trial %d: AUC = %v, pair counting %v", trial, got, want)
		}
		// The trapezoid area under ROC's points is the same number.
		fpr, tpr, err := ROC(neg, pos)
		if err != nil {
			t.Fatal(err)
		}
		var area float64
		for i := 1; i < len(fpr); i++ {
			area += (fpr[i] - fpr[i-1]) * (tpr[i] + tpr[i-1]) / 2
		}
		if math.Abs(area-got) > 1e-12 {
			t.Errorf("trial %d: ROC area %v, AUC %v", trial, area, got)
		}
		if fpr[len(fpr)-1] != 1 || tpr[len(tpr)-1] != 1 {
			t.Errorf("trial %d: ROC ends at (%v,%v), want (1,1)", trial, fpr[len(fpr)-1], tpr[len(tpr)-1])
		}
	}
}

func TestAUCErrors(t *testing.T) {
	tests := []struct {
		name     string
		neg, pos []float64
	}{
		{"no negatives", nil, []float64{1}},
		{"no positives", []float64{1}, nil},
		{"NaN", []float64{math.NaN()}, []float64{1}},
		{"Inf", []float64{1}, []float64{math.Inf(1)}},
	}
	for _, tc := range tests {
		if _, err := AUC(tc.neg, tc.pos); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	if _, _, err := ROC(nil, []float64{1}); err == nil {
		t.Error("ROC without negatives: no error")
	}
}
