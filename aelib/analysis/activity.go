package analysis

import (
	"fmt"
	"math"
	"sort"
)

// Activity summarises how active a code is over a set of inputs: the numbers behind a
// sparse autoencoder.
type Activity struct {
	// Mean is the mean code value over every unit and input (the Keras blog's
	// "mean code" comparison).
	Mean float64
	// NearZero is the share of code values with |h| < 0.01 (0.01 of a typical unit's
	// scale after ReLU on [0,1] pixels).
	NearZero float64
	// UnitMeans are the units' mean values, largest first.
	UnitMeans []float64
}

// CodeActivity computes Activity over the rows of codes (n×k).
func CodeActivity(codes []float32, k int) (Activity, error) {
	stats, err := CodeUnitStats(codes, k)
	if err != nil {
		return Activity{}, fmt.Errorf("code activity: %w", err)
	}
	a := Activity{UnitMeans: append([]float64(nil), stats.Mean...)}
	near := 0
	for _, v := range codes {
		a.Mean += float64(v)
		if math.Abs(float64(v)) < 0.01 {
			near++
		}
	}
	a.Mean /= float64(len(codes))
	a.NearZero = float64(near) / float64(len(codes))
	sort.Sort(sort.Reverse(sort.Float64Slice(a.UnitMeans)))
	return a, nil
}
