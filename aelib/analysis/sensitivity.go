package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Sensitivity measures how much an encoder's code (enc, a Method's Encode) moves under small random input
// perturbations: the mean over the n images of x (rows of d values) of
//
//	‖f(x + ε) − f(x)‖ / ‖ε‖,   ε ~ N(0, σ² I) drawn from seed,
//
// a finite-difference estimate of the Jacobian's gain in random directions, ‖J·u‖ for unit
// u (whose square averages to ‖J‖²_F / d). A contractive autoencoder is trained to make it
// small.
func Sensitivity(enc func(x []float32) ([]float32, error), x []float32, d int, sigma float64, seed uint64) (float64, error) {
	if d < 1 || len(x) == 0 || len(x)%d != 0 {
		return 0, fmt.Errorf("sensitivity: %d values are not rows of %d", len(x), d)
	}
	if !(sigma > 0) || math.IsInf(sigma, 0) {
		return 0, fmt.Errorf("sensitivity: σ must be a finite number > 0, got %v", sigma)
	}
	r := rand.New(rand.NewPCG(seed, 0x5851f42d4c957f2d))
	eps := make([]float32, len(x))
	moved := make([]float32, len(x))
	for i := range x {
		eps[i] = float32(r.NormFloat64() * sigma)
		moved[i] = x[i] + eps[i]
	}
	a, err := enc(x)
	if err != nil {
		return 0, fmt.Errorf("sensitivity: %w", err)
	}
	b, err := enc(moved)
	if err != nil {
		return 0, fmt.Errorf("sensitivity: %w", err)
	}
	n := len(x) / d
	if len(a) != len(b) || len(a)%n != 0 {
		return 0, fmt.Errorf("sensitivity: the encoder gave %d and %d values for %d images", len(a), len(b), n)
	}
	k := len(a) / n
	sum := 0.0
	for i := range n {
		sum += norm(diff(b[i*k:(i+1)*k], a[i*k:(i+1)*k])) / norm(eps[i*d:(i+1)*d])
	}
	return sum / float64(n), nil
}

func diff(a, b []float32) []float32 {
	out := make([]float32, len(a))
	for i := range a {
		out[i] = a[i] - b[i]
	}
	return out
}

func norm(v []float32) float64 {
	s := 0.0
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}
