package report

import (
	"slices"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
)

func TestCodeTable(t *testing.T) {
	codes := []float32{0, 1, 2, 0.5, 0.25, 0.125, 3, 2, 1} // three codes of 3
	tests := []struct {
		name        string
		k, units    int
		rows        []int
		labels      []string
		wantHeaders []string
		wantRows    [][]string
		wantErr     string
	}{
		{"two of three units", 3, 2, []int{2, 0}, []string{"c", "a"}, []string{"input", "z0", "z1"},
			[][]string{{"c", "3.00", "2.00"}, {"a", "0.00", "1.00"}}, ""},
		{"every unit", 3, 3, []int{1}, []string{"b"}, []string{"input", "z0", "z1", "z2"},
			[][]string{{"b", "0.50", "0.25", "0.12"}}, ""},
		{"no rows", 3, 1, nil, nil, []string{"input", "z0"}, nil, ""},
		{"ragged codes", 4, 2, []int{0}, []string{"a"}, nil, nil, "not codes of 4"},
		{"too many units", 3, 4, []int{0}, []string{"a"}, nil, nil, "out of range 1..3"},
		{"labels mismatch", 3, 2, []int{0, 1}, []string{"a"}, nil, nil, "2 rows for 1 labels"},
		{"row out of range", 3, 2, []int{3}, []string{"d"}, nil, nil, "row 3 out of range"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CodeTable(codes, tc.k, tc.units, tc.rows, tc.labels)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Headers, tc.wantHeaders) || !slices.EqualFunc(got.Rows, tc.wantRows, slices.Equal) {
				t.Errorf("table = %q %q, want %q %q", got.Headers, got.Rows, tc.wantHeaders, tc.wantRows)
			}
		})
	}
}

func TestUnitActivity(t *testing.T) {
	tests := []struct {
		name    string
		stats   analysis.UnitStats
		wantErr bool
	}{
		{"three units, one dead", analysis.UnitStats{ActiveFraction: []float64{0.5, 0, 1}, Dead: 1}, false},
		{"one unit", analysis.UnitStats{ActiveFraction: []float64{0.25}}, false},
		{"no units", analysis.UnitStats{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fig, err := UnitActivity(tc.stats, "activity")
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err == nil && fig == nil {
				t.Error("no figure")
			}
		})
	}
}
