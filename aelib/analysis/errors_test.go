package analysis

import (
	"math"
	"slices"
	"testing"
)

func TestAbsDiff(t *testing.T) {
	tests := []struct {
		name    string
		x, y    []float32
		want    []float32
		wantErr bool
	}{
		{"mixed", []float32{0, 1, 0.25, 0.5}, []float32{1, 0, 0.5, 0.5}, []float32{1, 1, 0.25, 0}, false},
		{"empty", nil, nil, []float32{}, false},
		{"length mismatch", []float32{0, 1}, []float32{0}, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AbsDiff(tc.x, tc.y)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err == nil && !slices.Equal(got, tc.want) {
				t.Errorf("AbsDiff = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestWorst(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		n      int
		want   []int
	}{
		{"top two", []float64{0.1, 0.5, 0.3, 0.9}, 2, []int{3, 1}},
		{"ties keep order", []float64{0.2, 0.7, 0.7, 0.1}, 3, []int{1, 2, 0}},
		{"n too large", []float64{0.2, 0.1}, 5, []int{0, 1}},
		{"n zero", []float64{0.2, 0.1}, 0, []int{}},
		{"n negative", []float64{0.2}, -1, []int{}},
		{"empty", nil, 3, []int{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Worst(tc.values, tc.n); !slices.Equal(got, tc.want) {
				t.Errorf("Worst = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMeanByDigit(t *testing.T) {
	tests := []struct {
		name    string
		values  []float64
		labels  []uint8
		want    map[int]float64 // digits not listed must be NaN
		wantErr bool
	}{
		{"two digits", []float64{1, 3, 10}, []uint8{2, 2, 7}, map[int]float64{2: 2, 7: 10}, false},
		{"all empty", nil, nil, map[int]float64{}, false},
		{"length mismatch", []float64{1}, []uint8{1, 2}, nil, true},
		{"bad label", []float64{1}, []uint8{10}, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := MeanByDigit(tc.values, tc.labels)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			for d, v := range got {
				want, ok := tc.want[d]
				if !ok {
					want = math.NaN()
				}
				if !(v == want || math.IsNaN(v) && math.IsNaN(want)) {
					t.Errorf("digit %d: %v, want %v", d, v, want)
				}
			}
		})
	}
}

func TestLogitGradients(t *testing.T) {
	tests := []struct {
		name             string
		target, p        float64
		wantBCE, wantMSE float64
	}{
		{"right", 1, 1, 0, 0},
		{"half", 1, 0.5, -0.5, -0.25},
		{"saturated wrong", 1, 0.01, -0.99, -2 * 0.99 * 0.01 * 0.99},
		{"target zero", 0, 0.9, 0.9, 2 * 0.9 * 0.9 * 0.1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bce, mse := LogitGradients(tc.target, []float64{tc.p})
			if math.Abs(bce[0]-tc.wantBCE) > 1e-12 || math.Abs(mse[0]-tc.wantMSE) > 1e-12 {
				t.Errorf("gradients %v, %v; want %v, %v", bce[0], mse[0], tc.wantBCE, tc.wantMSE)
			}
			// Both are derivatives with respect to the logit: check against finite differences.
			z := math.Log(tc.p / (1 - tc.p))
			if math.IsInf(z, 0) {
				return
			}
			const h = 1e-6
			sig := func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
			bceLoss := func(z float64) float64 {
				p := sig(z)
				return -(tc.target*math.Log(p) + (1-tc.target)*math.Log(1-p))
			}
			mseLoss := func(z float64) float64 { d := sig(z) - tc.target; return d * d }
			if d := (bceLoss(z+h) - bceLoss(z-h)) / (2 * h); math.Abs(d-bce[0]) > 1e-5 {
				t.Errorf("BCE gradient %v, finite difference %v", bce[0], d)
			}
			if d := (mseLoss(z+h) - mseLoss(z-h)) / (2 * h); math.Abs(d-mse[0]) > 1e-5 {
				t.Errorf("MSE gradient %v, finite difference %v", mse[0], d)
			}
		})
	}
}
