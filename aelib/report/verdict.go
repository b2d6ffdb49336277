package report

import (
	"fmt"
	"math"
)

// Claim is one claim of the tutorial put to a measurement: the autoencoder's number
// (Ours) against the alternative's (Baseline) on one metric.
type Claim struct {
	// Claim is the tutorial's statement, e.g. "non-linear codes beat PCA at small sizes".
	Claim string
	// Test says what was compared, e.g. "784-128-2-128-784 vs PCA-2, test MSE".
	Test string
	// Ours and Baseline are the two measurements.
	Ours, Baseline float64
	// HigherIsBetter is set for accuracies and AUCs; errors are lower-is-better.
	HigherIsBetter bool
	// LikeForLike is false when the comparison is not at equal parameters / code size;
	// such a claim can at most be weakly supported.
	LikeForLike bool
}

// Verdicts, from the relative gain g of Ours over Baseline (positive: ours better):
//
//	supported       g ≥ SupportedGain, like for like
//	weakly          0 < g, or g ≥ SupportedGain when not like for like
//	not supported   g ≤ 0
const (
	Supported    = "supported"
	Weakly       = "weakly supported"
	NotSupported = "not supported"
)

// SupportedGain is the relative gain that counts as support: 5 %.
const SupportedGain = 0.05

// Gain is the relative gain of c.Ours over c.Baseline: (Baseline − Ours)/Baseline for
// errors, (Ours − Baseline)/Baseline for scores; NaN when Baseline is 0.
func (c Claim) Gain() float64 {
	if c.Baseline == 0 {
		return math.NaN()
	}
	g := (c.Baseline - c.Ours) / math.Abs(c.Baseline)
	if c.HigherIsBetter {
		g = -g
	}
	return g
}

// Verdict applies the rule above; a claim whose gain cannot be computed is not supported.
func (c Claim) Verdict() string {
	g := c.Gain()
	switch {
	case !(g > 0):
		return NotSupported
	case g >= SupportedGain && c.LikeForLike:
		return Supported
	}
	return Weakly
}

// VerdictTable lays out claims: the claim, the test, both numbers, the relative gain and
// the verdict.
func VerdictTable(claims []Claim) Table {
	t := Table{Headers: []string{"tutorial's claim", "measured", "autoencoder", "baseline", "gain", "verdict"}}
	for _, c := range claims {
		test := c.Test
		if !c.LikeForLike {
			test += " (not like for like)"
		}
		t.Rows = append(t.Rows, []string{c.Claim, test, fmt.Sprintf("%.4g", c.Ours), fmt.Sprintf("%.4g", c.Baseline),
			fmt.Sprintf("%+.1f %%", 100*c.Gain()), c.Verdict()})
	}
	return t
}
