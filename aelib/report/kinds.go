package report

import (
	"fmt"
)

// KindsTable lays out autoencoders of different kinds (and PCA) for a side-by-side
// reading: model, trained parameters, code size, test MSE, per-image squared error, PSNR,
// epochs and training seconds.
func KindsTable(results []Result) Table {
	t := Table{Headers: []string{"model", "parameters", "code size", "test MSE", "per-image SE", "PSNR dB", "epochs", "train s"}}
	for _, r := range results {
		t.Rows = append(t.Rows, []string{
			r.Model,
			fmt.Sprint(r.Parameters),
			fmt.Sprint(r.CodeSize),
			fmt.Sprintf("%.5f", r.Metrics.MSE),
			fmt.Sprintf("%.2f", r.Metrics.PerImageSE),
			fmt.Sprintf("%.2f", r.Metrics.PSNR),
			fmt.Sprint(r.Epochs),
			fmt.Sprintf("%.1f", r.TrainSeconds),
		})
	}
	return t
}

// PaperRow is one method's number as a paper reports it and as measured here.
type PaperRow struct {
	Method          string
	Paper, Measured float64
}

// PaperTable puts published numbers beside ours: method, the paper's value, ours, and
// ours as a share of the paper's.
func PaperTable(metric, paper string, rows []PaperRow) Table {
	t := Table{Headers: []string{"method", metric + ", " + paper, metric + ", measured here", "here / paper"}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.Method, fmt.Sprintf("%.2f", r.Paper), fmt.Sprintf("%.2f", r.Measured), fmt.Sprintf("%.2f", r.Measured/r.Paper)})
	}
	return t
}

// ValuesTable is a two-column table: one name and one value (printed with format, e.g.
// "%.2f") per row.
func ValuesTable(nameHeader, valueHeader, format string, names []string, values []float64) (Table, error) {
	if len(names) != len(values) {
		return Table{}, fmt.Errorf("values table: %d names for %d values", len(names), len(values))
	}
	t := Table{Headers: []string{nameHeader, valueHeader}}
	for i, n := range names {
		t.Rows = append(t.Rows, []string{n, fmt.Sprintf(format, values[i])})
	}
	return t, nil
}
