package analysis

import (
	"strings"
	"testing"
)

func TestInterpolate(t *testing.T) {
	got, err := Interpolate([]float32{0, 10}, []float32{1, 20}, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{0, 10, 0.5, 15, 1, 20}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Interpolate = %v, want %v", got, want)
		}
	}
	for _, tt := range []struct {
		a, b  []float32
		steps int
		want  string
	}{{[]float32{1}, []float32{1, 2}, 3, "end points"}, {[]float32{1}, []float32{2}, 1, "at least 2"}} {
		if _, err := Interpolate(tt.a, tt.b, tt.steps); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Interpolate(%v, %v, %d) = %v, want error with %q", tt.a, tt.b, tt.steps, err, tt.want)
		}
	}
}

func TestMeanByLabelAndStats(t *testing.T) {
	x := []float32{1, 0, 3, 0, 5, 0}
	labels := []uint8{1, 1, 0}
	m, counts, err := MeanByLabel(x, 2, labels, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{5, 0, 2, 0, 0, 0}
	for i := range want {
		if m[i] != want[i] {
			t.Fatalf("MeanByLabel = %v, want %v", m, want)
		}
	}
	if counts[0] != 1 || counts[1] != 2 || counts[2] != 0 {
		t.Errorf("counts = %v", counts)
	}
	if _, _, err := MeanByLabel(x, 2, []uint8{1, 9, 0}, 3); err == nil {
		t.Error("label out of range accepted")
	}
	s, err := CodeUnitStats(x, 2)
	if err != nil {
		t.Fatal(err)
	}
	if s.Dead != 1 || s.ActiveFraction[0] != 1 || s.Mean[0] != 3 || s.Max[0] != 5 {
		t.Errorf("stats = %+v", s)
	}
	if got := FirstOfEachLabel([]uint8{2, 0, 2, 1}, 4); got[0] != 1 || got[1] != 3 || got[2] != 0 || got[3] != -1 {
		t.Errorf("FirstOfEachLabel = %v", got)
	}
}

func TestTopUnits(t *testing.T) {
	if got := TopUnits([]float32{0.5, 3, 0, 2}, 2); len(got) != 2 || got[0] != 1 || got[1] != 3 {
		t.Errorf("TopUnits = %v, want [1 3]", got)
	}
	if got := TopUnits([]float32{1}, 5); len(got) != 1 {
		t.Errorf("TopUnits with n > len = %v", got)
	}
}
