package metrics

import (
	"math"
	"strings"
	"testing"
)

const tol = 1e-12

func near(a, b float64) bool {
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return a == b
	}
	return math.Abs(a-b) <= tol*max(1, math.Abs(b))
}

// Two 2×3 "images" with hand-computed errors:
//
//	x = [0 0.5 1 | 1 1 0]
//	y = [0 0.25 0.5 | 1 0.5 0.5]
//	squared errors: [0 1/16 1/4 | 0 1/4 1/4], row sums 5/16 and 1/2.
var (
	x2 = []float32{0, 0.5, 1, 1, 1, 0}
	y2 = []float32{0, 0.25, 0.5, 1, 0.5, 0.5}
)

func TestMSE(t *testing.T) {
	tests := []struct {
		name string
		x, y []float32
		want float64
	}{
		{"identical", []float32{1, 2, 3}, []float32{1, 2, 3}, 0},
		{"single", []float32{3}, []float32{1}, 4},
		{"two images", x2, y2, (5.0/16 + 0.5) / 6},
		{"symmetric", y2, x2, (5.0/16 + 0.5) / 6},
		{"negative values", []float32{-1, 1}, []float32{1, -1}, 4},
		{"odd length", []float32{0, 0, 0, 0, 0}, []float32{1, 1, 1, 1, 2}, 8.0 / 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := MSE(tc.x, tc.y)
			if err != nil || !near(got, tc.want) {
				t.Errorf("MSE = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func TestBCE(t *testing.T) {
	const eps = BCEEpsilon
	epsv := float64(eps)
	tests := []struct {
		name         string
		target, pred []float32
		want         float64
	}{
		{"half", []float32{1, 0}, []float32{0.5, 0.5}, math.Ln2},
		{"soft target", []float32{0.5}, []float32{0.5}, math.Ln2},
		{"t=0.25 p=0.5", []float32{0.25}, []float32{0.5}, math.Ln2},
		{"t=1 p=0.25", []float32{1}, []float32{0.25}, math.Log(4)},
		// -[0.2·log(0.8) + 0.8·log(0.2)], p = float32(0.8)
		{"t=0.2 p=0.8", []float32{0.2}, []float32{0.8}, -(float64(float32(0.2))*math.Log(float64(float32(0.8))) + (1-float64(float32(0.2)))*math.Log(1-float64(float32(0.8))))},
		{"perfect binary clipped", []float32{1, 0}, []float32{1, 0}, -math.Log(1 - eps)},
		{"worst binary clipped", []float32{1, 0}, []float32{0, 1}, -(math.Log(eps) + math.Log(1-(1-epsv))) / 2}, // 1−(1−ε) rounds in float64
		{"pred outside [0,1] clipped", []float32{1, 0}, []float32{2, -3}, -math.Log(1 - eps)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := BCE(tc.target, tc.pred)
			if err != nil || !near(got, tc.want) {
				t.Errorf("BCE = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
	if got := -math.Log(eps); math.Abs(got-16.118095651) > 1e-9 {
		t.Errorf("−log ε = %v", got)
	}
}

func TestPerImage(t *testing.T) {
	tests := []struct {
		name    string
		x, y    []float32
		d       int
		wantSE  float64
		wantMSE []float64
	}{
		{"two images", x2, y2, 3, (5.0/16 + 0.5) / 2, []float64{5.0 / 48, 1.0 / 6}},
		{"one image", x2, y2, 6, 5.0/16 + 0.5, []float64{(5.0/16 + 0.5) / 6}},
		{"six pixels", x2, y2, 1, (5.0/16 + 0.5) / 6, []float64{0, 1.0 / 16, 0.25, 0, 0.25, 0.25}},
		{"identical", x2, x2, 2, 0, []float64{0, 0, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			se, err := PerImageSE(tc.x, tc.y, tc.d)
			if err != nil || !near(se, tc.wantSE) {
				t.Errorf("PerImageSE = %v, %v; want %v", se, err, tc.wantSE)
			}
			m, err := PerImageMSE(tc.x, tc.y, tc.d)
			if err != nil || len(m) != len(tc.wantMSE) {
				t.Fatalf("PerImageMSE = %v, %v; want %v", m, err, tc.wantMSE)
			}
			for i := range m {
				if !near(m[i], tc.wantMSE[i]) {
					t.Errorf("PerImageMSE[%d] = %v, want %v", i, m[i], tc.wantMSE[i])
				}
			}
		})
	}
}

func TestPSNR(t *testing.T) {
	tests := []struct {
		name string
		x, y []float32
		max  float64
		want float64
	}{
		{"identical", x2, x2, 1, math.Inf(1)},
		{"mse 0.01", []float32{0.1, 0.3}, []float32{0.2, 0.2}, 1, 20},
		{"mse 1 max 255", []float32{0, 10}, []float32{1, 9}, 255, 20 * math.Log10(255)},
		{"mse 4 max 2", []float32{0}, []float32{2}, 2, 0},
		{"two images", x2, y2, 1, 10 * math.Log10(6/(5.0/16+0.5))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PSNR(tc.x, tc.y, tc.max)
			// float32 inputs: 0.1, 0.3, 0.2 are not exact.
			if err != nil || math.Abs(got-tc.want) > 1e-5 && !(math.IsInf(got, 1) && math.IsInf(tc.want, 1)) {
				t.Errorf("PSNR = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	x := []float32{0, 0.5, 1, 1, 1, 0, 0.25, 0.75}
	y := []float32{0.1, 0.5, 0.9, 0.6, 1, 0.2, 0.25, 0.7}
	for _, d := range []int{1, 2, 4, 8} {
		s, err := Summarize(x, y, d)
		if err != nil {
			t.Fatal(err)
		}
		mse, _ := MSE(x, y)
		bce, _ := BCE(x, y)
		se, _ := PerImageSE(x, y, d)
		p, _ := PSNR(x, y, 1)
		want := Summary{MSE: mse, BCE: bce, PerImageSE: se, PSNR: p}
		if !near(s.MSE, want.MSE) || !near(s.BCE, want.BCE) || !near(s.PerImageSE, want.PerImageSE) || !near(s.PSNR, want.PSNR) {
			t.Errorf("d=%d: Summarize = %+v, want %+v", d, s, want)
		}
	}
	s, err := Summarize(x, x, 4)
	if err != nil || s.MSE != 0 || s.PerImageSE != 0 || !math.IsInf(s.PSNR, 1) {
		t.Errorf("identical: %+v, %v", s, err)
	}
}

func TestErrors(t *testing.T) {
	nan := float32(math.NaN())
	inf := float32(math.Inf(1))
	type call func() error
	wrap := func(f func() (float64, error)) call { return func() error { _, err := f(); return err } }
	tests := []struct {
		name string
		f    call
		want string
	}{
		{"MSE mismatch", wrap(func() (float64, error) { return MSE(x2, y2[:5]) }), "length mismatch: 6 vs 5"},
		{"MSE empty", wrap(func() (float64, error) { return MSE(nil, nil) }), "empty"},
		{"MSE NaN", wrap(func() (float64, error) { return MSE([]float32{0, nan}, []float32{0, 0}) }), "non-finite input NaN at index 1"},
		{"MSE Inf", wrap(func() (float64, error) { return MSE([]float32{0, 0}, []float32{inf, 0}) }), "non-finite input +Inf at index 0"},
		{"BCE mismatch", wrap(func() (float64, error) { return BCE(x2[:1], y2) }), "length mismatch"},
		{"BCE empty", wrap(func() (float64, error) { return BCE([]float32{}, nil) }), "empty"},
		{"BCE NaN pred", wrap(func() (float64, error) { return BCE([]float32{1}, []float32{nan}) }), "non-finite"},
		{"BCE NaN target", wrap(func() (float64, error) { return BCE([]float32{nan}, []float32{0.5}) }), "non-finite"},
		{"BCE +Inf pred", wrap(func() (float64, error) { return BCE([]float32{1, 0}, []float32{0.5, inf}) }), "non-finite input +Inf at index 1"},
		{"BCE -Inf pred", wrap(func() (float64, error) { return BCE([]float32{0}, []float32{-inf}) }), "non-finite input -Inf at index 0"},
		{"PerImageSE d=0", wrap(func() (float64, error) { return PerImageSE(x2, y2, 0) }), "d = 0"},
		{"PerImageSE ragged", wrap(func() (float64, error) { return PerImageSE(x2, y2, 4) }), "not a multiple"},
		{"PerImageSE mismatch", wrap(func() (float64, error) { return PerImageSE(x2, y2[:3], 3) }), "length mismatch"},
		{"PerImageSE NaN", wrap(func() (float64, error) { return PerImageSE([]float32{nan}, []float32{1}, 1) }), "non-finite"},
		{"PSNR max 0", wrap(func() (float64, error) { return PSNR(x2, y2, 0) }), "maxValue"},
		{"PSNR max NaN", wrap(func() (float64, error) { return PSNR(x2, y2, math.NaN()) }), "maxValue"},
		{"PSNR max Inf", wrap(func() (float64, error) { return PSNR(x2, y2, math.Inf(1)) }), "maxValue"},
		{"PSNR empty", wrap(func() (float64, error) { return PSNR(nil, nil, 1) }), "empty"},
		{"PSNR NaN", wrap(func() (float64, error) { return PSNR([]float32{nan}, []float32{1}, 1) }), "non-finite"},
		{"PerImageMSE ragged", func() error { _, err := PerImageMSE(x2, y2, 5); return err }, "not a multiple"},
		{"PerImageMSE negative d", func() error { _, err := PerImageMSE(x2, y2, -1); return err }, "d = -1"},
		{"PerImageMSE NaN", func() error { _, err := PerImageMSE([]float32{1, nan}, []float32{1, 1}, 1); return err }, "index 1"},
		{"Summarize mismatch", func() error { _, err := Summarize(x2, y2[:4], 2); return err }, "length mismatch"},
		{"Summarize empty", func() error { _, err := Summarize(nil, nil, 2); return err }, "empty"},
		{"Summarize NaN", func() error { _, err := Summarize([]float32{nan}, []float32{0}, 1); return err }, "non-finite"},
		{"Summarize d=0", func() error { _, err := Summarize(x2, y2, 0); return err }, "d = 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.f()
			if err == nil {
				t.Fatal("want an error")
			}
			if !strings.HasPrefix(err.Error(), "metrics: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want prefix \"metrics: \" and %q", err, tc.want)
			}
		})
	}
}
