package pca

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

var allSolvers = []Solver{Exact, Randomized}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

// refPCA computes the top-k eigenpairs of the sample covariance the slow,
// obvious way (float64 covariance, mat.EigenSym).
func refPCA(x []float32, n, d, k int) (mean, vals []float64, vecs *mat.Dense, total float64) {
	mean = make([]float64, d)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			mean[j] += float64(x[i*d+j])
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	c := mat.NewSymDense(d, nil)
	for a := 0; a < d; a++ {
		for b := a; b < d; b++ {
			s := 0.0
			for i := 0; i < n; i++ {
				s += (float64(x[i*d+a]) - mean[a]) * (float64(x[i*d+b]) - mean[b])
			}
			c.SetSym(a, b, s/float64(n-1))
		}
		total += c.At(a, a)
	}
	var es mat.EigenSym
	es.Factorize(c, true)
	all := es.Values(nil)
	var ev mat.Dense
	es.VectorsTo(&ev)
	vals = make([]float64, k)
	vecs = mat.NewDense(k, d, nil)
	for i := 0; i < k; i++ {
		vals[i] = all[d-1-i]
		for j := 0; j < d; j++ {
			vecs.Set(i, j, ev.At(j, d-1-i))
		}
	}
	return mean, vals, vecs, total
}

// lowRankData returns n×d data with a decaying spectrum: rank r signal with
// scales 1, 1/2, 1/3… plus a little isotropic noise and an offset.
func lowRankData(rng *rand.Rand, n, d, r int, noise float64) []float32 {
	basis := make([][]float64, r)
	for c := range basis {
		basis[c] = make([]float64, d)
		for j := range basis[c] {
			basis[c][j] = rng.NormFloat64() / math.Sqrt(float64(d))
		}
	}
	x := make([]float32, n*d)
	for i := 0; i < n; i++ {
		for c := 0; c < r; c++ {
			a := rng.NormFloat64() * 10 / float64(c+1)
			for j := 0; j < d; j++ {
				x[i*d+j] += float32(a * basis[c][j])
			}
		}
		for j := 0; j < d; j++ {
			x[i*d+j] += float32(noise*rng.NormFloat64() + 3)
		}
	}
	return x
}

func checkOrthonormal(t *testing.T, v *mat.Dense, tol float64) {
	t.Helper()
	var g mat.Dense
	g.Mul(v, v.T())
	k, _ := g.Dims()
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			want := 0.0
			if i == j {
				want = 1
			}
			if e := math.Abs(g.At(i, j) - want); e > tol {
				t.Fatalf("components not orthonormal: (VVᵀ)[%d][%d] = %v", i, j, g.At(i, j))
			}
		}
	}
}

func TestFitMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	tests := []struct {
		n, d, k int
		solver  Solver
	}{
		{50, 3, 3, Exact},
		{200, 12, 5, Exact},
		{333, 37, 10, Exact},
		{10, 30, 5, Exact},  // n < d: Gram route
		{12, 40, 12, Exact}, // k = n: the last axis has zero variance
		{2, 5, 2, Exact},
		{400, 60, 8, Randomized},
		{40, 300, 6, Randomized},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%dx%d_k%d_%v", tc.n, tc.d, tc.k, tc.solver), func(t *testing.T) {
			x := lowRankData(rng, tc.n, tc.d, min(tc.n, tc.d, 15), 0.05)
			p, err := FitWith(x, tc.n, tc.d, tc.k, Options{Solver: tc.solver, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			mean, vals, vecs, total := refPCA(x, tc.n, tc.d, tc.k)
			if p.K() != tc.k || p.NSamples != tc.n || p.NFeatures != tc.d {
				t.Fatalf("K, NSamples, NFeatures = %d, %d, %d", p.K(), p.NSamples, p.NFeatures)
			}
			if e := maxAbsDiff(p.Mean, mean); e > 1e-12 {
				t.Errorf("mean: max error %g", e)
			}
			checkOrthonormal(t, p.Components, 1e-10)
			rtol := 1e-9
			if tc.solver == Randomized {
				rtol = 1e-6
			}
			for c := 0; c < tc.k; c++ {
				if e := math.Abs(p.ExplainedVariance[c] - vals[c]); e > rtol*vals[0] {
					t.Errorf("λ_%d = %v, want %v", c, p.ExplainedVariance[c], vals[c])
				}
				if e := math.Abs(p.ExplainedVarianceRatio[c] - vals[c]/total); e > rtol {
					t.Errorf("ratio_%d = %v, want %v", c, p.ExplainedVarianceRatio[c], vals[c]/total)
				}
				if vals[c] < 1e-8*vals[0] {
					continue // null-space axis: arbitrary
				}
				// Same axis up to sign (the sign convention is tested separately).
				dot := 0.0
				for j := 0; j < tc.d; j++ {
					dot += p.Components.At(c, j) * vecs.At(c, j)
				}
				if e := 1 - math.Abs(dot); e > rtol {
					t.Errorf("axis %d: |v·v_ref| = %v", c, math.Abs(dot))
				}
			}
		})
	}
}

