// Package plots draws the figures of the autoencoder tutorials with
// gonum/plot and renders them as stand-alone PNG or SVG (no JavaScript, no
// network access, fonts bundled for PNG).
//
// Every constructor validates its input (mismatched lengths, empty data,
// NaN or infinite values, non-positive values on log axes) and returns an
// error instead of panicking. The result is a *Figure that can be rendered
// with PNG or SVG, written with Save, combined with Grid or Side, and shown
// in a GoNB notebook with the aelib/notebook package.
//
// Figure kinds:
//   - ImageGrid: rows of MNIST-like images (originals over reconstructions).
//   - LossCurves: train / validation loss per epoch.
//   - ErrorVsCodeSize: error against code size for several models.
//   - CodeScatter: 2-D codes coloured by digit.
//   - Heatmap: a matrix such as the codes of ten digits, with a colour bar.
//   - Histogram, Histograms: one or several overlaid distributions.
//   - Bars: one value per label, e.g. a hyper-parameter sweep.
//
// Images are row-major []float32 in [0, 1]; a batch of n images of w×h
// pixels is n·w·h values.
//
// Example:
//
//	// originals and reconstructions: n·28·28 values each.
//	grid, err := plots.ImageGrid([][]float32{originals, recons},
//		[]string{"original", "autoencoder"}, 28, 28, 10)
//	if err != nil {
//		return err
//	}
//	grid.WithTitle("Test digits")
//
//	loss, err := plots.LossCurves([]plots.Series{
//		{Name: "train", Y: trainLoss}, // X nil: epochs 1, 2, …
//		{Name: "validation", Y: valLoss},
//	}, "Training", plots.LogY())
//	if err != nil {
//		return err
//	}
//	both, err := plots.Side(grid, loss)
//	if err != nil {
//		return err
//	}
//	return both.Save("overview.png") // or .svg
package plots
