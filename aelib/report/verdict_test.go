package report

import (
	"math"
	"testing"
)

func TestVerdict(t *testing.T) {
	tests := []struct {
		name string
		c    Claim
		gain float64
		want string
	}{
		{"error well below", Claim{Ours: 0.9, Baseline: 1, LikeForLike: true}, 0.1, Supported},
		{"error a little below", Claim{Ours: 0.98, Baseline: 1, LikeForLike: true}, 0.02, Weakly},
		{"error above", Claim{Ours: 1.1, Baseline: 1, LikeForLike: true}, -0.1, NotSupported},
		{"equal", Claim{Ours: 1, Baseline: 1, LikeForLike: true}, 0, NotSupported},
		{"not like for like caps at weakly", Claim{Ours: 0.5, Baseline: 1}, 0.5, Weakly},
		{"accuracy above", Claim{Ours: 0.8, Baseline: 0.7, HigherIsBetter: true, LikeForLike: true}, 0.8/0.7 - 1, Supported},
		{"accuracy below", Claim{Ours: 0.731, Baseline: 0.754, HigherIsBetter: true, LikeForLike: true}, 0.731/0.754 - 1, NotSupported},
		{"no baseline", Claim{Ours: 1, Baseline: 0, LikeForLike: true}, math.NaN(), NotSupported},
	}
	for _, tt := range tests {
		g := tt.c.Gain()
		if !(math.Abs(g-tt.gain) < 1e-12 || math.IsNaN(g) && math.IsNaN(tt.gain)) || tt.c.Verdict() != tt.want {
			t.Errorf("%s: gain %v verdict %q, want %v %q", tt.name, g, tt.c.Verdict(), tt.gain, tt.want)
		}
	}
	tb := VerdictTable([]Claim{{Claim: "c", Test: "t", Ours: 0.9, Baseline: 1}})
	if r := tb.Rows[0]; r[1] != "t (not like for like)" || r[4] != "+10.0 %" || r[5] != Weakly {
		t.Errorf("row %v", r)
	}
}
