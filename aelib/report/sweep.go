package report

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/plots"
)

// WithParameters returns a copy of rows with each model named with its number of trained
// parameters, e.g. "autoencoder 784-128-32-128-784 (209968 parameters)": what a sweep over
// sizes of layers pays for each row.
func WithParameters(rows []Result) []Result {
	out := make([]Result, len(rows))
	for i, r := range rows {
		r.Model = fmt.Sprintf("%s (%d parameters)", r.Model, r.Parameters)
		out[i] = r
	}
	return out
}

// MSEBars draws the test MSE per pixel of each row as a bar, labelled by labels (one per
// row), with xLabel under the bars: a sweep's models and PCA side by side.
func MSEBars(rows []Result, labels []string, title, xLabel string) (*plots.Figure, error) {
	if len(rows) == 0 || len(rows) != len(labels) {
		return nil, fmt.Errorf("MSE bars: %d labels for %d rows", len(labels), len(rows))
	}
	return plots.Bars(labels, Values(rows, MetricMSE), title, "test MSE per pixel", plots.XLabel(xLabel))
}
