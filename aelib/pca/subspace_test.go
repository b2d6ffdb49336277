package pca

import (
	"math"
	"strings"
	"testing"
)

func TestPrincipalAngles(t *testing.T) {
	tests := []struct {
		name   string
		a      []float32
		ka     int
		b      []float32
		kb     int
		d      int
		want   []float64
		errHas string
	}{
		{"same plane, other basis", []float32{1, 0, 0, 0, 1, 0}, 2, []float32{1, 1, 0, 1, -1, 0}, 2, 3, []float64{0, 0}, ""},
		{"orthogonal lines", []float32{1, 0, 0}, 1, []float32{0, 0, 2}, 1, 3, []float64{90}, ""},
		{"45 degrees", []float32{1, 0}, 1, []float32{1, 1}, 1, 2, []float64{45}, ""},
		{"plane vs tilted plane", []float32{1, 0, 0, 0, 1, 0}, 2, []float32{1, 0, 0, 0, 1, 1}, 2, 3, []float64{0, 45}, ""},
		{"dependent rows", []float32{1, 0, 2, 0}, 2, []float32{1, 0}, 1, 2, nil, "linearly dependent"},
		{"wrong length", []float32{1, 0}, 1, []float32{1}, 1, 2, nil, "values"},
		{"too many dims", []float32{1, 0, 0, 1, 1, 1}, 3, []float32{1, 0}, 1, 2, nil, "do not fit"},
		{"NaN", []float32{float32(math.NaN()), 0}, 1, []float32{1, 0}, 1, 2, nil, "non-finite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PrincipalAngles(tt.a, tt.ka, tt.b, tt.kb, tt.d)
			if tt.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("err = %v, want one containing %q", err, tt.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if math.Abs(got[i]-tt.want[i]) > 1e-4 {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}
