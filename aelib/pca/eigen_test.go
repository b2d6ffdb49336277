package pca

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/mat"
)

// symWithSpectrum returns Q·diag(w)·Qᵀ for a random orthogonal Q.
func symWithSpectrum(rng *rand.Rand, w []float64) []float64 {
	p := len(w)
	g := mat.NewDense(p, p, nil)
	for i := 0; i < p; i++ {
		for j := 0; j < p; j++ {
			g.Set(i, j, rng.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q mat.Dense
	qr.QTo(&q)
	a := make([]float64, p*p)
	for i := 0; i < p; i++ {
		for j := 0; j < p; j++ {
			s := 0.0
			for c := 0; c < p; c++ {
				s += q.At(i, c) * w[c] * q.At(j, c)
			}
			a[i*p+j] = s
		}
	}
	for i := 0; i < p; i++ { // exact symmetry
		for j := 0; j < i; j++ {
			a[i*p+j] = a[j*p+i]
		}
	}
	return a
}

func TestTopEigenSym(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	spectrum := func(p int, f func(i int) float64) []float64 {
		w := make([]float64, p)
		for i := range w {
			w[i] = f(i)
		}
		return w
	}
	diag := func(w []float64) []float64 {
		p := len(w)
		a := make([]float64, p*p)
		for i, v := range w {
			a[i*p+i] = v
		}
		return a
	}
	tests := []struct {
		name string
		a    []float64
		p, k int
	}{
		{"1x1", []float64{2.5}, 1, 1},
		{"2x2", []float64{2, 1, 1, 2}, 2, 1},
		{"distinct", symWithSpectrum(rng, spectrum(40, func(i int) float64 { return float64(i + 1) })), 40, 10},
		{"decaying", symWithSpectrum(rng, spectrum(100, func(i int) float64 { return math.Pow(0.8, float64(i)) })), 100, 30},
		{"repeated", symWithSpectrum(rng, spectrum(30, func(i int) float64 { return float64(i / 5) })), 30, 12},
		{"all equal", symWithSpectrum(rng, spectrum(20, func(int) float64 { return 3 })), 20, 7},
		{"low rank", symWithSpectrum(rng, spectrum(25, func(i int) float64 { return float64(max(0, i-20)) })), 25, 8},
		{"diagonal with zeros", diag(spectrum(30, func(i int) float64 { return float64((i * 7) % 5) })), 30, 30},
		{"zero", make([]float64, 36), 6, 3},
		{"large", symWithSpectrum(rng, spectrum(300, func(i int) float64 { return 1 / float64(i+1) })), 300, 40},
		{"negative", symWithSpectrum(rng, spectrum(15, func(i int) float64 { return float64(i) - 7 })), 15, 15},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var es mat.EigenSym
			if !es.Factorize(mat.NewSymDense(tc.p, append([]float64(nil), tc.a...)), false) {
				t.Fatal("reference factorisation failed")
			}
			ref := es.Values(nil)
			scale := max(math.Abs(ref[0]), math.Abs(ref[tc.p-1]), 1)
			check := func(name string, vals, vecs []float64) {
				t.Helper()
				for c := 0; c < tc.k; c++ {
					if e := math.Abs(vals[c] - ref[tc.p-1-c]); e > 1e-12*scale {
						t.Errorf("%s: λ_%d = %v, want %v", name, c, vals[c], ref[tc.p-1-c])
					}
				}
				if !eigenCheck(tc.a, tc.p, tc.k, vals, vecs) {
					t.Errorf("%s: eigenpairs fail the residual/orthogonality check", name)
				}
			}
			vals, vecs, err := topEigenSym(append([]float64(nil), tc.a...), tc.p, tc.k)
			if err != nil {
				t.Fatal(err)
			}
			check("topEigenSym", vals, vecs)
			// The fast path on its own must also succeed on these.
			vals, vecs, ok := topEigenTridiag(append([]float64(nil), tc.a...), tc.p, tc.k)
			if !ok {
				t.Fatal("topEigenTridiag did not converge")
			}
			check("tridiagonal path", vals, vecs)
		})
	}
	for _, k := range []int{0, 4} {
		if _, _, err := topEigenSym([]float64{1, 0, 0, 1}, 2, k); err == nil {
			t.Errorf("k=%d: want error", k)
		}
	}
}

func TestEigenCheckRejects(t *testing.T) {
	a := []float64{2, 0, 0, 1}
	for _, tc := range []struct {
		vals, vecs []float64
	}{
		{[]float64{2, 1}, []float64{1, 0, 0, 1}}, // correct
		{[]float64{1, 2}, []float64{1, 0, 0, 1}}, // wrong values
		{[]float64{2, 1}, []float64{1, 1, 0, 1}}, // not orthonormal
		{[]float64{2, math.NaN()}, []float64{1, 0, 0, 1}},
	} {
		got := eigenCheck(a, 2, 2, tc.vals, tc.vecs)
		want := tc.vals[0] == 2 && tc.vals[1] == 1 && tc.vecs[1] == 0
		if got != want {
			t.Errorf("eigenCheck(%v, %v) = %v, want %v", tc.vals, tc.vecs, got, want)
		}
	}
}

func TestTridiagonalizeMatchesLAPACK(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 12))
	for _, n := range []int{2, 3, 17, 33, 64, 65, 290} {
		w := make([]float64, n)
		for i := range w {
			w[i] = rng.NormFloat64()
		}
		a := symWithSpectrum(rng, w)
		ld := roundUp(n, 16) + 16
		ap := make([]float64, (n+16)*ld)
		for i := 0; i < n; i++ {
			copy(ap[i*ld:i*ld+n], a[i*n:(i+1)*n])
		}
		d, e, tau := tridiagonalize(ap, n, ld)

		ref := append([]float64(nil), a...)
		rd, re, rtau := make([]float64, n), make([]float64, n-1), make([]float64, n-1)
		work := []float64{0}
		lapackImpl.Dsytrd(blas.Lower, n, ref, n, rd, re, rtau, work, -1)
		work = make([]float64, int(work[0]))
		lapackImpl.Dsytrd(blas.Lower, n, ref, n, rd, re, rtau, work, len(work))
		for i := 0; i < n; i++ {
			if math.Abs(d[i]-rd[i]) > 1e-10 {
				t.Fatalf("n=%d: d[%d] = %v, LAPACK %v", n, i, d[i], rd[i])
			}
		}
		for i := 0; i < n-1; i++ {
			if math.Abs(e[i]-re[i]) > 1e-10 || math.Abs(tau[i]-rtau[i]) > 1e-10 {
				t.Fatalf("n=%d: e[%d], tau[%d] = %v, %v; LAPACK %v, %v", n, i, i, e[i], tau[i], re[i], rtau[i])
			}
			for r := i + 2; r < n; r++ {
				if math.Abs(ap[r*ld+i]-ref[r*n+i]) > 1e-9 {
					t.Fatalf("n=%d: reflector %d entry %d = %v, LAPACK %v", n, i, r, ap[r*ld+i], ref[r*n+i])
				}
			}
		}
	}
}
