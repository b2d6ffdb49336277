package analysis

import (
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/pca"
)

func TestScaleEach(t *testing.T) {
	got, err := ScaleEach([]float32{-2, 0, 2, 5, 5, 5}, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{0, 0.5, 1, 0.5, 0.5, 0.5}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ScaleEach = %v, want %v", got, want)
		}
	}
	if _, err := ScaleEach([]float32{1, 2}, 3); err == nil {
		t.Error("ragged rows: no error")
	}
}

func TestPrincipalAxes(t *testing.T) {
	// Points along the first coordinate axis: the first principal axis is ±e₁.
	x := []float32{-2, 0, 0, -1, 0.1, 0, 0, 0, 0.1, 1, 0, 0, 2, -0.1, 0}
	p, err := pca.Fit(x, 5, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	axes, err := PrincipalAxes(p, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(axes) != 6 || !(axes[0] > 0.99 || axes[0] < -0.99) {
		t.Errorf("axes %v, want the first ±e₁", axes)
	}
	if _, err := PrincipalAxes(p, 3); err == nil {
		t.Error("3 axes of a 2-component PCA: no error")
	}
}