func TestKnownAnswer(t *testing.T) {
	// Five points in 2-D with mean 0. Scores on e₁: −3, 2, 1, 0, 0; on e₂:
	// 0, 0, 0, −1, 1. Variances (n−1 = 4): 14/4 and 2/4. The sign rule makes
	// the sample with the largest |score| positive (the first one on ties),
	// so the axes are −e₁ and −e₂.
	x := []float32{-3, 0, 2, 0, 1, 0, 0, -1, 0, 1}
	for _, s := range allSolvers {
		p, err := FitWith(x, 5, 2, 2, Options{Solver: s})
		if err != nil {
			t.Fatal(err)
		}
		wantV := []float64{-1, 0, 0, -1}
		if e := maxAbsDiff(p.Components.RawMatrix().Data, wantV); e > 1e-12 {
			t.Errorf("%v: components %v, want %v", s, p.Components.RawMatrix().Data, wantV)
		}
		if e := maxAbsDiff(p.ExplainedVariance, []float64{3.5, 0.5}); e > 1e-12 {
			t.Errorf("%v: explained variance %v, want [3.5 0.5]", s, p.ExplainedVariance)
		}
		if e := maxAbsDiff(p.ExplainedVarianceRatio, []float64{0.875, 0.125}); e > 1e-12 {
			t.Errorf("%v: ratio %v, want [0.875 0.125]", s, p.ExplainedVarianceRatio)
		}
		z, err := p.Transform(x, 5)
		if err != nil {
			t.Fatal(err)
		}
		wantZ := []float32{3, 0, -2, 0, -1, 0, 0, 1, 0, -1}
		for i := range z {
			if math.Abs(float64(z[i]-wantZ[i])) > 1e-6 {
				t.Fatalf("%v: codes %v, want %v", s, z, wantZ)
			}
		}
	}
}

func TestSignConvention(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	n, d, k := 300, 20, 6
	x := lowRankData(rng, n, d, 10, 0.1)
	for _, s := range allSolvers {
		p, err := FitWith(x, n, d, k, Options{Solver: s})
		if err != nil {
			t.Fatal(err)
		}
		z, _ := p.Transform(x, n)
		for c := 0; c < k; c++ {
			best := 0
			for i := 1; i < n; i++ {
				if math.Abs(float64(z[i*k+c])) > math.Abs(float64(z[best*k+c])) {
					best = i
				}
			}
			if z[best*k+c] <= 0 {
				t.Errorf("%v: axis %d: largest |score| (sample %d) is %v, want > 0", s, c, best, z[best*k+c])
			}
		}
	}
}

