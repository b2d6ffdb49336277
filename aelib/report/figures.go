package report

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/analysis"

	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/plots"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

// ReconstructionGrid is the tutorial's figure: the first n images of x over their
// reconstructions, one row per method (e.g. "autoencoder" and "PCA"; values are clipped
// to [0,1] for drawing).
func ReconstructionGrid(x []float32, n int, methods []string, recons ...[]float32) (*plots.Figure, error) {
	n = min(n, len(x)/mnist.Pixels)
	if n < 1 {
		return nil, fmt.Errorf("reconstruction grid: need at least one image")
	}
	if len(methods) != len(recons) {
		return nil, fmt.Errorf("reconstruction grid: %d names for %d reconstructions", len(methods), len(recons))
	}
	rows := [][]float32{x[:n*mnist.Pixels]}
	for i, r := range recons {
		if len(r) < n*mnist.Pixels {
			return nil, fmt.Errorf("reconstruction grid: %s has %d values, need %d", methods[i], len(r), n*mnist.Pixels)
		}
		rows = append(rows, analysis.Clip01(r[:n*mnist.Pixels]))
	}
	return plots.ImageGrid(rows, append([]string{"original"}, methods...), mnist.Cols, mnist.Rows, n)
}

// CodeHeatmap shows the first n codes (rows of k values), one row each.
func CodeHeatmap(codes []float32, k, n int, title string) (*plots.Figure, error) {
	n = min(n, len(codes)/max(k, 1))
	if k < 1 || n < 1 {
		return nil, fmt.Errorf("code heat map: no codes")
	}
	return plots.Heatmap(codes[:n*k], n, k, title, "code unit", "image")
}

// LossFigure draws a history's train and validation loss per epoch.
func LossFigure(title string, h training.History) (*plots.Figure, error) {
	if h.Len() == 0 {
		return nil, fmt.Errorf("loss figure: empty history")
	}
	return plots.LossCurves([]plots.Series{
		{Name: "train", X: h.EpochNumbers(), Y: h.Loss()},
		{Name: "validation", X: h.EpochNumbers(), Y: h.ValLoss()},
	}, title)
}

// Curves plots one line per name over the same abscissas x: ys[i][j] is series i at x[j]
// (PSNR against the noise level, an attribute against a step, …).
func Curves(title, xLabel, yLabel string, x []float64, names []string, ys [][]float64) (*plots.Figure, error) {
	if len(names) != len(ys) {
		return nil, fmt.Errorf("curves %q: %d names for %d series", title, len(names), len(ys))
	}
	series := make([]plots.Series, len(ys))
	for i, y := range ys {
		series[i] = plots.Series{Name: names[i], X: x, Y: y}
	}
	return plots.LossCurves(series, title, plots.XLabel(xLabel), plots.YLabel(yLabel))
}
