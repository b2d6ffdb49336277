package experiment

import (
	"fmt"
	"strings"

	"github.com/goautoencoders/autoencoders/aelib/plots"
	"github.com/goautoencoders/autoencoders/aelib/table"
)

// Table is a header row and data rows, ready to print as text, Markdown or HTML.
type Table struct {
	Headers []string
	Rows    [][]string
}

// Text renders the table with aligned columns for a terminal.
func (t Table) Text() string { return table.Text(t.Headers, t.Rows) }

// Markdown renders the table as a GitHub-flavoured Markdown table.
func (t Table) Markdown() string { return table.Markdown(t.Headers, t.Rows) }

// HTML renders the table as a static HTML table.
func (t Table) HTML() string { return table.HTML(t.Headers, t.Rows) }

// ResultsTable lays results out as the comparison table every report prints: model, code
// size, test BCE, test MSE, per-image squared error, PSNR and fitting seconds.
func ResultsTable(results []Result) Table {
	t := Table{Headers: []string{"model", "code size", "test BCE", "test MSE", "per-image SE", "PSNR dB", "train s"}}
	for _, r := range results {
		t.Rows = append(t.Rows, []string{
			r.Model,
			fmt.Sprint(r.CodeSize),
			fmt.Sprintf("%.4f", r.Metrics.BCE),
			fmt.Sprintf("%.5f", r.Metrics.MSE),
			fmt.Sprintf("%.2f", r.Metrics.PerImageSE),
			fmt.Sprintf("%.2f", r.Metrics.PSNR),
			fmt.Sprintf("%.1f", r.TrainSeconds),
		})
	}
	return t
}

// Metric picks one number out of a Result.
type Metric func(Result) float64

// Metrics used on error-vs-code-size charts.
var (
	MetricMSE        Metric = func(r Result) float64 { return r.Metrics.MSE }
	MetricBCE        Metric = func(r Result) float64 { return r.Metrics.BCE }
	MetricPerImageSE Metric = func(r Result) float64 { return r.Metrics.PerImageSE }
)

// SeriesByModel groups results by model name (PCA's rows under "PCA", each autoencoder's
// under its kind, ignoring the code size in its layout) into one chart series each, with
// the code size on x and metric on y, in order of first appearance.
func SeriesByModel(results []Result, metric Metric) []plots.Series {
	var order []string
	byName := map[string]*plots.Series{}
	for _, r := range results {
		name := seriesName(r.Model)
		s, ok := byName[name]
		if !ok {
			s = &plots.Series{Name: name}
			byName[name] = s
			order = append(order, name)
		}
		s.X = append(s.X, float64(r.CodeSize))
		s.Y = append(s.Y, metric(r))
	}
	out := make([]plots.Series, len(order))
	for i, name := range order {
		out[i] = *byName[name]
	}
	return out
}

// seriesName drops the layout's code size: "autoencoder 784-128-32-128-784" becomes
// "autoencoder 784-128-k-128-784".
func seriesName(model string) string {
	i := strings.LastIndex(model, " ")
	if i < 0 || !strings.Contains(model[i+1:], "-") {
		return model
	}
	kind, layout := model[:i], model[i+1:]
	parts := strings.Split(layout, "-")
	parts[len(parts)/2] = "k"
	return kind + " " + strings.Join(parts, "-")
}
