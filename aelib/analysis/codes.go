package analysis

import (
	"fmt"
	"math"
	"sort"
)

// Interpolate returns steps points evenly spaced on the segment from a to b, both ends
// included, as a steps×len(a) row-major batch: row i is a + t·(b − a) with t = i/(steps−1).
// Applied to two codes and decoded, it shows what the decoder draws between two digits;
// applied to two images, it is a plain cross-fade.
func Interpolate(a, b []float32, steps int) ([]float32, error) {
	if len(a) != len(b) || len(a) == 0 {
		return nil, fmt.Errorf("interpolate: end points have %d and %d values", len(a), len(b))
	}
	if steps < 2 {
		return nil, fmt.Errorf("interpolate: need at least 2 steps, got %d", steps)
	}
	out := make([]float32, 0, steps*len(a))
	for i := 0; i < steps; i++ {
		t := float32(i) / float32(steps-1)
		for j := range a {
			out = append(out, a[j]+t*(b[j]-a[j]))
		}
	}
	return out, nil
}

// MeanByLabel averages the rows of x (n×k) per label 0..numLabels−1 and returns a
// numLabels×k batch (a label with no rows gets zeros) and the count of rows per label.
// On codes, row c is the "average code" of digit c.
func MeanByLabel(x []float32, k int, labels []uint8, numLabels int) ([]float32, []int, error) {
	if k < 1 || len(x) != len(labels)*k {
		return nil, nil, fmt.Errorf("mean by label: %d values are not %d rows of %d", len(x), len(labels), k)
	}
	sums := make([]float64, numLabels*k)
	counts := make([]int, numLabels)
	for i, l := range labels {
		if int(l) >= numLabels {
			return nil, nil, fmt.Errorf("mean by label: label %d at row %d is ≥ %d", l, i, numLabels)
		}
		counts[l]++
		for j := 0; j < k; j++ {
			sums[int(l)*k+j] += float64(x[i*k+j])
		}
	}
	out := make([]float32, numLabels*k)
	for c := 0; c < numLabels; c++ {
		if counts[c] == 0 {
			continue
		}
		for j := 0; j < k; j++ {
			out[c*k+j] = float32(sums[c*k+j] / float64(counts[c]))
		}
	}
	return out, counts, nil
}

// UnitStats summarises each code unit (column) of codes (n×k): how often it is active
// (> 0) and its mean and maximum values. Units active for no input are "dead".
type UnitStats struct {
	ActiveFraction []float64
	Mean, Max      []float64
	// Dead counts the units never active.
	Dead int
}

// CodeUnitStats computes UnitStats over the rows of codes.
func CodeUnitStats(codes []float32, k int) (UnitStats, error) {
	if k < 1 || len(codes) == 0 || len(codes)%k != 0 {
		return UnitStats{}, fmt.Errorf("code unit stats: %d values are not rows of %d", len(codes), k)
	}
	n := len(codes) / k
	s := UnitStats{ActiveFraction: make([]float64, k), Mean: make([]float64, k), Max: make([]float64, k)}
	for j := range s.Max {
		s.Max[j] = math.Inf(-1)
	}
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			v := float64(codes[i*k+j])
			if v > 0 {
				s.ActiveFraction[j]++
			}
			s.Mean[j] += v
			s.Max[j] = math.Max(s.Max[j], v)
		}
	}
	for j := 0; j < k; j++ {
		s.ActiveFraction[j] /= float64(n)
		s.Mean[j] /= float64(n)
		if s.ActiveFraction[j] == 0 {
			s.Dead++
		}
	}
	return s, nil
}

// FirstOfEachLabel returns, for labels 0..numLabels−1, the index of the first row with that
// label (−1 when there is none): a quick way to pick one example digit per class.
func FirstOfEachLabel(labels []uint8, numLabels int) []int {
	idx := make([]int, numLabels)
	for i := range idx {
		idx[i] = -1
	}
	for i, l := range labels {
		if int(l) < numLabels && idx[l] < 0 {
			idx[l] = i
		}
	}
	return idx
}

// TopUnits returns the indices of the n largest values of code, largest first.
func TopUnits(code []float32, n int) []int {
	idx := make([]int, len(code))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return code[idx[a]] > code[idx[b]] })
	return idx[:min(n, len(idx))]
}
