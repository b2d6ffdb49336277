package report

import (
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
)

// images makes n images whose every pixel is v.
func images(n int, v float32) []float32 {
	x := make([]float32, n*mnist.Pixels)
	for i := range x {
		x[i] = v
	}
	return x
}

func TestSeparationAndJumpTables(t *testing.T) {
	zeros := analysis.Func("zeros", func(x []float32) ([]float32, error) { return make([]float32, len(x)), nil })
	sets := []analysis.InputSet{{Name: "bright", Images: images(3, 0.9)}, {Name: "dark", Images: images(3, 0.05)}}
	tab, err := SeparationTable(images(4, 0.1), sets, []analysis.Method{zeros})
	if err != nil {
		t.Fatal(err)
	}
	// Score = mean x²: bright images all above the normal ones (100 %), dark all below (0 %).
	if got := tab.Rows[0]; got[0] != "zeros" || got[1] != "100.0" || got[2] != "0.0" {
		t.Errorf("separation row %v", got)
	}
	jump, err := MethodsJumpTable([]analysis.Method{zeros}, []analysis.InputSet{{Name: "ref", Images: images(2, 0.1)}, sets[0]})
	if err != nil {
		t.Fatal(err)
	}
	// 0.81 / 0.01 = 81 times the reference error.
	if got := jump.Rows[1]; got[0] != "bright" || got[2] != "81.0" {
		t.Errorf("jump row %v", got)
	}
}
