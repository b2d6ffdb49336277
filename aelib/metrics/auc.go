package metrics

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// AUC returns the area under the ROC curve of a score that should be higher for the
// positives (anomalies) than for the negatives (normal examples): the probability that a
// randomly drawn positive scores above a randomly drawn negative, ties counting one half,
//
//	AUC = (1/(n₊·n₋)) Σ_{p ∈ positives} Σ_{q ∈ negatives} [s_p > s_q] + ½·[s_p = s_q],
//
// which is the Mann–Whitney U statistic divided by n₊·n₋. It is computed from the ranks of
// the pooled scores (ties given their average rank) in O(n log n). 1 separates perfectly,
// 0.5 is chance, 0 is perfectly reversed.
func AUC(negatives, positives []float64) (float64, error) {
	if len(negatives) == 0 || len(positives) == 0 {
		return 0, fmt.Errorf("metrics: AUC: need at least one negative and one positive score, got %d and %d",
			len(negatives), len(positives))
	}
	type scored struct {
		v        float64
		positive bool
	}
	all := make([]scored, 0, len(negatives)+len(positives))
	for i, v := range negatives {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("metrics: AUC: negative score %d is %v", i, v)
		}
		all = append(all, scored{v, false})
	}
	for i, v := range positives {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("metrics: AUC: positive score %d is %v", i, v)
		}
		all = append(all, scored{v, true})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v < all[j].v })
	// Sum of the positives' ranks (1-based), tied values sharing their average rank.
	var rankSum float64
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].v == all[i].v {
			j++
		}
		avg := float64(i+1+j) / 2 // mean of ranks i+1 … j
		for _, s := range all[i:j] {
			if s.positive {
				rankSum += avg
			}
		}
		i = j
	}
	np, nn := float64(len(positives)), float64(len(negatives))
	u := rankSum - np*(np+1)/2
	return u / (np * nn), nil
}

// errNoScores is returned by ROC for empty inputs.
var errNoScores = errors.New("need at least one negative and one positive score")

// ROC returns the points of the ROC curve of the same scores as AUC: for every threshold
// between distinct scores, the false-positive rate (share of negatives scoring at or above
// it) and the true-positive rate (share of positives likewise), from (0,0) to (1,1).
func ROC(negatives, positives []float64) (fpr, tpr []float64, err error) {
	if len(negatives) == 0 || len(positives) == 0 {
		return nil, nil, fmt.Errorf("metrics: ROC: %w, got %d and %d", errNoScores, len(negatives), len(positives))
	}
	thresholds := append(append([]float64(nil), negatives...), positives...)
	sort.Sort(sort.Reverse(sort.Float64Slice(thresholds)))
	neg := append([]float64(nil), negatives...)
	pos := append([]float64(nil), positives...)
	sort.Float64s(neg)
	sort.Float64s(pos)
	atOrAbove := func(sorted []float64, t float64) float64 {
		return float64(len(sorted) - sort.SearchFloat64s(sorted, t))
	}
	fpr, tpr = []float64{0}, []float64{0}
	for i, t := range thresholds {
		if i > 0 && t == thresholds[i-1] {
			continue
		}
		fpr = append(fpr, atOrAbove(neg, t)/float64(len(neg)))
		tpr = append(tpr, atOrAbove(pos, t)/float64(len(pos)))
	}
	return fpr, tpr, nil
}
