package report

import (
	"fmt"
	"math"
)

// KindsTable lays out autoencoders of different kinds (and PCA) for a side-by-side
// reading: model, trained parameters, code size, validation MSE (when the rows have one),
// test MSE, per-image squared error, PSNR, epochs and training seconds.
func KindsTable(results []Result) Table {
	val := anyValidation(results)
	t := Table{Headers: []string{"model", "parameters", "code size"}}
	if val {
		t.Headers = append(t.Headers, "val MSE")
	}
	t.Headers = append(t.Headers, "test MSE", "per-image SE", "PSNR dB", "epochs", "train s")
	for _, r := range results {
		row := []string{r.Model, fmt.Sprint(r.Parameters), fmt.Sprint(r.CodeSize)}
		if val {
			row = append(row, validationMSE(r))
		}
		t.Rows = append(t.Rows, append(row,
			fmt.Sprintf("%.5f", r.Metrics.MSE),
			fmt.Sprintf("%.2f", r.Metrics.PerImageSE),
			fmt.Sprintf("%.2f", r.Metrics.PSNR),
			fmt.Sprint(r.Epochs),
			fmt.Sprintf("%.1f", r.TrainSeconds),
		))
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

// NamedTable is a table with a title, as a report lists it.
type NamedTable struct {
	Title string `json:"title"`
	Table Table  `json:"table"`
}

// MatrixTable lays out one row per name and one column per series: cell (i, j) is
// columns[j][i] printed with format (e.g. "%.2f"); a NaN prints as "–". corner heads the
// name column.
func MatrixTable(corner string, rowNames, colNames []string, format string, columns ...[]float64) (Table, error) {
	if len(colNames) != len(columns) {
		return Table{}, fmt.Errorf("matrix table: %d column names for %d columns", len(colNames), len(columns))
	}
	t := Table{Headers: append([]string{corner}, colNames...)}
	for j, col := range columns {
		if len(col) != len(rowNames) {
			return Table{}, fmt.Errorf("matrix table: column %q has %d values for %d rows", colNames[j], len(col), len(rowNames))
		}
	}
	for i, name := range rowNames {
		row := []string{name}
		for _, col := range columns {
			if math.IsNaN(col[i]) {
				row = append(row, "–")
			} else {
				row = append(row, fmt.Sprintf(format, col[i]))
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}
