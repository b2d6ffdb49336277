package report

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/plots"
	"github.com/goautoencoders/autoencoders/aelib/table"
)

// Result is a comparison row (see metrics.Result).
type Result = metrics.Result

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
// size, validation MSE (the column to choose by; when the rows have one), test BCE, test
// MSE, per-image squared error, PSNR and fitting seconds.
func ResultsTable(results []Result) Table {
	val := anyValidation(results)
	t := Table{Headers: []string{"model", "code size"}}
	if val {
		t.Headers = append(t.Headers, "val MSE")
	}
	t.Headers = append(t.Headers, "test BCE", "test MSE", "per-image SE", "PSNR dB", "train s")
	for _, r := range results {
		row := []string{r.Model, fmt.Sprint(r.CodeSize)}
		if val {
			row = append(row, validationMSE(r))
		}
		t.Rows = append(t.Rows, append(row,
			fmt.Sprintf("%.4f", r.Metrics.BCE),
			fmt.Sprintf("%.5f", r.Metrics.MSE),
			fmt.Sprintf("%.2f", r.Metrics.PerImageSE),
			fmt.Sprintf("%.2f", r.Metrics.PSNR),
			fmt.Sprintf("%.1f", r.TrainSeconds),
		))
	}
	return t
}

// anyValidation reports whether some row has validation errors.
func anyValidation(results []Result) bool {
	for _, r := range results {
		if r.Validation != (metrics.Summary{}) {
			return true
		}
	}
	return false
}

// validationMSE is a row's validation MSE, or "—" when it has none.
func validationMSE(r Result) string {
	if r.Validation == (metrics.Summary{}) {
		return "—"
	}
	return fmt.Sprintf("%.5f", r.Validation.MSE)
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

// SeriesByParameters is SeriesByModel with the number of trained parameters on the x axis
// instead of the code size: who gets which error for how many numbers.
func SeriesByParameters(results []Result, metric Metric) []plots.Series {
	series := SeriesByModel(results, metric)
	i := map[string]int{}
	for _, r := range results {
		name := seriesName(r.Model)
		for j := range series {
			if series[j].Name == name {
				series[j].X[i[name]] = float64(r.Parameters)
			}
		}
		i[name]++
	}
	return series
}

// ErrorVsParameters plots metric against the number of trained parameters (log scale on
// both axes) for every model in results: PCA counts its components and mean.
func ErrorVsParameters(results []Result, metric Metric, metricName string) (*plots.Figure, error) {
	return plots.ErrorVsParameters(SeriesByParameters(results, metric), metricName)
}

// AtCodeSize returns the rows of results whose code size is k, in order.
func AtCodeSize(results []Result, k int) []Result {
	var out []Result
	for _, r := range results {
		if r.CodeSize == k {
			out = append(out, r)
		}
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

// Labels returns the Model field of each result, in order.
func Labels(results []Result) []string {
	out := make([]string, len(results))
	for i, r := range results {
		out[i] = r.Model
	}
	return out
}

// Values returns metric of each result, in order.
func Values(results []Result, metric Metric) []float64 {
	out := make([]float64, len(results))
	for i, r := range results {
		out[i] = metric(r)
	}
	return out
}

// JumpTable lays out, for every input set, each method's mean per-image MSE and how many
// times larger it is than the method's error on the first set (the reference, normally
// the test digits): the "error jump" that shows a model is data-specific. errs[m] holds
// method m's errors (from ReconstructionErrors) on the same sets in the same order.
func JumpTable(methods []string, errs [][]analysis.SetErrors) (Table, error) {
	if len(methods) == 0 || len(methods) != len(errs) {
		return Table{}, fmt.Errorf("jump table: %d method names for %d error lists", len(methods), len(errs))
	}
	sets := errs[0]
	if len(sets) == 0 {
		return Table{}, errors.New("jump table: no input sets")
	}
	t := Table{Headers: []string{"input"}}
	for m, name := range methods {
		if len(errs[m]) != len(sets) {
			return Table{}, fmt.Errorf("jump table: %s has %d sets, %s has %d", name, len(errs[m]), methods[0], len(sets))
		}
		for i, s := range errs[m] {
			if s.Name != sets[i].Name {
				return Table{}, fmt.Errorf("jump table: set %d is %q for %s but %q for %s", i, s.Name, name, sets[i].Name, methods[0])
			}
		}
		if !(errs[m][0].Mean > 0) {
			return Table{}, fmt.Errorf("jump table: %s's reference error %v is not positive", name, errs[m][0].Mean)
		}
		t.Headers = append(t.Headers, name+" MSE", name+" ×"+sets[0].Name)
	}
	for i, s := range sets {
		row := []string{s.Name}
		for m := range methods {
			e := errs[m][i].Mean
			row = append(row, fmt.Sprintf("%.5f", e), fmt.Sprintf("%.1f", e/errs[m][0].Mean))
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// SubspaceTable lays the checks out one per row: model, code size, the largest and the
// mean principal angle, and how many of the k angles are below 1° and below 5°.
func SubspaceTable(checks []analysis.SubspaceCheck) Table {
	t := Table{Headers: []string{"model", "code size", "largest angle °", "mean angle °", "angles < 1°", "angles < 5°"}}
	for _, c := range checks {
		below := func(limit float64) string {
			n := 0
			for _, a := range c.Angles {
				if a < limit {
					n++
				}
			}
			return fmt.Sprintf("%d of %d", n, len(c.Angles))
		}
		t.Rows = append(t.Rows, []string{
			c.Model,
			fmt.Sprint(c.CodeSize),
			fmt.Sprintf("%.2f", c.Largest),
			fmt.Sprintf("%.2f", c.Mean),
			below(1),
			below(5),
		})
	}
	return t
}
