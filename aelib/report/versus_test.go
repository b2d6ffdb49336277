package report

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/metrics"
)

func TestVersusPCATable(t *testing.T) {
	row := func(model string, k int, mse float64) Result {
		return Result{Model: model, CodeSize: k, Metrics: metrics.Summary{MSE: mse}}
	}
	two := []Result{
		row("PCA", 2, 0.05), row("linear autoencoder 784-2-784", 2, 0.05), row("autoencoder 784-128-2-128-784", 2, 0.04),
		row("PCA", 4, 0.04), row("linear autoencoder 784-4-784", 4, 0.042), row("autoencoder 784-128-4-128-784", 4, 0.03),
	}
	tests := []struct {
		name        string
		results     []Result
		models      []string
		wantHeaders []string
		wantRows    [][]string
		wantErr     string
	}{
		{"two models", two, []string{"linear AE", "non-linear AE"},
			[]string{"code size k", "linear AE / PCA", "non-linear AE / PCA", "PCA − non-linear AE", "non-linear AE, k numbers", "PCA, 2k components"},
			[][]string{{"2", "100.0%", "80.0%", "0.01000", "0.04000", "0.04000"}, {"4", "105.0%", "75.0%", "0.01000", "0.03000", ""}}, ""},
		{"one model", []Result{row("PCA", 8, 0.02), row("AE", 8, 0.01)}, []string{"AE"},
			[]string{"code size k", "AE / PCA", "PCA − AE", "AE, k numbers", "PCA, 2k components"},
			[][]string{{"8", "50.0%", "0.01000", "0.01000", ""}}, ""},
		{"incomplete group", two[:5], []string{"linear AE", "non-linear AE"}, nil, nil, "not groups"},
		{"no models", two, nil, nil, nil, "not groups"},
		{"no rows", nil, []string{"AE"}, nil, nil, "not groups"},
		{"PCA not first", []Result{row("AE", 2, 0.01), row("PCA", 2, 0.02)}, []string{"AE"}, nil, nil, "want PCA's"},
		{"code sizes mixed", []Result{row("PCA", 2, 0.02), row("AE", 4, 0.01)}, []string{"AE"}, nil, nil, "code size 4 in the group of 2"},
		{"zero PCA error", []Result{row("PCA", 2, 0), row("AE", 2, 0.01)}, []string{"AE"}, nil, nil, "not positive"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := VersusPCATable(tc.results, tc.models)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Headers, tc.wantHeaders) {
				t.Errorf("headers = %q, want %q", got.Headers, tc.wantHeaders)
			}
			if !slices.EqualFunc(got.Rows, tc.wantRows, slices.Equal) {
				t.Errorf("rows = %q, want %q", got.Rows, tc.wantRows)
			}
		})
	}
}

func TestMergeByCodeSize(t *testing.T) {
	row := func(model string, k int) Result { return Result{Model: model, CodeSize: k} }
	lin := []Result{row("PCA", 2), row("lin", 2), row("PCA", 4), row("lin", 4)}
	deep := []Result{row("PCA", 2), row("deep", 2), row("wide", 2), row("PCA", 4), row("deep", 4), row("wide", 4)}
	tests := []struct {
		name    string
		a, b    []Result
		want    []string // model@code size
		wantErr string
	}{
		{"one and two models", lin, deep, []string{"PCA@2", "lin@2", "deep@2", "wide@2", "PCA@4", "lin@4", "deep@4", "wide@4"}, ""},
		{"PCA only in b", lin, []Result{row("PCA", 2), row("PCA", 4)}, []string{"PCA@2", "lin@2", "PCA@4", "lin@4"}, ""},
		{"code sizes differ", lin, []Result{row("PCA", 2), row("deep", 2), row("PCA", 8), row("deep", 8)}, nil, "code size 4 in one comparison, 8"},
		{"group counts differ", lin, deep[:3], nil, "2 code sizes against 1"},
		{"no PCA first", lin, []Result{row("deep", 2)}, nil, "second comparison: the rows do not start with PCA's"},
		{"empty", nil, lin, nil, "first comparison"},
		{"model in the wrong group", []Result{row("PCA", 2), row("lin", 4)}, lin[:2], nil, "code size 4 after one of 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := MergeByCodeSize(tc.a, tc.b)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, r := range got {
				names = append(names, fmt.Sprintf("%s@%d", r.Model, r.CodeSize))
			}
			if !slices.Equal(names, tc.want) {
				t.Errorf("merged = %v, want %v", names, tc.want)
			}
		})
	}
}
