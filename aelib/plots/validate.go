package plots

import (
	"fmt"
	"math"
)

// checkFinite64 returns an error naming the first NaN or infinite value.
func checkFinite64(what string, values []float64) error {
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s[%d] = %v is not finite", what, i, v)
		}
	}
	return nil
}

// checkFinite32 returns an error naming the first NaN or infinite value.
func checkFinite32(what string, values []float32) error {
	for i, v := range values {
		f := float64(v)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("%s[%d] = %v is not finite", what, i, v)
		}
	}
	return nil
}

// checkPositive returns an error naming the first value that is not > 0,
// as needed on a log-scale axis.
func checkPositive(what string, values []float64) error {
	for i, v := range values {
		if !(v > 0) {
			return fmt.Errorf("%s[%d] = %v must be positive on a log scale", what, i, v)
		}
	}
	return nil
}

// minMax returns the smallest and largest of values, which must not be
// empty.
func minMax(values []float64) (lo, hi float64) {
	lo, hi = values[0], values[0]
	for _, v := range values[1:] {
		lo = math.Min(lo, v)
		hi = math.Max(hi, v)
	}
	return lo, hi
}
