package pca

import (
	"errors"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// fitExact returns the top k eigenvalues of the scatter matrix S = X_cᵀX_c
// (descending), the d×k matrix of the corresponding unit eigenvectors and
// trace(S).
//
// For n ≥ d, S is formed directly. For n < d the n×n Gram matrix
// G = X_cX_cᵀ is decomposed instead: G u = λu implies S (X_cᵀu) = λ(X_cᵀu)
// with ‖X_cᵀu‖² = λ, so v = X_cᵀu/√λ. Axes with λ ≈ 0 (the centred data has
// rank ≤ n−1) are completed to an orthonormal set.
//
// Constant columns (constant[j]; e.g. the always-black border pixels of
// MNIST) have zero rows and columns in S; when at least k columns vary, S is
// formed and decomposed on the varying columns only and the axes are
// zero-padded, which is exact and saves O(n·d²) work.
func fitExact(m dataMat, k int, constant []bool) (vals, vecs []float64, trace float64, err error) {
	n, d := m.n, m.d
	if n >= d {
		var cols []int
		for j, c := range constant {
			if !c {
				cols = append(cols, j)
			}
		}
		if len(cols) < k || len(cols) == d {
			cols = nil
		}
		sub := m
		sub.cols = cols
		p := sub.width()
		s := covariance(sub)
		for j := 0; j < p; j++ {
			trace += s[j*p+j]
		}
		vals, vecs, err = topEigenSym(s, p, k)
		if err != nil || cols == nil {
			return vals, vecs, trace, err
		}
		full := make([]float64, d*k)
		for i, j := range cols {
			copy(full[j*k:(j+1)*k], vecs[i*k:(i+1)*k])
		}
		return vals, full, trace, nil
	}
	g := gram(m)
	for i := 0; i < n; i++ {
		trace += g[i*n+i]
	}
	vals, u, err := topEigenSym(g, n, k)
	if err != nil {
		return nil, nil, 0, err
	}
	vecs = mulXtQ(m, u, k) // d×k, column c has norm √λ_c
	orthonormalizeColumns(vecs, d, k, vals[0]*1e-10)
	return vals, vecs, trace, nil
}

// orthonormalizeColumns runs modified Gram–Schmidt (twice) over the columns
// of the d×k row-major a in order. A column whose squared norm before
// normalisation is at most tiny is replaced by the first standard basis
// vector that is independent of the columns before it.
func orthonormalizeColumns(a []float64, d, k int, tiny float64) {
	col := make([]float64, d)
	for c := 0; c < k; c++ {
		for j := range col {
			col[j] = a[j*k+c]
		}
		nrm2 := dot(col, col)
		if !(nrm2 > tiny) {
			// Rank-deficient axis: any unit vector orthogonal to the rest.
			for e := 0; e < d; e++ {
				clear(col)
				col[e] = 1
				projectOut(col, a, d, k, c)
				projectOut(col, a, d, k, c)
				if dot(col, col) > 0.5 {
					break
				}
			}
		} else {
			projectOut(col, a, d, k, c)
			projectOut(col, a, d, k, c)
		}
		s := 1 / math.Sqrt(dot(col, col))
		for j := range col {
			a[j*k+c] = col[j] * s
		}
	}
}

// projectOut removes from v its components along the first c columns of the
// d×k row-major a (which must be orthonormal).
func projectOut(v, a []float64, d, k, c int) {
	for p := 0; p < c; p++ {
		s := 0.0
		for j := 0; j < d; j++ {
			s += v[j] * a[j*k+p]
		}
		for j := 0; j < d; j++ {
			v[j] -= s * a[j*k+p]
		}
	}
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// columnSumSquares returns Σ_ij (x_ij − μ_j)², the trace of the scatter
// matrix, in one parallel pass.
func columnSumSquares(m dataMat) float64 {
	workers := runtimeWorkers()
	parts := make([]float64, workers)
	parallelRanges(m.n, workers, func(w, lo, hi int) {
		s := make([]float64, m.d)
		for i := lo; i < hi; i++ {
			for j, v := range m.x[i*m.d : (i+1)*m.d] {
				t := float64(v) - m.shift[j]
				s[j] += t * t
			}
		}
		for _, v := range s {
			parts[w] += v
		}
	})
	t := 0.0
	for _, v := range parts {
		t += v
	}
	return t
}

// fitRandomized is fitExact's counterpart for Randomized: randomized
// subspace iteration on S = X_cᵀX_c (Halko, Martinsson and Tropp 2011,
// Algorithm 4.4, run on the d-dimensional side),
//
//	Z₀ = orth(Ω),  Z_t = orth(S·Z_{t−1}) for t = 1…q,  W = S·Z_q,
//
// with Ω a d×(k+p) standard Gaussian matrix; each product S·Z streams once
// over the data as X_cᵀ(X_c·Z) and orth is a Householder QR. The final step
// is Halko's: with Q = orth(X_c Z_q) and B = QᵀX_c, the axes and variances
// come from the thin SVD of Bᵀ. Because Zᵀ_qW = Z_qᵀSZ_q = RᵀR (Cholesky)
// gives Q = X_cZ_qR⁻¹, Bᵀ = W·R⁻¹ is available without another pass. If
// Z_qᵀW is not safely positive definite (condition number ≥ 10⁸, as for data
// of rank < k+p), the Rayleigh–Ritz pairs of Z_qᵀW are used instead.
func fitRandomized(m dataMat, k int, opts Options) (vals, vecs []float64, trace float64, err error) {
	n, d := m.n, m.d
	p := opts.Oversample
	if p == 0 {
		p = 10
	}
	q := opts.PowerIters
	if q == 0 {
		q = 4
		if float64(k) < 0.1*float64(min(n, d)) {
			q = 7
		}
	}
	l := min(k+p, min(n, d))

	trace = columnSumSquares(m)
	rng := rand.New(rand.NewPCG(opts.Seed, 0x9e3779b97f4a7c15))
	z := make([]float64, d*l)
	for i := range z {
		z[i] = rng.NormFloat64()
	}
	if err := orthonormalize(z, d, l); err != nil {
		return nil, nil, 0, err
	}
	for t := 0; t < q; t++ {
		z = covTimes(m, z, l)
		if err := orthonormalize(z, d, l); err != nil {
			return nil, nil, 0, err
		}
	}
	Z := mat.NewDense(d, l, z)
	W := mat.NewDense(d, l, covTimes(m, z, l))
	var zw mat.Dense
	zw.Mul(Z.T(), W)
	sym := mat.NewSymDense(l, nil)
	for i := 0; i < l; i++ {
		for j := i; j < l; j++ {
			sym.SetSym(i, j, 0.5*(zw.At(i, j)+zw.At(j, i)))
		}
	}

	var chol mat.Cholesky
	if chol.Factorize(sym) && chol.Cond() < 1e8 {
		var r mat.TriDense
		chol.UTo(&r)
		var bt mat.Dense // Bᵀ = W·R⁻¹, i.e. Bᵀ·R = W
		if err := bt.Solve(r.T(), W.T()); err == nil {
			bt.CloneFrom(bt.T())
			var svd mat.SVD
			if svd.Factorize(&bt, mat.SVDThinU) {
				sv := svd.Values(nil)
				var u mat.Dense
				svd.UTo(&u)
				vals = make([]float64, k)
				vecs = make([]float64, d*k)
				for c := 0; c < k; c++ {
					vals[c] = sv[c] * sv[c]
					for j := 0; j < d; j++ {
						vecs[j*k+c] = u.At(j, c)
					}
				}
				return vals, vecs, trace, nil
			}
		}
	}
	// Rayleigh–Ritz fallback.
	lv, lw, err := topEigenFull(mat.DenseCopyOf(sym).RawMatrix().Data, l, k)
	if err != nil {
		return nil, nil, 0, err
	}
	var v mat.Dense
	v.Mul(Z, mat.NewDense(l, k, lw))
	return lv, v.RawMatrix().Data, trace, nil
}

// orthonormalize replaces the d×l row-major a (d ≥ l) by the Q factor of
// its thin Householder QR decomposition.
func orthonormalize(a []float64, d, l int) error {
	tau := make([]float64, l)
	work := []float64{0}
	lapackImpl.Dgeqrf(d, l, a, l, tau, work, -1)
	work = make([]float64, max(int(work[0]), l))
	lapackImpl.Dgeqrf(d, l, a, l, tau, work, len(work))
	work = []float64{0}
	lapackImpl.Dorgqr(d, l, l, a, l, tau, work, -1)
	work = make([]float64, max(int(work[0]), l))
	lapackImpl.Dorgqr(d, l, l, a, l, tau, work, len(work))
	for _, v := range a {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return errors.New("randomized: non-finite values in the subspace iteration")
		}
	}
	return nil
}
