package corrupt

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Noise kinds: the corruptions a denoising autoencoder is trained on. Gaussian,
// SaltPepper and Masking work pixel by pixel on any data; the image kinds Watermarked,
// WatermarkedLogo and LowRes work on whole images of Noise.Size().
const (
	// Gaussian adds N(0, Level²) per pixel and clips to [0,1].
	Gaussian = "gaussian"
	// SaltPepper sets a fraction Level of the pixels to 0 or 1 with equal odds.
	SaltPepper = "salt_pepper"
	// Masking sets a fraction Level of the pixels to 0 (masking noise).
	Masking = "masking"
	// Watermarked stamps the MarkText watermark ("AE") on every image at a random place
	// with a random opacity in [Level/2, Level), Level the largest opacity in (0,1]: see
	// Watermarks.
	Watermarked = "watermark"
	// WatermarkedLogo is Watermarked with the MarkLogo shape (a ring): the watermark a
	// model trained on Watermarked never saw.
	WatermarkedLogo = "watermark_logo"
	// LowRes lowers the resolution by the integer factor f = Level ≥ 2: each image is
	// block-averaged down to (w/f)×(h/f) (Downsample), then every pixel repeated as an
	// f×f block back to w×h (UpsampleNearest). It is deterministic: the seed is ignored.
	LowRes = "lowres"
	// Grayscale turns interleaved RGB images into gray ones, keeping three channels: every
	// pixel's three values become its luma 0.299R + 0.587G + 0.114B (Gray). It is what a
	// colouring model is trained on (gray in, colour out); Level must be 0 and the seed is
	// ignored.
	Grayscale = "grayscale"
)

// NoiseKinds lists the noise kinds, pixel kinds first.
func NoiseKinds() []string {
	return []string{Gaussian, SaltPepper, Masking, Watermarked, WatermarkedLogo, LowRes, Grayscale}
}

// Default image size of the image kinds when Noise.Width and Noise.Height are 0: MNIST's.
const (
	DefaultWidth  = 28
	DefaultHeight = 28
)

// Noise is one kind of random corruption and its level: σ for Gaussian, the fraction of
// pixels for SaltPepper and Masking, the largest opacity for Watermarked and
// WatermarkedLogo, the integer factor for LowRes. It is the one description of noise that
// training (model.Config.Denoise) and experiments share.
//
// The image kinds also need the size of the images, Width × Height; both 0 (the zero
// value, omitted from the JSON) mean 28×28, so a Noise that leaves them out marshals to
// the same JSON as before they existed. The pixel kinds ignore them.
type Noise struct {
	Kind   string  `json:"kind"`
	Level  float64 `json:"level"`
	Width  int     `json:"width,omitempty"`
	Height int     `json:"height,omitempty"`
}

// Size is the width and height of the images the noise applies to: Width × Height, or
// DefaultWidth × DefaultHeight (28×28) when both are 0.
func (n Noise) Size() (w, h int) {
	if n.Width == 0 && n.Height == 0 {
		return DefaultWidth, DefaultHeight
	}
	return n.Width, n.Height
}

// String is e.g. "gaussian σ=0.5", "masking 30%", "watermark ≤60%" or "lowres ×2"; an
// image kind on images other than 28×28 adds the size, as in "lowres ×2 on 32×32".
func (n Noise) String() string {
	var s string
	switch n.Kind {
	case Gaussian:
		return fmt.Sprintf("%s σ=%g", n.Kind, n.Level)
	case Watermarked, WatermarkedLogo:
		s = fmt.Sprintf("%s ≤%g%%", n.Kind, 100*n.Level)
	case LowRes:
		s = fmt.Sprintf("%s ×%g", n.Kind, n.Level)
	case Grayscale:
		return Grayscale
	default:
		return fmt.Sprintf("%s %g%%", n.Kind, 100*n.Level)
	}
	if w, h := n.Size(); w != DefaultWidth || h != DefaultHeight {
		s += fmt.Sprintf(" on %d×%d", w, h)
	}
	return s
}

// Validate reports an unknown kind, a level out of range, or an image size that is
// negative, half set, or does not suit the kind.
func (n Noise) Validate() error {
	if n.Width < 0 || n.Height < 0 || (n.Width == 0) != (n.Height == 0) {
		return fmt.Errorf("%s noise: the image size %d×%d is not valid; set both width and height ≥ 1, or neither for 28×28", n.Kind, n.Width, n.Height)
	}
	w, h := n.Size()
	switch n.Kind {
	case Gaussian:
		if !(n.Level >= 0) || n.Level > 1e6 {
			return fmt.Errorf("gaussian noise: σ must be a finite number ≥ 0, got %v", n.Level)
		}
	case SaltPepper, Masking:
		if !(n.Level >= 0 && n.Level <= 1) {
			return fmt.Errorf("%s noise: the fraction must be in [0,1], got %v", n.Kind, n.Level)
		}
	case Watermarked, WatermarkedLogo:
		if !(n.Level > 0 && n.Level <= 1) {
			return fmt.Errorf("%s noise: the level is the largest opacity and must be in (0,1], got %v", n.Kind, n.Level)
		}
		if err := markFits(n.markShape(), w, h); err != nil {
			return fmt.Errorf("%s noise: %w", n.Kind, err)
		}
	case LowRes:
		f := n.Level
		if !(f >= 2 && f <= float64(max(w, h))) || f != math.Trunc(f) {
			return fmt.Errorf("lowres noise: the level is the resolution factor and must be a whole number from 2 to %d, got %v", max(w, h), f)
		}
		if w%int(f) != 0 || h%int(f) != 0 {
			return fmt.Errorf("lowres noise: factor %v does not divide the %d×%d image; use a factor that divides both sides", f, w, h)
		}
	case Grayscale:
		if n.Level != 0 {
			return fmt.Errorf("grayscale: the level must be 0 (there is nothing to set), got %v", n.Level)
		}
	default:
		return fmt.Errorf("unknown noise %q (want one of %s)", n.Kind, strings.Join(NoiseKinds(), ", "))
	}
	return nil
}

// Apply returns a corrupted copy of x, drawn from seed. The image kinds need x to be a
// whole number of images of Size(); LowRes ignores the seed.
func (n Noise) Apply(x []float32, seed uint64) ([]float32, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	w, h := n.Size()
	switch n.Kind {
	case Gaussian:
		return GaussianNoise(x, n.Level, seed)
	case SaltPepper:
		return SaltAndPepper(x, n.Level, seed)
	case Masking:
		return Mask(x, n.Level, seed)
	case Watermarked, WatermarkedLogo:
		return Watermarks(x, w, h, Mark{Shape: n.markShape(), Opacity: n.Level}, seed)
	case Grayscale:
		return GrayRGB(x)
	default: // LowRes
		f := int(n.Level)
		small, err := Downsample(x, w, h, f)
		if err != nil {
			return nil, err
		}
		return UpsampleNearest(small, w/f, h/f, f)
	}
}

// IsImageNoise reports whether the kind works on whole images of Size() (watermarks, low
// resolution) rather than pixel by pixel.
func (n Noise) IsImageNoise() bool {
	switch n.Kind {
	case Watermarked, WatermarkedLogo, LowRes:
		return true
	}
	return false
}

// markShape is the watermark shape of a watermark kind.
func (n Noise) markShape() string {
	if n.Kind == WatermarkedLogo {
		return MarkLogo
	}
	return MarkText
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
