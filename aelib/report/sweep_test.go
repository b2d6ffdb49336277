package report

import (
	"slices"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/metrics"
)

func TestWithParameters(t *testing.T) {
	tests := []struct {
		name string
		rows []Result
		want []string
	}{
		{"two rows", []Result{{Model: "autoencoder 784-32-784", Parameters: 50992}, {Model: "PCA", Parameters: 25872}},
			[]string{"autoencoder 784-32-784 (50992 parameters)", "PCA (25872 parameters)"}},
		{"no parameters", []Result{{Model: "m"}}, []string{"m (0 parameters)"}},
		{"empty", nil, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			orig := slices.Clone(tc.rows)
			if got := Labels(WithParameters(tc.rows)); !slices.Equal(got, tc.want) {
				t.Errorf("labels = %q, want %q", got, tc.want)
			}
			if !slices.Equal(tc.rows, orig) {
				t.Error("the rows were modified")
			}
		})
	}
}

func TestMSEBars(t *testing.T) {
	rows := []Result{{Model: "a", Metrics: metrics.Summary{MSE: 0.01}}, {Model: "PCA", Metrics: metrics.Summary{MSE: 0.02}}}
	tests := []struct {
		name    string
		rows    []Result
		labels  []string
		wantErr bool
	}{
		{"two bars", rows, []string{"0", "PCA 32"}, false},
		{"labels mismatch", rows, []string{"0"}, true},
		{"no rows", nil, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fig, err := MSEBars(tc.rows, tc.labels, "sweep", "hidden layers")
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err == nil && fig == nil {
				t.Error("no figure")
			}
		})
	}
}
