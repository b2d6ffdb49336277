package corrupt

import (
	"fmt"
	"math/rand/v2"
)

// Noise kinds: the corruptions a denoising autoencoder is trained on.
const (
	// Gaussian adds N(0, Level²) per pixel and clips to [0,1].
	Gaussian = "gaussian"
	// SaltPepper sets a fraction Level of the pixels to 0 or 1 with equal odds.
	SaltPepper = "salt_pepper"
	// Masking sets a fraction Level of the pixels to 0 (masking noise).
	Masking = "masking"
)

// Noise is one kind of random corruption and its level: σ for Gaussian, the fraction of
// pixels for SaltPepper and Masking. It is the one description of noise that training
// (model.Config.Denoise) and experiments share.
type Noise struct {
	Kind  string  `json:"kind"`
	Level float64 `json:"level"`
}

// String is e.g. "gaussian σ=0.5" or "masking 30%".
func (n Noise) String() string {
	if n.Kind == Gaussian {
		return fmt.Sprintf("%s σ=%g", n.Kind, n.Level)
	}
	return fmt.Sprintf("%s %g%%", n.Kind, 100*n.Level)
}

// Validate reports an unknown kind or a level out of range.
func (n Noise) Validate() error {
	switch n.Kind {
	case Gaussian:
		if !(n.Level >= 0) || n.Level > 1e6 {
			return fmt.Errorf("gaussian noise: σ must be a finite number ≥ 0, got %v", n.Level)
		}
	case SaltPepper, Masking:
		if !(n.Level >= 0 && n.Level <= 1) {
			return fmt.Errorf("%s noise: the fraction must be in [0,1], got %v", n.Kind, n.Level)
		}
	default:
		return fmt.Errorf("unknown noise %q (want %q, %q or %q)", n.Kind, Gaussian, SaltPepper, Masking)
	}
	return nil
}

// Apply returns a corrupted copy of x, drawn from seed.
func (n Noise) Apply(x []float32, seed uint64) ([]float32, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	switch n.Kind {
	case Gaussian:
		return GaussianNoise(x, n.Level, seed)
	case SaltPepper:
		return SaltAndPepper(x, n.Level, seed)
	default:
		return Mask(x, n.Level, seed)
	}
}

// Mask sets a fraction of the pixels, chosen at random, to 0.
func Mask(x []float32, fraction float64, seed uint64) ([]float32, error) {
	if !(fraction >= 0 && fraction <= 1) {
		return nil, fmt.Errorf("masking: fraction must be in [0,1], got %v", fraction)
	}
	r := rand.New(rand.NewPCG(seed, 0x632be59bd9b4e019))
	out := append([]float32(nil), x...)
	for i := range out {
		if r.Float64() < fraction {
			out[i] = 0
		}
	}
	return out, nil
}
