package analysis

import (
	"slices"
	"testing"
)

func TestRowsAndFirstImages(t *testing.T) {
	x := []float32{1, 2, 3, 4, 5, 6, 7}
	rows := Rows(x, 3)
	if len(rows) != 2 || !slices.Equal(rows[1], []float32{4, 5, 6}) {
		t.Errorf("Rows(x, 3) = %v", rows)
	}
	if Rows(x, 0) != nil {
		t.Errorf("Rows(x, 0) not nil")
	}
	f := FirstImages([][]float32{x, x[:2]}, 2, 2)
	if !slices.Equal(f[0], []float32{1, 2, 3, 4}) || !slices.Equal(f[1], []float32{1, 2}) {
		t.Errorf("FirstImages = %v", f)
	}
	if got := Float64s([]float32{0.5, -2}); !slices.Equal(got, []float64{0.5, -2}) {
		t.Errorf("Float64s = %v", got)
	}
}
