package report

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
)

func TestErrorHistogram(t *testing.T) {
	digits := analysis.SetErrors{Name: "digits", PerImage: []float64{0.01, 0.02, 0.012}}
	noise := analysis.SetErrors{Name: "noise", PerImage: []float64{0.3, 0.35}}
	tests := []struct {
		name    string
		errs    []analysis.SetErrors
		wantErr string
	}{
		{"two sets", []analysis.SetErrors{digits, noise}, ""},
		{"one set", []analysis.SetErrors{digits}, ""},
		{"no sets", nil, "no input sets"},
		{"zero error", []analysis.SetErrors{{Name: "copy", PerImage: []float64{0.1, 0}}}, "no logarithm"},
		{"NaN error", []analysis.SetErrors{{Name: "bad", PerImage: []float64{math.NaN()}}}, "no logarithm"},
		{"infinite error", []analysis.SetErrors{{Name: "bad", PerImage: []float64{math.Inf(1)}}}, "no logarithm"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fig, err := ErrorHistogram("errors", tc.errs)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if png, err := fig.PNG(); err != nil || len(png) == 0 {
				t.Errorf("PNG: %d bytes, %v", len(png), err)
			}
		})
	}
}

func TestSetErrorsTable(t *testing.T) {
	e := func(a, b float64) []analysis.SetErrors {
		return []analysis.SetErrors{{Name: "0–4", Mean: a}, {Name: "5–9", Mean: b}}
	}
	headers := []string{"model", "fitted on", "MSE on 0–4", "MSE on 5–9", "5–9 / 0–4"}
	tests := []struct {
		name     string
		headers  []string
		labels   [][]string
		errs     [][]analysis.SetErrors
		wantRows [][]string
		wantErr  string
	}{
		{"two methods", headers, [][]string{{"AE", "all"}, {"PCA", "0–4"}}, [][]analysis.SetErrors{e(0.01, 0.0125), e(0.02, 0.05)},
			[][]string{{"AE", "all", "0.01000", "0.01250", "1.25"}, {"PCA", "0–4", "0.02000", "0.05000", "2.50"}}, ""},
		{"three sets, ratio of the last", []string{"m", "a", "b", "c", "c / a"}, [][]string{{"AE"}},
			[][]analysis.SetErrors{{{Name: "a", Mean: 0.1}, {Name: "b", Mean: 0.3}, {Name: "c", Mean: 0.2}}},
			[][]string{{"AE", "0.10000", "0.30000", "0.20000", "2.00"}}, ""},
		{"labels mismatch", headers, [][]string{{"AE", "all"}}, [][]analysis.SetErrors{e(1, 2), e(1, 2)}, nil, "2 error lists"},
		{"one set", []string{"m", "a", "r"}, [][]string{{"AE"}}, [][]analysis.SetErrors{e(1, 2)[:1]}, nil, "at least 2"},
		{"ragged sets", headers, [][]string{{"AE", "all"}, {"PCA", "all"}}, [][]analysis.SetErrors{e(1, 2), e(1, 2)[:1]}, nil, "has 1 sets"},
		{"header count", headers[:4], [][]string{{"AE", "all"}}, [][]analysis.SetErrors{e(1, 2)}, nil, "4 headers"},
		{"zero reference", headers, [][]string{{"AE", "all"}}, [][]analysis.SetErrors{e(0, 2)}, nil, "not positive"},
		{"nothing", headers, nil, nil, nil, "0 labels"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SetErrorsTable(tc.headers, tc.labels, tc.errs)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Headers, tc.headers) || !slices.EqualFunc(got.Rows, tc.wantRows, slices.Equal) {
				t.Errorf("table = %q %q, want rows %q", got.Headers, got.Rows, tc.wantRows)
			}
		})
	}
}

func TestDigitTable(t *testing.T) {
	var a, b [mnist.NumClasses]float64
	for d := range a {
		a[d], b[d] = float64(d)/100, 0.5
	}
	digits := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	tests := []struct {
		name     string
		names    []string
		values   [][mnist.NumClasses]float64
		wantRows [][]string
		wantErr  bool
	}{
		{"two rows", []string{"AE", "PCA"}, [][mnist.NumClasses]float64{a, b}, [][]string{
			{"AE", "0.0000", "0.0100", "0.0200", "0.0300", "0.0400", "0.0500", "0.0600", "0.0700", "0.0800", "0.0900"},
			{"PCA", "0.5000", "0.5000", "0.5000", "0.5000", "0.5000", "0.5000", "0.5000", "0.5000", "0.5000", "0.5000"},
		}, false},
		{"no rows", nil, nil, nil, false},
		{"names mismatch", []string{"AE"}, nil, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DigitTable("mean MSE, digit", tc.names, tc.values)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if !slices.Equal(got.Headers, append([]string{"mean MSE, digit"}, digits...)) {
				t.Errorf("headers = %q", got.Headers)
			}
			if !slices.EqualFunc(got.Rows, tc.wantRows, slices.Equal) {
				t.Errorf("rows = %q, want %q", got.Rows, tc.wantRows)
			}
		})
	}
}

func TestLogitGradientFigure(t *testing.T) {
	tests := []struct {
		name    string
		target  float64
		wantErr bool
	}{
		{"ink", 1, false},
		{"paper", 0, false},
		{"grey", 0.5, false},
		{"above 1", 1.5, true},
		{"negative", -0.1, true},
		{"NaN", math.NaN(), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fig, err := LogitGradientFigure(tc.target)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err == nil && fig == nil {
				t.Error("no figure")
			}
		})
	}
}
