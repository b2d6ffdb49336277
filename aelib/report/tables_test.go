package report

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
)

func TestJumpTable(t *testing.T) {
	ae := []analysis.SetErrors{{Name: "digits", Mean: 0.01}, {Name: "noise", Mean: 0.25}}
	pc := []analysis.SetErrors{{Name: "digits", Mean: 0.02}, {Name: "noise", Mean: 0.1}}
	other := []analysis.SetErrors{{Name: "digits", Mean: 0.02}, {Name: "strokes", Mean: 0.1}}
	zero := []analysis.SetErrors{{Name: "digits", Mean: 0}, {Name: "noise", Mean: 0.1}}
	tests := []struct {
		name     string
		methods  []string
		errs     [][]analysis.SetErrors
		wantRows [][]string
		wantErr  string
	}{
		{"two methods", []string{"AE", "PCA"}, [][]analysis.SetErrors{ae, pc},
			[][]string{{"digits", "0.01000", "1.0", "0.02000", "1.0"}, {"noise", "0.25000", "25.0", "0.10000", "5.0"}}, ""},
		{"one method", []string{"AE"}, [][]analysis.SetErrors{ae},
			[][]string{{"digits", "0.01000", "1.0"}, {"noise", "0.25000", "25.0"}}, ""},
		{"names mismatch", []string{"AE", "PCA"}, [][]analysis.SetErrors{ae, other}, nil, "set 1"},
		{"count mismatch", []string{"AE", "PCA"}, [][]analysis.SetErrors{ae, pc[:1]}, nil, "has 1 sets"},
		{"methods mismatch", []string{"AE"}, [][]analysis.SetErrors{ae, pc}, nil, "method names"},
		{"zero reference", []string{"AE"}, [][]analysis.SetErrors{zero}, nil, "not positive"},
		{"no sets", []string{"AE"}, [][]analysis.SetErrors{{}}, nil, "no input sets"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := JumpTable(tc.methods, tc.errs)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Headers) != 1+2*len(tc.methods) || got.Headers[2] != tc.methods[0]+" ×digits" {
				t.Errorf("headers = %q", got.Headers)
			}
			if len(got.Rows) != len(tc.wantRows) {
				t.Fatalf("rows = %q, want %q", got.Rows, tc.wantRows)
			}
			for i := range got.Rows {
				if !slices.Equal(got.Rows[i], tc.wantRows[i]) {
					t.Errorf("row %d = %q, want %q", i, got.Rows[i], tc.wantRows[i])
				}
			}
		})
	}
}

func TestNewSubspaceCheckAndTable(t *testing.T) {
	tests := []struct {
		name          string
		angles        []float64
		largest, mean float64
		row           []string
	}{
		{"all aligned", []float64{0, 0}, 0, 0, []string{"m", "2", "0.00", "0.00", "2 of 2", "2 of 2"}},
		{"one off", []float64{0.5, 2, 9.5}, 9.5, 4, []string{"m", "3", "9.50", "4.00", "1 of 3", "2 of 3"}},
		{"orthogonal", []float64{90}, 90, 90, []string{"m", "1", "90.00", "90.00", "0 of 1", "0 of 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := analysis.NewSubspaceCheck("m", len(tt.angles), tt.angles)
			if c.Largest != tt.largest || math.Abs(c.Mean-tt.mean) > 1e-12 {
				t.Errorf("largest %v mean %v, want %v %v", c.Largest, c.Mean, tt.largest, tt.mean)
			}
			tbl := SubspaceTable([]analysis.SubspaceCheck{c})
			if len(tbl.Rows) != 1 || !slices.Equal(tbl.Rows[0], tt.row) {
				t.Errorf("row %q, want %q", tbl.Rows, tt.row)
			}
			if len(tbl.Headers) != len(tt.row) {
				t.Errorf("%d headers for %d columns", len(tbl.Headers), len(tt.row))
			}
		})
	}
}