func TestPlaneIn3D(t *testing.T) {
	// Points on the affine plane c + a·u + b·w: two components explain all
	// the variance and reconstruct the data exactly.
	rng := rand.New(rand.NewPCG(6, 6))
	u := []float64{1, 2, 2} // |u| = 3
	w := []float64{2, 1, -2}
	c0 := []float64{0.5, -1, 2}
	normal := []float64{-2, 2, -1} // u × w / 3
	n := 64
	x := make([]float32, n*3)
	for i := 0; i < n; i++ {
		a, b := float64(rng.IntN(17)-8)/4, float64(rng.IntN(17)-8)/8
		for j := 0; j < 3; j++ {
			x[i*3+j] = float32(c0[j] + a*u[j] + b*w[j]) // exact in float32
		}
	}
	for _, s := range allSolvers {
		t.Run(s.String(), func(t *testing.T) {
			p, err := FitWith(x, n, 3, 2, Options{Solver: s})
			if err != nil {
				t.Fatal(err)
			}
			if r := sum(p.ExplainedVarianceRatio); math.Abs(r-1) > 1e-12 {
				t.Errorf("explained variance ratio sum = %v, want 1", r)
			}
			checkOrthonormal(t, p.Components, 1e-12)
			for c := 0; c < 2; c++ {
				dot := 0.0
				for j := 0; j < 3; j++ {
					dot += p.Components.At(c, j) * normal[j] / 3
				}
				if math.Abs(dot) > 1e-12 {
					t.Errorf("axis %d leaves the plane: v·normal = %v", c, dot)
				}
			}
			rec, err := p.Reconstruct(x, n)
			if err != nil {
				t.Fatal(err)
			}
			for i := range x {
				if math.Abs(float64(rec[i]-x[i])) > 1e-5 {
					t.Fatalf("reconstruction[%d] = %v, want %v", i, rec[i], x[i])
				}
			}
			// k = 1 keeps the larger in-plane direction only.
			p1, err := FitWith(x, n, 3, 1, Options{Solver: s})
			if err != nil {
				t.Fatal(err)
			}
			if r := p1.ExplainedVarianceRatio[0]; r >= 1 || r <= 0.5 {
				t.Errorf("k=1 ratio = %v, want in (0.5, 1)", r)
			}
		})
	}
}

func TestTransformProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, tc := range []struct{ n, d, k int }{{100, 10, 4}, {37, 33, 33}, {9, 20, 5}, {500, 70, 16}} {
		t.Run(fmt.Sprintf("%dx%d_k%d", tc.n, tc.d, tc.k), func(t *testing.T) {
			x := lowRankData(rng, tc.n, tc.d, min(tc.n, tc.d), 0.2)
			p, err := Fit(x, tc.n, tc.d, tc.k)
			if err != nil {
				t.Fatal(err)
			}
			z, err := p.Transform(x, tc.n)
			if err != nil {
				t.Fatal(err)
			}
			if len(z) != tc.n*tc.k {
				t.Fatalf("len(codes) = %d, want %d", len(z), tc.n*tc.k)
			}
			// Codes of the training data are centred, with variance λ_c.
			for c := 0; c < tc.k; c++ {
				m, v := 0.0, 0.0
				for i := 0; i < tc.n; i++ {
					m += float64(z[i*tc.k+c])
					v += float64(z[i*tc.k+c]) * float64(z[i*tc.k+c])
				}
				if math.Abs(m/float64(tc.n)) > 1e-5*math.Sqrt(p.ExplainedVariance[0]) {
					t.Errorf("code %d has mean %v", c, m/float64(tc.n))
				}
				if v /= float64(tc.n - 1); math.Abs(v-p.ExplainedVariance[c]) > 1e-5*p.ExplainedVariance[0] {
					t.Errorf("code %d has variance %v, want %v", c, v, p.ExplainedVariance[c])
				}
			}
			// Transform ∘ InverseTransform = identity on codes.
			xr, err := p.InverseTransform(z, tc.n)
			if err != nil {
				t.Fatal(err)
			}
			z2, err := p.Transform(xr, tc.n)
			if err != nil {
				t.Fatal(err)
			}
			for i := range z {
				if math.Abs(float64(z2[i]-z[i])) > 1e-4*(1+math.Abs(float64(z[i]))) {
					t.Fatalf("Transform(InverseTransform(z))[%d] = %v, want %v", i, z2[i], z[i])
				}
			}
			// Reconstruct = InverseTransform ∘ Transform, and is a projection.
			rec, err := p.Reconstruct(x, tc.n)
			if err != nil {
				t.Fatal(err)
			}
			rec2, err := p.Reconstruct(rec, tc.n)
			if err != nil {
				t.Fatal(err)
			}
			for i := range rec {
				if math.Abs(float64(rec[i]-xr[i])) > 1e-4 || math.Abs(float64(rec2[i]-rec[i])) > 1e-4 {
					t.Fatalf("reconstruction[%d]: %v, via codes %v, twice %v", i, rec[i], xr[i], rec2[i])
				}
				if tc.k == tc.d && math.Abs(float64(rec[i]-x[i])) > 1e-4 {
					t.Fatalf("full-rank reconstruction[%d] = %v, want %v", i, rec[i], x[i])
				}
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	n, d := 400, 25
	x := lowRankData(rng, n, d, 20, 0.1)
	big, err := FitWith(x, n, d, 12, Options{Solver: Exact})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{1, 2, 7, 12} {
		tr, err := big.Truncate(k)
		if err != nil {
			t.Fatal(err)
		}
		direct, err := FitWith(x, n, d, k, Options{Solver: Exact})
		if err != nil {
			t.Fatal(err)
		}
		if tr.K() != k {
			t.Fatalf("Truncate(%d).K() = %d", k, tr.K())
		}
		if e := maxAbsDiff(tr.Components.RawMatrix().Data, direct.Components.RawMatrix().Data); e > 1e-9 {
			t.Errorf("k=%d: components differ from a direct fit by %g", k, e)
		}
		if e := maxAbsDiff(tr.ExplainedVariance, direct.ExplainedVariance); e > 1e-9 {
			t.Errorf("k=%d: explained variance differs by %g", k, e)
		}
		if e := maxAbsDiff(tr.ExplainedVarianceRatio, direct.ExplainedVarianceRatio); e > 1e-12 {
			t.Errorf("k=%d: ratio differs by %g", k, e)
		}
	}
	// The truncated model does not alias the original.
	tr, _ := big.Truncate(3)
	tr.Components.Set(0, 0, 42)
	tr.Mean[0] = 42
	if big.Components.At(0, 0) == 42 || big.Mean[0] == 42 {
		t.Error("Truncate result aliases the original")
	}
}

func TestRandomizedMatchesExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	n, d, k := 2000, 200, 10
	// Slowly decaying spectrum: the harder case for the randomized solver.
	x := lowRankData(rng, n, d, 60, 0.3)
	ex, err := FitWith(x, n, d, k, Options{Solver: Exact})
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range []Options{
		{Solver: Randomized},
		{Solver: Randomized, Seed: 12345},
		{Solver: Randomized, Oversample: 30, PowerIters: 2},
	} {
		rz, err := FitWith(x, n, d, k, opts)
		if err != nil {
			t.Fatal(err)
		}
		checkOrthonormal(t, rz.Components, 1e-10)
		for c := 0; c < k; c++ {
			if e := math.Abs(rz.ExplainedVariance[c]/ex.ExplainedVariance[c] - 1); e > 1e-3 {
				t.Errorf("%+v: λ_%d = %v, exact %v (rel. error %.2g)", opts, c, rz.ExplainedVariance[c], ex.ExplainedVariance[c], e)
			}
		}
		if s := subspaceCos(rz.Components, ex.Components); s < 1-1e-3 {
			t.Errorf("%+v: smallest principal-angle cosine %v", opts, s)
		}
	}
	// Same seed, same result.
	a, _ := FitWith(x, n, d, k, Options{Solver: Randomized, Seed: 7})
	b, _ := FitWith(x, n, d, k, Options{Solver: Randomized, Seed: 7})
	if !mat.Equal(a.Components, b.Components) {
		t.Error("randomized fit is not reproducible for a fixed seed")
	}
}

// subspaceCos returns the cosine of the largest principal angle between the
// row spaces of the k×d matrices a and b (both with orthonormal rows).
func subspaceCos(a, b *mat.Dense) float64 {
	var m mat.Dense
	m.Mul(a, b.T())
	var svd mat.SVD
	svd.Factorize(&m, mat.SVDNone)
	s := svd.Values(nil)
	return s[len(s)-1]
}

func TestAutoSolver(t *testing.T) {
	for _, tc := range []struct {
		n, d, k int
		want    Solver
	}{
		{60000, 784, 32, Exact}, // n ≥ 10d, d ≤ 1000: covariance route
		{100, 50, 5, Exact},     // small
		{5000, 2000, 10, Randomized},
		{5000, 2000, 1700, Exact}, // k ≥ 0.8·min(n, d)
		{600, 3000, 20, Randomized},
		{900, 100, 5, Randomized}, // n < 10d and max(n, d) > 500
		{1000, 100, 5, Exact},     // n = 10d
	} {
		if got := autoSolver(tc.n, tc.d, tc.k); got != tc.want {
			t.Errorf("autoSolver(%d, %d, %d) = %v, want %v", tc.n, tc.d, tc.k, got, tc.want)
		}
	}
}

func TestBadInput(t *testing.T) {
	good := lowRankData(rand.New(rand.NewPCG(10, 10)), 20, 4, 4, 0.1)
	nan := append([]float32(nil), good...)
	nan[13] = float32(math.NaN())
	inf := append([]float32(nil), good...)
	inf[2] = float32(math.Inf(-1))
	constant := make([]float32, 20*4)
	for i := range constant {
		constant[i] = 1.5
	}
	fitTests := []struct {
		name    string
		x       []float32
		n, d, k int
		opts    Options
		want    string
	}{
		{"short data", good[:79], 20, 4, 2, Options{}, "len = 79"},
		{"long data", append(good, 1), 20, 4, 2, Options{}, "len = 81"},
		{"zero rows", nil, 0, 4, 1, Options{}, "must be positive"},
		{"zero cols", nil, 4, 0, 1, Options{}, "must be positive"},
		{"negative rows", good, -20, -4, 1, Options{}, "must be positive"},
		{"one sample", good[:4], 1, 4, 1, Options{}, "at least 2 samples"},
		{"k zero", good, 20, 4, 0, Options{}, "out of range"},
		{"k negative", good, 20, 4, -1, Options{}, "out of range"},
		{"k > d", good, 20, 4, 5, Options{}, "out of range"},
		{"k > n", good[:12], 3, 4, 4, Options{}, "out of range"},
		{"NaN", nan, 20, 4, 2, Options{}, "non-finite value NaN at row 3, column 1"},
		{"Inf", inf, 20, 4, 2, Options{}, "non-finite value -Inf at row 0, column 2"},
		{"zero variance", constant, 20, 4, 2, Options{}, "zero variance"},
		{"bad solver", good, 20, 4, 2, Options{Solver: 9}, "unknown solver"},
		{"negative oversample", good, 20, 4, 2, Options{Solver: Randomized, Oversample: -1}, "negative"},
		{"negative power iterations", good, 20, 4, 2, Options{PowerIters: -3}, "negative"},
	}
	for _, tc := range fitTests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := FitWith(tc.x, tc.n, tc.d, tc.k, tc.opts)
			if err == nil || p != nil {
				t.Fatalf("FitWith: got (%v, %v), want an error", p, err)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "pca: ") {
				t.Errorf("error %q, want it to start with \"pca: \" and contain %q", err, tc.want)
			}
		})
	}

	p, err := Fit(good, 20, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	var nilPCA *PCA
	methodTests := []struct {
		name string
		call func() error
		want string
	}{
		{"Transform short", func() error { _, err := p.Transform(good[:7], 2); return err }, "len = 7, want 2×4"},
		{"Transform zero rows", func() error { _, err := p.Transform(nil, 0); return err }, "must be positive"},
		{"Transform NaN", func() error { _, err := p.Transform(nan, 20); return err }, "non-finite"},
		{"InverseTransform wrong k", func() error { _, err := p.InverseTransform(make([]float32, 9), 3); return err }, "len = 9, want 3×2"},
		{"InverseTransform Inf", func() error {
			_, err := p.InverseTransform([]float32{1, float32(math.Inf(1))}, 1)
			return err
		}, "non-finite"},
		{"Reconstruct short", func() error { _, err := p.Reconstruct(good[:5], 2); return err }, "len = 5"},
		{"Reconstruct NaN", func() error { _, err := p.Reconstruct(nan, 20); return err }, "non-finite"},
		{"Truncate 0", func() error { _, err := p.Truncate(0); return err }, "out of range [1, 2]"},
		{"Truncate 3", func() error { _, err := p.Truncate(3); return err }, "out of range [1, 2]"},
		{"nil Transform", func() error { _, err := nilPCA.Transform(good, 20); return err }, "unfitted"},
		{"nil InverseTransform", func() error { _, err := nilPCA.InverseTransform(good, 20); return err }, "unfitted"},
		{"nil Reconstruct", func() error { _, err := nilPCA.Reconstruct(good, 20); return err }, "unfitted"},
		{"nil Truncate", func() error { _, err := nilPCA.Truncate(1); return err }, "unfitted"},
		{"empty Transform", func() error { _, err := new(PCA).Transform(good, 20); return err }, "unfitted"},
		{"inconsistent", func() error {
			q := *p
			q.Mean = q.Mean[:3]
			_, err := q.Transform(good, 20)
			return err
		}, "inconsistent"},
	}
	for _, tc := range methodTests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if err == nil {
				t.Fatal("want an error")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "pca: ") {
				t.Errorf("error %q, want it to start with \"pca: \" and contain %q", err, tc.want)
			}
		})
	}
	if nilPCA.K() != 0 || new(PCA).K() != 0 {
		t.Error("K of an unfitted PCA should be 0")
	}
}

