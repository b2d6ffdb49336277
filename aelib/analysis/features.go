package analysis

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/pca"
)

// ScaleEach maps every row of d values linearly onto [0,1] (its minimum to 0, its maximum
// to 1; a constant row to 0.5): weights and principal axes, which have any sign and scale,
// drawn as images.
func ScaleEach(x []float32, d int) ([]float32, error) {
	if d < 1 || len(x) == 0 || len(x)%d != 0 {
		return nil, fmt.Errorf("scale each: %d values are not rows of %d", len(x), d)
	}
	out := make([]float32, len(x))
	for r := 0; r < len(x); r += d {
		lo, hi := x[r], x[r]
		for _, v := range x[r : r+d] {
			lo, hi = min(lo, v), max(hi, v)
		}
		for i, v := range x[r : r+d] {
			if hi > lo {
				out[r+i] = (v - lo) / (hi - lo)
			} else {
				out[r+i] = 0.5
			}
		}
	}
	return out, nil
}

// PrincipalAxes returns PCA's first n axes v_1…v_n (rows of Components) as rows of
// NFeatures values: drawn as images, the "eigen-digits".
func PrincipalAxes(p *pca.PCA, n int) ([]float32, error) {
	if p == nil || n < 1 || n > p.K() {
		return nil, fmt.Errorf("principal axes: %d asked of a PCA with %d", n, p.K())
	}
	d := p.NFeatures
	out := make([]float32, n*d)
	for j := range n {
		for i := range d {
			out[j*d+i] = float32(p.Components.At(j, i))
		}
	}
	return out, nil
}
