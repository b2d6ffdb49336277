package experiment

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/plots"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

// ReconstructionGrid is the tutorial's figure: the first n test digits over their
// autoencoder reconstructions, with PCA's reconstructions as a third row.
func (d *Demo) ReconstructionGrid(n int) (*plots.Figure, error) {
	n = min(n, d.Test.Len())
	if n < 1 {
		return nil, fmt.Errorf("reconstruction grid: need at least one image")
	}
	first := func(x []float32) []float32 { return x[:n*mnist.Pixels] }
	return plots.ImageGrid([][]float32{
		first(d.Test.Images), first(d.AERecon), first(Clip01(d.PCARecon)),
	}, []string{"original", "autoencoder", "PCA"}, mnist.Cols, mnist.Rows, n)
}

// CodeHeatmap shows the autoencoder's codes of the first n test digits, one row each.
func (d *Demo) CodeHeatmap(n int) (*plots.Figure, error) {
	k := d.Autoencoder.Config().CodeSize
	n = min(n, d.Test.Len())
	return plots.Heatmap(d.AECodes[:n*k], n, k,
		fmt.Sprintf("the %d-number codes of the first %d test digits", k, n), "code unit", "test image")
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