func TestSolverString(t *testing.T) {
	for s, want := range map[Solver]string{Auto: "auto", Exact: "exact", Randomized: "randomized", 7: "Solver(7)"} {
		if got := s.String(); got != want {
			t.Errorf("Solver(%d).String() = %q, want %q", int(s), got, want)
		}
	}
}

func TestRandomizedRankDeficient(t *testing.T) {
	// Rank-3 data in 40-D: k+p exceeds the rank, so the final step must
	// fall back to Rayleigh–Ritz and still return the exact answer.
	rng := rand.New(rand.NewPCG(11, 11))
	n, d := 300, 40
	x := lowRankData(rng, n, d, 3, 0)
	ex, err := FitWith(x, n, d, 5, Options{Solver: Exact})
	if err != nil {
		t.Fatal(err)
	}
	rz, err := FitWith(x, n, d, 5, Options{Solver: Randomized})
	if err != nil {
		t.Fatal(err)
	}
	checkOrthonormal(t, rz.Components, 1e-10)
	for c := 0; c < 5; c++ {
		if e := math.Abs(rz.ExplainedVariance[c] - ex.ExplainedVariance[c]); e > 1e-9*ex.ExplainedVariance[0] {
			t.Errorf("λ_%d = %v, exact %v", c, rz.ExplainedVariance[c], ex.ExplainedVariance[c])
		}
	}
	var top3 mat.Dense
	top3.CloneFrom(rz.Components.Slice(0, 3, 0, d))
	var ex3 mat.Dense
	ex3.CloneFrom(ex.Components.Slice(0, 3, 0, d))
	if s := subspaceCos(&top3, &ex3); s < 1-1e-9 {
		t.Errorf("signal subspace cosine %v", s)
	}
	if r := sum(rz.ExplainedVarianceRatio[:3]); math.Abs(r-1) > 1e-6 {
		t.Errorf("3 components explain %v, want ≈ 1", r)
	}
}

