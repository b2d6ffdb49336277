// Package corrupt makes altered and out-of-distribution images: the inputs that show an
// autoencoder is data-specific (inverted digits, random strokes, noise reconstruct far
// worse than digits) and the noisy inputs of the denoising application. Every function
// returns new images and leaves its input untouched; randomness comes from an explicit
// seed, so figures are reproducible.
//
// It also makes the inputs and targets of the tutorial's other image-to-image applications:
// random watermarks to remove (Watermarks), low-resolution images to enlarge (Downsample,
// UpsampleNearest, UpsampleBilinear) and coloured digits whose colour follows the class
// (Colorize, with Gray and HueClass to measure a colouring). Noise describes the
// corruptions a denoising autoencoder trains on, watermarks and low resolution included.
//
// Images are row-major []float32 batches of w×h pixels in [0,1]; RGB images (Colorize)
// hold the three channels of a pixel side by side.
//
// Example:
//
//	noisy, _ := corrupt.GaussianNoise(test.Images, 0.3, 1) // pixel + N(0, 0.3²), clipped to [0,1]
//	inverted := corrupt.Invert(test.Images)                 // 1 − pixel
//	strokes, _ := corrupt.RandomStrokes(100, 28, 28, 3, 1)  // 100 images of 3 random lines
package corrupt

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Invert returns 1 − x for every pixel: white digits on black become black on white.
func Invert(x []float32) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = 1 - v
	}
	return out
}

// GaussianNoise returns x + N(0, sigma²) per pixel, clipped to [0,1].
func GaussianNoise(x []float32, sigma float64, seed uint64) ([]float32, error) {
	if !(sigma >= 0) || math.IsInf(sigma, 0) {
		return nil, fmt.Errorf("gaussian noise: sigma must be a finite number ≥ 0, got %v", sigma)
	}
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = clip01(v + float32(r.NormFloat64()*sigma))
	}
	return out, nil
}

// SaltAndPepper sets a fraction of the pixels, chosen at random, to 0 or 1 with equal odds.
func SaltAndPepper(x []float32, fraction float64, seed uint64) ([]float32, error) {
	if !(fraction >= 0 && fraction <= 1) {
		return nil, fmt.Errorf("salt and pepper: fraction must be in [0,1], got %v", fraction)
	}
	r := rand.New(rand.NewPCG(seed, 0x2545f4914f6cdd1d))
	out := append([]float32(nil), x...)
	for i := range out {
		if r.Float64() < fraction {
			out[i] = float32(r.IntN(2))
		}
	}
	return out, nil
}

// UniformNoise returns n images of w×h independent uniform [0,1) pixels.
func UniformNoise(n, w, h int, seed uint64) ([]float32, error) {
	if n < 1 || w < 1 || h < 1 {
		return nil, fmt.Errorf("uniform noise: need n, w, h ≥ 1, got %d, %d, %d", n, w, h)
	}
	r := rand.New(rand.NewPCG(seed, 0xbf58476d1ce4e5b9))
	out := make([]float32, n*w*h)
	for i := range out {
		out[i] = r.Float32()
	}
	return out, nil
}

// RandomStrokes returns n images of w×h black pixels crossed by `strokes` random white
// line segments about 2 pixels thick: pen strokes that are not digits.
func RandomStrokes(n, w, h, strokes int, seed uint64) ([]float32, error) {
	if n < 1 || w < 2 || h < 2 || strokes < 1 {
		return nil, fmt.Errorf("random strokes: need n ≥ 1, w, h ≥ 2, strokes ≥ 1, got %d, %d, %d, %d", n, w, h, strokes)
	}
	r := rand.New(rand.NewPCG(seed, 0x94d049bb133111eb))
	out := make([]float32, n*w*h)
	for i := 0; i < n; i++ {
		img := out[i*w*h : (i+1)*w*h]
		for s := 0; s < strokes; s++ {
			x0, y0 := r.Float64()*float64(w), r.Float64()*float64(h)
			x1, y1 := r.Float64()*float64(w), r.Float64()*float64(h)
			drawLine(img, w, h, x0, y0, x1, y1, 1.0)
		}
	}
	return out, nil
}

// Watermark returns x with a fixed pattern stamped on every image: a diagonal band of
// `strength` brightness added (clipped to [0,1]) — the kind of overlay the tutorial's
// watermark-removal application trains an autoencoder to take away.
//
// The band is the same, at the same place and strength, on every image, and it is added
// (out = x + strength where it covers), not blended. Watermarks, and the noise kinds
// Watermarked and WatermarkedLogo, are the random variant: a text or logo mark at a random
// place with a random opacity per image, overlaid as out = (1−α)·x + α.
func Watermark(x []float32, w, h int, strength float64) ([]float32, error) {
	if w < 1 || h < 1 || len(x)%(w*h) != 0 || len(x) == 0 {
		return nil, fmt.Errorf("watermark: %d values are not whole %d×%d images", len(x), w, h)
	}
	if !(strength >= 0 && strength <= 1) {
		return nil, fmt.Errorf("watermark: strength must be in [0,1], got %v", strength)
	}
	mark := make([]float32, w*h)
	drawLine(mark, w, h, 0, float64(h)*0.8, float64(w), float64(h)*0.2, float32(strength))
	drawLine(mark, w, h, 0, float64(h)*0.2, float64(w)*0.3, float64(h)*0.2, float32(strength))
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = clip01(v + mark[i%(w*h)])
	}
	return out, nil
}

// drawLine paints a segment of half-width 1 pixel with intensity v (max-blended).
func drawLine(img []float32, w, h int, x0, y0, x1, y1 float64, v float32) {
	steps := int(math.Ceil(math.Hypot(x1-x0, y1-y0)*2)) + 1
	for s := 0; s <= steps; s++ {
		t := float64(s) / float64(steps)
		cx, cy := x0+t*(x1-x0), y0+t*(y1-y0)
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				px, py := int(cx)+dx, int(cy)+dy
				if px < 0 || py < 0 || px >= w || py >= h {
					continue
				}
				d := math.Hypot(float64(px)+0.5-cx, float64(py)+0.5-cy)
				if d <= 1.2 {
					i := py*w + px
					img[i] = max(img[i], v)
				}
			}
		}
	}
}

func clip01(v float32) float32 { return min(max(v, 0), 1) }
