package analysis

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/goautoencoders/autoencoders/aelib/corrupt"
	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/pca"
)

// Coloring is how well each method colours gray test images: Outputs[i] is method i's
// RGB images, MSE[i] its mean squared error per RGB value against the true colours, and
// Hue[i] the share of images whose ink colour is nearest the hue of their own class
// (corrupt.HueClass) — whether the method told the digits apart.
type Coloring struct {
	Methods []string
	MSE     []float64
	Hue     []float64
	Outputs [][]float32
}

// Color turns the RGB test images gray (corrupt.GrayRGB: three equal channels), gives them
// to every method and scores its colours against the originals.
func Color(test *mnist.Set, methods []Method) (Coloring, error) {
	if test.Channels != 3 {
		return Coloring{}, fmt.Errorf("color: the test set has %d channels, want 3 (see lab.Data.Colored)", test.Channels)
	}
	gray, err := corrupt.GrayRGB(test.Images)
	if err != nil {
		return Coloring{}, err
	}
	luma := channel(gray, 0)
	var c Coloring
	for _, m := range methods {
		out, err := m.reconstruct(gray)
		if err != nil {
			return Coloring{}, fmt.Errorf("color with %s: %w", m.Name, err)
		}
		mse, err := metrics.MSE(test.Images, out)
		if err != nil {
			return Coloring{}, fmt.Errorf("color with %s: %w", m.Name, err)
		}
		right := 0
		d := test.Dim()
		for i, label := range test.Labels {
			if corrupt.HueClass(out[i*d:(i+1)*d], luma[i*mnist.Pixels:(i+1)*mnist.Pixels]) == int(label) {
				right++
			}
		}
		c.Methods = append(c.Methods, m.Name)
		c.MSE = append(c.MSE, mse)
		c.Hue = append(c.Hue, float64(right)/float64(test.Len()))
		c.Outputs = append(c.Outputs, out)
	}
	return c, nil
}

// channel returns channel ch (0 R, 1 G, 2 B) of interleaved RGB values.
func channel(rgb []float32, ch int) []float32 {
	out := make([]float32, len(rgb)/3)
	for i := range out {
		out[i] = rgb[3*i+ch]
	}
	return out
}

// MeanColor is the trivial colouring baseline: one colour law for every pixel of every
// image, each channel a straight line of the gray value, rgb_c = a_c + b_c·g, fitted by
// least squares over all pixels of the training set (train, Channels 3). It paints every
// digit in the average stroke colour over the average background.
func MeanColor(name string, train *mnist.Set) (Method, error) {
	if train.Channels != 3 {
		return Method{}, fmt.Errorf("mean color: the training set has %d channels, want 3", train.Channels)
	}
	var a, b [3]float64
	for ch := range 3 {
		var n, sg, sgg, sy, sgy float64
		for i := 0; i < len(train.Images); i += 3 {
			g := 0.299*float64(train.Images[i]) + 0.587*float64(train.Images[i+1]) + 0.114*float64(train.Images[i+2])
			y := float64(train.Images[i+ch])
			n, sg, sgg, sy, sgy = n+1, sg+g, sgg+g*g, sy+y, sgy+g*y
		}
		b[ch] = (n*sgy - sg*sy) / (n*sgg - sg*sg)
		a[ch] = (sy - b[ch]*sg) / n
	}
	return Func(name, func(x []float32) ([]float32, error) {
		if len(x)%3 != 0 {
			return nil, fmt.Errorf("%s: %d values are not RGB triples", name, len(x))
		}
		out := make([]float32, len(x))
		for i := 0; i < len(x); i += 3 {
			g := float64(x[i])
			for ch := range 3 {
				out[i+ch] = float32(min(max(a[ch]+b[ch]*g, 0), 1))
			}
		}
		return out, nil
	}), nil
}

// PCARegression is the linear colouring baseline: PCA with k components of the gray
// training images, then a least-squares map from the k coefficients (and a constant) to
// the RGB image, W = argmin ‖[Z 1]·W − Y‖², fitted on the first n training images
// (train, Channels 3) and clipped to [0,1] when applied.
func PCARegression(name string, train *mnist.Set, k, n int) (Method, error) {
	if train.Channels != 3 {
		return Method{}, fmt.Errorf("PCA regression: the training set has %d channels, want 3", train.Channels)
	}
	n = min(n, train.Len())
	rgb := train.Images[:n*train.Dim()]
	gray, err := corrupt.GrayRGB(rgb)
	if err != nil {
		return Method{}, err
	}
	p, err := pca.Fit(channel(gray, 0), n, mnist.Pixels, k)
	if err != nil {
		return Method{}, fmt.Errorf("PCA regression: %w", err)
	}
	z, err := p.Transform(channel(gray, 0), n)
	if err != nil {
		return Method{}, fmt.Errorf("PCA regression: %w", err)
	}
	w, err := leastSquares(z, rgb, n, k, train.Dim())
	if err != nil {
		return Method{}, fmt.Errorf("PCA regression: %w", err)
	}
	return Func(name, func(x []float32) ([]float32, error) {
		m := len(x) / (3 * mnist.Pixels)
		if m == 0 || len(x) != m*3*mnist.Pixels {
			return nil, fmt.Errorf("%s: %d values are not whole RGB images", name, len(x))
		}
		codes, err := p.Transform(channel(x, 0), m)
		if err != nil {
			return nil, err
		}
		return applyLinear(w, codes, m, k, 3*mnist.Pixels), nil
	}), nil
}

// leastSquares solves min ‖[Z 1]·W − Y‖² for W ((k+1)×d) through the normal equations
// (ZᵀZ)W = ZᵀY, with a tiny ridge (10⁻⁶·trace/(k+1)) for numerical safety; Z is n×k codes,
// Y n×d targets.
func leastSquares(z, y []float32, n, k, d int) (*mat.Dense, error) {
	ztz := mat.NewDense(k+1, k+1, nil)
	zty := mat.NewDense(k+1, d, nil)
	row := make([]float64, k+1)
	for i := range n {
		for j := range k {
			row[j] = float64(z[i*k+j])
		}
		row[k] = 1
		yi := y[i*d : (i+1)*d]
		for a := range k + 1 {
			ra := row[a]
			for b := range k + 1 {
				ztz.Set(a, b, ztz.At(a, b)+ra*row[b])
			}
			dst := zty.RawRowView(a)
			for c, v := range yi {
				dst[c] += ra * float64(v)
			}
		}
	}
	ridge := 1e-6 * mat.Trace(ztz) / float64(k+1)
	for a := range k + 1 {
		ztz.Set(a, a, ztz.At(a, a)+ridge)
	}
	var w mat.Dense
	if err := w.Solve(ztz, zty); err != nil {
		return nil, fmt.Errorf("least squares: %w", err)
	}
	return &w, nil
}

// applyLinear returns [Z 1]·W for m rows of k codes, clipped to [0,1].
func applyLinear(w *mat.Dense, z []float32, m, k, d int) []float32 {
	out := make([]float32, m*d)
	for i := range m {
		dst := out[i*d : (i+1)*d]
		acc := make([]float64, d)
		copy(acc, w.RawRowView(k))
		for j := range k {
			c := float64(z[i*k+j])
			for col, v := range w.RawRowView(j) {
				acc[col] += c * v
			}
		}
		for col, v := range acc {
			dst[col] = float32(min(max(v, 0), 1))
		}
	}
	return out
}