func TestConstantColumns(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 13))
	for _, tc := range []struct {
		n, d, k  int
		constant []int
	}{
		{200, 20, 5, []int{0, 3, 19}},  // covariance on the 17 varying columns
		{200, 6, 5, []int{1, 2, 4, 5}}, // fewer varying columns than k
		{50, 30, 4, []int{7}},          // n < d: Gram route
	} {
		t.Run(fmt.Sprintf("%dx%d_k%d", tc.n, tc.d, tc.k), func(t *testing.T) {
			x := lowRankData(rng, tc.n, tc.d, min(tc.n, tc.d), 0.1)
			for i := 0; i < tc.n; i++ {
				for _, j := range tc.constant {
					x[i*tc.d+j] = 2.5
				}
			}
			p, err := FitWith(x, tc.n, tc.d, tc.k, Options{Solver: Exact})
			if err != nil {
				t.Fatal(err)
			}
			_, vals, vecs, total := refPCA(x, tc.n, tc.d, tc.k)
			checkOrthonormal(t, p.Components, 1e-10)
			for c := 0; c < tc.k; c++ {
				if e := math.Abs(p.ExplainedVariance[c] - vals[c]); e > 1e-9*vals[0] {
					t.Errorf("λ_%d = %v, want %v", c, p.ExplainedVariance[c], vals[c])
				}
				if e := math.Abs(p.ExplainedVarianceRatio[c] - vals[c]/total); e > 1e-9 {
					t.Errorf("ratio_%d = %v, want %v", c, p.ExplainedVarianceRatio[c], vals[c]/total)
				}
				if vals[c] < 1e-8*vals[0] {
					continue
				}
				dot := 0.0
				for j := 0; j < tc.d; j++ {
					dot += p.Components.At(c, j) * vecs.At(c, j)
				}
				if 1-math.Abs(dot) > 1e-9 {
					t.Errorf("axis %d: |v·v_ref| = %v", c, math.Abs(dot))
				}
				for _, j := range tc.constant {
					if v := p.Components.At(c, j); v != 0 && tc.d-len(tc.constant) >= tc.k && tc.n >= tc.d {
						t.Errorf("axis %d loads %v on constant column %d", c, v, j)
					}
				}
			}
		})
	}
}

func TestWorkerCountInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 14))
	n, d, k := 700, 40, 6
	x := lowRankData(rng, n, d, 30, 0.2)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var ref map[Solver]*PCA
	for _, procs := range []int{1, 2, 5} {
		runtime.GOMAXPROCS(procs)
		got := map[Solver]*PCA{}
		for _, s := range allSolvers {
			p, err := FitWith(x, n, d, k, Options{Solver: s})
			if err != nil {
				t.Fatal(err)
			}
			got[s] = p
			if ref == nil {
				continue
			}
			r := ref[s]
			if e := maxAbsDiff(p.Components.RawMatrix().Data, r.Components.RawMatrix().Data); e > 1e-9 {
				t.Errorf("GOMAXPROCS=%d, %v: components differ by %g", procs, s, e)
			}
			if e := maxAbsDiff(p.ExplainedVariance, r.ExplainedVariance); e > 1e-9*r.ExplainedVariance[0] {
				t.Errorf("GOMAXPROCS=%d, %v: explained variance differs by %g", procs, s, e)
			}
		}
		if ref == nil {
			ref = got
		}
	}
}

// TestSameUnderAnyGOMAXPROCS: exact and randomized fits are bitwise identical with 1, 2
// and 5 worker goroutines (the reductions' order depends on the data alone).
func TestSameUnderAnyGOMAXPROCS(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	const n, d = 3000, 40
	x := make([]float32, n*d)
	for i := range x {
		x[i] = float32(r.NormFloat64()) * float32(1+i%d)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, solver := range []Solver{Exact, Randomized} {
		var first *PCA
		for _, procs := range []int{1, 2, 5} {
			runtime.GOMAXPROCS(procs)
			p, err := FitWith(x, n, d, 6, Options{Solver: solver, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = p
				continue
			}
			if !slices.Equal(p.Components.RawMatrix().Data, first.Components.RawMatrix().Data) || !slices.Equal(p.Mean, first.Mean) || !slices.Equal(p.ExplainedVariance, first.ExplainedVariance) {
				t.Errorf("solver %v: GOMAXPROCS=%d gives other bits than GOMAXPROCS=1", solver, procs)
			}
		}
	}
}
