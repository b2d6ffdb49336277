package pca

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// withKernels runs f with the active kernels, then with each other kernel
// set the CPU supports (extraKernelSets, from kernel_simd_amd64_test.go)
// and with the portable Go kernels.
func withKernels(t *testing.T, f func(t *testing.T)) {
	k, kr, cr, dk, ar, name := kernel4x16, kernel4x16R, convertRow, dotKernel, accumulateRow, kernelName
	defer func() {
		kernel4x16, kernel4x16R, convertRow, dotKernel, accumulateRow, kernelName = k, kr, cr, dk, ar, name
	}()
	t.Run(kernelName, f)
	for _, set := range extraKernelSets {
		set.install()
		if kernelName != name {
			t.Run(kernelName, f)
		}
	}
	kernel4x16, kernel4x16R, convertRow, dotKernel, accumulateRow = kernel4x16Go, kernel4x16RGo, convertRowGo, dotGo, accumulateRowGo
	kernelName = "go"
	if name != "go" {
		t.Run("go", f)
	}
}

type kernelSet struct{ install func() }

// extraKernelSets lists the SIMD kernel sets besides the active one; it is
// filled by kernel_simd_amd64_test.go.
var extraKernelSets []kernelSet

func randData(rng *rand.Rand, n, d int) []float32 {
	x := make([]float32, n*d)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return x
}

func randShift(rng *rand.Rand, d int) []float64 {
	s := make([]float64, d)
	for j := range s {
		s[j] = rng.Float64() - 0.5
	}
	return s
}

// at returns element (i, j) of m as the drivers read it.
func (m dataMat) at(i, j int) float64 {
	var v float64
	if m.x64 != nil {
		v = m.x64[i*m.d+j]
	} else {
		v = float64(m.x[i*m.d+j])
	}
	if m.shift != nil {
		v -= m.shift[j]
	}
	return v
}

func maxAbsDiff(a, b []float64) float64 {
	m := 0.0
	for i := range a {
		m = max(m, math.Abs(a[i]-b[i]))
	}
	return m
}

var driverShapes = []struct{ n, d, m int }{
	{1, 1, 1},
	{3, 5, 2},
	{4, 16, 16},
	{7, 17, 3},
	{130, 33, 20},
	{257, 50, 5},
	{300, 129, 42},
}

func TestMicroKernels(t *testing.T) {
	withKernels(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 1))
		for _, tc := range []struct{ kc, sa, sb, ldc int }{
			{1, 4, 16, 16}, {7, 5, 19, 17}, {128, 16, 16, 64}, {33, 784, 48, 48},
		} {
			pa := make([]float64, tc.kc*tc.sa+4)
			pb := make([]float64, tc.kc*tc.sb+16)
			for i := range pa {
				pa[i] = rng.NormFloat64()
			}
			for i := range pb {
				pb[i] = rng.NormFloat64()
			}
			c := make([]float64, 3*tc.ldc+16)
			for i := range c {
				c[i] = float64(i)
			}
			want := append([]float64(nil), c...)
			for t := 0; t < 4; t++ {
				for j := 0; j < 16; j++ {
					for i := 0; i < tc.kc; i++ {
						want[t*tc.ldc+j] += pa[i*tc.sa+t] * pb[i*tc.sb+j]
					}
				}
			}
			got := append([]float64(nil), c...)
			kernel4x16(tc.kc, pa, tc.sa, pb, tc.sb, got, tc.ldc)
			if e := maxAbsDiff(got, want); e > 1e-11 {
				t.Errorf("kernel4x16 %+v: max error %g", tc, e)
			}
			rows := make([][]float64, 4)
			for t := range rows {
				rows[t] = make([]float64, tc.kc)
				for i := range rows[t] {
					rows[t][i] = pa[i*tc.sa+t]
				}
			}
			got = append([]float64(nil), c...)
			kernel4x16R(tc.kc, rows[0], rows[1], rows[2], rows[3], pb, tc.sb, got, tc.ldc)
			if e := maxAbsDiff(got, want); e > 1e-11 {
				t.Errorf("kernel4x16R %+v: max error %g", tc, e)
			}
		}
		for _, n := range []int{0, 1, 7, 8, 9, 31, 32, 33, 100} {
			x64 := make([]float64, n)
			y64 := make([]float64, n)
			want := 0.0
			for i := range x64 {
				x64[i], y64[i] = rng.NormFloat64(), rng.NormFloat64()
				want += x64[i] * y64[i]
			}
			if got := dotKernel(x64, y64); math.Abs(got-want) > 1e-12*float64(n+1) {
				t.Errorf("dotKernel n=%d: %v, want %v", n, got, want)
			}
			row, first := randData(rng, 1, n), randData(rng, 1, n)
			sum, dev := randShift(rng, n), randShift(rng, n)
			wantSum, wantDev := append([]float64(nil), sum...), append([]float64(nil), dev...)
			for j := range row {
				wantSum[j] += float64(row[j])
				t := float64(row[j]) - float64(first[j])
				wantDev[j] += t * t
			}
			accumulateRow(sum, dev, row, first)
			if maxAbsDiff(sum, wantSum) > 1e-15 || maxAbsDiff(dev, wantDev) > 1e-14 {
				t.Errorf("accumulateRow n=%d: sum %v dev %v, want %v %v", n, sum, dev, wantSum, wantDev)
			}

			src := randData(rng, 1, n)
			shift := randShift(rng, n)
			for _, sh := range [][]float64{nil, shift} {
				got := make([]float64, n)
				convertRow(got, src, sh)
				for j := range got {
					want := float64(src[j])
					if sh != nil {
						want -= sh[j]
					}
					if got[j] != want {
						t.Fatalf("convertRow n=%d: [%d] = %v, want %v", n, j, got[j], want)
					}
				}
			}
		}
	})
}

