package report

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/plots"
)

// CodeTable lists the first units values of some codes: codes holds rows of k values, and
// the table has one row per index in rows, headed by its label, with one column per code
// unit z0, z1, … (%.2f).
func CodeTable(codes []float32, k, units int, rows []int, labels []string) (Table, error) {
	if k < 1 || len(codes)%k != 0 {
		return Table{}, fmt.Errorf("code table: %d values are not codes of %d", len(codes), k)
	}
	if units < 1 || units > k {
		return Table{}, fmt.Errorf("code table: %d units out of range 1..%d", units, k)
	}
	if len(rows) != len(labels) {
		return Table{}, fmt.Errorf("code table: %d rows for %d labels", len(rows), len(labels))
	}
	t := Table{Headers: []string{"input"}}
	for j := range units {
		t.Headers = append(t.Headers, fmt.Sprintf("z%d", j))
	}
	for i, r := range rows {
		if r < 0 || r >= len(codes)/k {
			return Table{}, fmt.Errorf("code table: row %d out of range 0..%d", r, len(codes)/k-1)
		}
		row := []string{labels[i]}
		for _, v := range codes[r*k : r*k+units] {
			row = append(row, fmt.Sprintf("%.2f", v))
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// UnitActivity draws, as one bar per code unit (labelled 0, 1, …), the fraction of inputs
// for which the unit is active (from analysis.CodeUnitStats); dead units have no bar.
func UnitActivity(stats analysis.UnitStats, title string) (*plots.Figure, error) {
	if len(stats.ActiveFraction) == 0 {
		return nil, fmt.Errorf("unit activity: no code units")
	}
	units := make([]string, len(stats.ActiveFraction))
	for j := range units {
		units[j] = fmt.Sprint(j)
	}
	return plots.Bars(units, stats.ActiveFraction, title, "fraction active")
}
