package corrupt

import (
	"fmt"
	"math"
)

// Downsample returns every w×h image of x shrunk by an integer factor f to (w/f)×(h/f)
// pixels by block averaging, the low-resolution input of the super-resolution application
// (28×28 → 14×14 for f = 2):
//
//	out[Y][X] = (1/f²) · Σ_{0≤dy<f} Σ_{0≤dx<f} x[f·Y+dy][f·X+dx].
//
// f must divide w and h; f = 1 returns a copy.
func Downsample(x []float32, w, h, factor int) ([]float32, error) {
	n, err := images("downsample", x, w, h)
	if err != nil {
		return nil, err
	}
	if err := checkFactor("downsample", factor); err != nil {
		return nil, err
	}
	if factor > 1 && (w%factor != 0 || h%factor != 0) {
		return nil, fmt.Errorf("downsample: factor %d does not divide the %d×%d image; use a factor that divides both sides", factor, w, h)
	}
	sw, sh := w/factor, h/factor
	inv := 1 / float32(factor*factor)
	out := make([]float32, n*sw*sh)
	for i := range n {
		img := x[i*w*h : (i+1)*w*h]
		small := out[i*sw*sh : (i+1)*sw*sh]
		for Y := range sh {
			for X := range sw {
				var sum float32
				for dy := range factor {
					row := img[(factor*Y+dy)*w+factor*X:]
					for dx := range factor {
						sum += row[dx]
					}
				}
				small[Y*sw+X] = sum * inv
			}
		}
	}
	return out, nil
}

// UpsampleNearest returns every w×h image of x enlarged by an integer factor f to
// (f·w)×(f·h) pixels, each pixel repeated as an f×f block: out[Y][X] = x[⌊Y/f⌋][⌊X/f⌋].
// It undoes the size change of Downsample, not its blur: UpsampleNearest(Downsample(x))
// is the blocky low-resolution image at full size.
func UpsampleNearest(x []float32, w, h, factor int) ([]float32, error) {
	n, err := images("upsample nearest", x, w, h)
	if err != nil {
		return nil, err
	}
	if err := checkUpsample("upsample nearest", w, h, factor); err != nil {
		return nil, err
	}
	bw, bh := w*factor, h*factor
	out := make([]float32, n*bw*bh)
	for i := range n {
		img := x[i*w*h : (i+1)*w*h]
		big := out[i*bw*bh : (i+1)*bw*bh]
		for Y := range bh {
			src := img[(Y/factor)*w : (Y/factor+1)*w]
			dst := big[Y*bw : (Y+1)*bw]
			for X := range dst {
				dst[X] = src[X/factor]
			}
		}
	}
	return out, nil
}

// UpsampleBilinear returns every w×h image of x enlarged by an integer factor f to
// (f·w)×(f·h) pixels by bilinear interpolation with the half-pixel-centre convention of
// PIL, OpenCV (INTER_LINEAR) and TensorFlow's resize(..., "bilinear"): pixel centres sit at
// integer + ½, so output column X samples the input at
//
//	s(X) = (X + ½)/f − ½, clamped to [0, w−1],
//
// and with x₀ = ⌊s⌋, x₁ = min(x₀+1, w−1), t = s − x₀ (rows likewise, u from Y),
//
//	out[Y][X] = (1−u)·((1−t)·x[y₀][x₀] + t·x[y₀][x₁]) + u·((1−t)·x[y₁][x₀] + t·x[y₁][x₁]).
//
// The clamp repeats the edge pixels: the outer ⌊f/2⌋ output pixels of each side copy the
// border. For f = 2 a row a, b becomes a, ¾a+¼b, ¼a+¾b, b.
func UpsampleBilinear(x []float32, w, h, factor int) ([]float32, error) {
	n, err := images("upsample bilinear", x, w, h)
	if err != nil {
		return nil, err
	}
	if err := checkUpsample("upsample bilinear", w, h, factor); err != nil {
		return nil, err
	}
	bw, bh := w*factor, h*factor
	c0, c1, ct := bilinearTaps(w, factor)
	r0, r1, rt := bilinearTaps(h, factor)
	out := make([]float32, n*bw*bh)
	for i := range n {
		img := x[i*w*h : (i+1)*w*h]
		big := out[i*bw*bh : (i+1)*bw*bh]
		for Y := range bh {
			top, bottom, u := img[r0[Y]*w:(r0[Y]+1)*w], img[r1[Y]*w:(r1[Y]+1)*w], rt[Y]
			dst := big[Y*bw : (Y+1)*bw]
			for X := range dst {
				t := ct[X]
				a := (1-t)*top[c0[X]] + t*top[c1[X]]
				b := (1-t)*bottom[c0[X]] + t*bottom[c1[X]]
				dst[X] = (1-u)*a + u*b
			}
		}
	}
	return out, nil
}

// bilinearTaps gives, for each of the n·f output positions along one axis, the two input
// positions and the weight t of the second: s = (X+½)/f − ½ clamped to [0, n−1].
func bilinearTaps(n, factor int) (lo, hi []int, t []float32) {
	lo, hi, t = make([]int, n*factor), make([]int, n*factor), make([]float32, n*factor)
	for X := range lo {
		s := (float64(X)+0.5)/float64(factor) - 0.5
		s = min(max(s, 0), float64(n-1))
		x0 := int(math.Floor(s))
		lo[X], hi[X], t[X] = x0, min(x0+1, n-1), float32(s-float64(x0))
	}
	return lo, hi, t
}

// images checks that x holds a whole, non-zero number of w×h images and returns it.
func images(what string, x []float32, w, h int) (int, error) {
	if w < 1 || h < 1 {
		return 0, fmt.Errorf("%s: the image size must be at least 1×1, got %d×%d", what, w, h)
	}
	if len(x) == 0 {
		return 0, fmt.Errorf("%s: no images (0 values); pass at least one %d×%d image", what, w, h)
	}
	if len(x)%(w*h) != 0 {
		return 0, fmt.Errorf("%s: %d values are not a whole number of %d×%d images (%d values each); pass the image size the data has", what, len(x), w, h, w*h)
	}
	return len(x) / (w * h), nil
}

// checkFactor checks a scale factor of at least 1.
func checkFactor(what string, factor int) error {
	if factor < 1 {
		return fmt.Errorf("%s: the factor must be an integer ≥ 1, got %d", what, factor)
	}
	return nil
}

// checkUpsample checks a factor ≥ 1 that keeps an enlarged image under 2³¹ pixels.
func checkUpsample(what string, w, h, factor int) error {
	if err := checkFactor(what, factor); err != nil {
		return err
	}
	if factor > 1<<16 || int64(w)*int64(h)*int64(factor)*int64(factor) >= 1<<31 {
		return fmt.Errorf("%s: factor %d makes the %d×%d image too large; use a smaller factor", what, factor, w, h)
	}
	return nil
}
