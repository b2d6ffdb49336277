package report

import (
	"slices"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/metrics"
)

func TestKindsAndPaperTables(t *testing.T) {
	k := KindsTable([]Result{{Model: "PCA", CodeSize: 30, Parameters: 24304, Metrics: metrics.Summary{MSE: 0.0177, PerImageSE: 13.866, PSNR: 17.5}, TrainSeconds: 0.52}})
	want := []string{"PCA", "24304", "30", "0.01770", "13.87", "17.50", "0", "0.5"}
	if len(k.Rows) != 1 || !slices.Equal(k.Rows[0], want) || len(k.Headers) != len(want) {
		t.Errorf("kinds table %q / %q, want row %q", k.Headers, k.Rows, want)
	}
	p := PaperTable("per-image SE", "Hinton & Salakhutdinov 2006", []PaperRow{{"PCA, 30 components", 13.87, 13.866}, {"deep autoencoder", 3.00, 2.85}})
	if p.Rows[1][3] != "0.95" || p.Rows[0][2] != "13.87" || p.Headers[1] != "per-image SE, Hinton & Salakhutdinov 2006" {
		t.Errorf("paper table %q %q", p.Headers, p.Rows)
	}
	v, err := ValuesTable("input", "PSNR dB", "%.1f", []string{"noisy", "denoised"}, []float64{12.34, 20.06})
	if err != nil || !slices.Equal(v.Rows[1], []string{"denoised", "20.1"}) {
		t.Errorf("values table %q, %v", v.Rows, err)
	}
	if _, err := ValuesTable("a", "b", "%f", []string{"x"}, nil); err == nil {
		t.Errorf("ragged values table accepted")
	}
}

// TestValidationColumn: rows that carry validation errors get a "val MSE" column (the one
// to choose by), a row without them a dash; rows without any keep the old layout.
func TestValidationColumn(t *testing.T) {
	withVal := []Result{
		{Model: "autoencoder", CodeSize: 32, Metrics: metrics.Summary{MSE: 0.0100}, Validation: metrics.Summary{MSE: 0.0123}},
		{Model: "PCA", CodeSize: 32, Metrics: metrics.Summary{MSE: 0.0168}},
	}
	for name, table := range map[string]func([]Result) Table{"ResultsTable": ResultsTable, "KindsTable": KindsTable} {
		tb := table(withVal)
		col := -1
		for i, h := range tb.Headers {
			if h == "val MSE" {
				col = i
			}
		}
		if col < 0 || tb.Rows[0][col] != "0.01230" || tb.Rows[1][col] != "—" || len(tb.Rows[0]) != len(tb.Headers) {
			t.Errorf("%s with validation: headers %v, rows %v", name, tb.Headers, tb.Rows)
		}
		plain := table(withVal[1:])
		for _, h := range plain.Headers {
			if h == "val MSE" {
				t.Errorf("%s without validation: headers %v", name, plain.Headers)
			}
		}
	}
}
