package report

import (
	"fmt"
)

// VersusPCATable reads comparison rows grouped by code size — each group PCA's row, then
// one row per model named in models, in that order (as lab.CompareCodes returns them, or
// several of its results merged) — and lays out one row per code size k: each model's test
// MSE as a percentage of PCA's; PCA's MSE minus the last model's; the last model's MSE; and
// PCA's MSE with 2k components when the rows have that code size. The last two columns
// answer "is k numbers of the model worth 2k of PCA?".
func VersusPCATable(results []Result, models []string) (Table, error) {
	group := 1 + len(models)
	if len(models) == 0 || len(results) == 0 || len(results)%group != 0 {
		return Table{}, fmt.Errorf("versus PCA table: %d rows are not groups of PCA and %d models", len(results), len(models))
	}
	pcaMSE := map[int]float64{}
	for i := 0; i < len(results); i += group {
		k := results[i].CodeSize
		if results[i].Model != "PCA" {
			return Table{}, fmt.Errorf("versus PCA table: row %d is %q, want PCA's", i, results[i].Model)
		}
		if !(results[i].Metrics.MSE > 0) {
			return Table{}, fmt.Errorf("versus PCA table: PCA's MSE %v at code size %d is not positive", results[i].Metrics.MSE, k)
		}
		for j := 1; j < group; j++ {
			if c := results[i+j].CodeSize; c != k {
				return Table{}, fmt.Errorf("versus PCA table: row %d (%s) has code size %d in the group of %d", i+j, results[i+j].Model, c, k)
			}
		}
		pcaMSE[k] = results[i].Metrics.MSE
	}
	last := models[len(models)-1]
	t := Table{Headers: []string{"code size k"}}
	for _, m := range models {
		t.Headers = append(t.Headers, m+" / PCA")
	}
	t.Headers = append(t.Headers, "PCA − "+last, last+", k numbers", "PCA, 2k components")
	for i := 0; i < len(results); i += group {
		k, p := results[i].CodeSize, results[i].Metrics.MSE
		row := []string{fmt.Sprint(k)}
		for j := 1; j < group; j++ {
			row = append(row, fmt.Sprintf("%.1f%%", 100*results[i+j].Metrics.MSE/p))
		}
		lastMSE := results[i+group-1].Metrics.MSE
		twice := ""
		if p2, ok := pcaMSE[2*k]; ok {
			twice = fmt.Sprintf("%.5f", p2)
		}
		t.Rows = append(t.Rows, append(row, fmt.Sprintf("%.5f", p-lastMSE), fmt.Sprintf("%.5f", lastMSE), twice))
	}
	return t, nil
}

// MergeByCodeSize joins two comparisons over the same code sizes — each as lab.CompareCodes
// returns it: per code size PCA's row, then one row per model — group by group: a's group,
// then b's model rows (b's PCA rows, fits of the same components, are dropped). Comparing
// models trained with different options (two CompareCodes calls) gives one table this way.
func MergeByCodeSize(a, b []Result) ([]Result, error) {
	ga, err := pcaGroups(a)
	if err != nil {
		return nil, fmt.Errorf("merge by code size: first comparison: %w", err)
	}
	gb, err := pcaGroups(b)
	if err != nil {
		return nil, fmt.Errorf("merge by code size: second comparison: %w", err)
	}
	if len(ga) != len(gb) {
		return nil, fmt.Errorf("merge by code size: %d code sizes against %d", len(ga), len(gb))
	}
	out := make([]Result, 0, len(a)+len(b)-len(gb))
	for i, g := range ga {
		if k, kb := g[0].CodeSize, gb[i][0].CodeSize; k != kb {
			return nil, fmt.Errorf("merge by code size: group %d has code size %d in one comparison, %d in the other", i, k, kb)
		}
		out = append(append(out, g...), gb[i][1:]...)
	}
	return out, nil
}

// pcaGroups splits comparison rows into groups that each start with PCA's row.
func pcaGroups(rows []Result) ([][]Result, error) {
	if len(rows) == 0 || rows[0].Model != "PCA" {
		return nil, fmt.Errorf("the rows do not start with PCA's")
	}
	var groups [][]Result
	for i, r := range rows {
		if r.Model == "PCA" {
			groups = append(groups, nil)
		} else if r.CodeSize != rows[i-1].CodeSize {
			return nil, fmt.Errorf("row %d (%s) has code size %d after one of %d", i, r.Model, r.CodeSize, rows[i-1].CodeSize)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], r)
	}
	return groups, nil
}