func TestDrivers(t *testing.T) {
	withKernels(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(2, 2))
		for _, s := range driverShapes {
			t.Run(fmt.Sprintf("%dx%dx%d", s.n, s.d, s.m), func(t *testing.T) {
				m := dataMat{x: randData(rng, s.n, s.d), n: s.n, d: s.d, shift: randShift(rng, s.d)}
				n, d := s.n, s.d
				tol := 1e-10 * float64(max(n, d))

				// Scatter and Gram matrices.
				cov := covariance(m)
				wantCov := make([]float64, d*d)
				for a := 0; a < d; a++ {
					for b := 0; b < d; b++ {
						for i := 0; i < n; i++ {
							wantCov[a*d+b] += m.at(i, a) * m.at(i, b)
						}
					}
				}
				if e := maxAbsDiff(cov, wantCov); e > tol {
					t.Errorf("covariance: max error %g", e)
				}
				g := gram(m)
				wantG := make([]float64, n*n)
				for a := 0; a < n; a++ {
					for b := 0; b < n; b++ {
						for j := 0; j < d; j++ {
							wantG[a*n+b] += m.at(a, j) * m.at(b, j)
						}
					}
				}
				if e := maxAbsDiff(g, wantG); e > tol {
					t.Errorf("gram: max error %g", e)
				}

				// Y = M·B through mulXB, for float32 and float64 data.
				b := make([]float64, d*s.m)
				for i := range b {
					b[i] = rng.NormFloat64()
				}
				wantY := make([]float64, n*s.m)
				for i := 0; i < n; i++ {
					for c := 0; c < s.m; c++ {
						for j := 0; j < d; j++ {
							wantY[i*s.m+c] += m.at(i, j) * b[j*s.m+c]
						}
					}
				}
				x64 := make([]float64, n*d)
				for i := range x64 {
					x64[i] = float64(m.x[i])
				}
				for _, mm := range []dataMat{m, {x64: x64, n: n, d: d, shift: m.shift}} {
					y := make([]float64, n*s.m)
					mulXB(mm, b, s.m, 3, func(_, i int, row []float64) { copy(y[i*s.m:], row) })
					if e := maxAbsDiff(y, wantY); e > tol {
						t.Errorf("mulXB: max error %g", e)
					}
				}

				// Mᵀ·Q and MᵀM·Z.
				q := make([]float64, n*s.m)
				for i := range q {
					q[i] = rng.NormFloat64()
				}
				wantZ := make([]float64, d*s.m)
				for j := 0; j < d; j++ {
					for c := 0; c < s.m; c++ {
						for i := 0; i < n; i++ {
							wantZ[j*s.m+c] += m.at(i, j) * q[i*s.m+c]
						}
					}
				}
				if e := maxAbsDiff(mulXtQ(m, q, s.m), wantZ); e > tol {
					t.Errorf("mulXtQ: max error %g", e)
				}
				wantW := make([]float64, d*s.m)
				for a := 0; a < d; a++ {
					for c := 0; c < s.m; c++ {
						for j := 0; j < d; j++ {
							wantW[a*s.m+c] += wantCov[a*d+j] * b[j*s.m+c]
						}
					}
				}
				if e := maxAbsDiff(covTimes(m, b, s.m), wantW); e > tol*float64(n) {
					t.Errorf("covTimes: max error %g", e)
				}
			})
		}
	})
}
