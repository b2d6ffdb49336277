package pca

import (
	"errors"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/mat"
)

var lapackImpl gonum.Implementation

// topEigenSym returns the k largest eigenvalues (descending) of the p×p
// symmetric matrix a (row-major, full storage; overwritten) and the
// corresponding orthonormal eigenvectors as the columns of the p×k row-major
// vecs.
//
// The matrix is reduced to tridiagonal form T = QᵀAQ (tridiagonalize, a
// parallel version of LAPACK's dsytrd), all
// eigenvalues of T are found with the root-free QR algorithm (dsterf), the k
// wanted eigenvectors of T are computed by inverse iteration with
// reorthogonalisation inside clusters (as in LAPACK dstein) and mapped back
// with Q (dormtr). This costs about (4/3)p³ + O(p²k) flops instead of the
// ~9p³ of a full eigendecomposition. The result is checked
// (‖Av − λv‖ and ‖VᵀV − I‖ relative to ‖A‖); should the check fail, the
// full decomposition (mat.EigenSym) is used instead.
func topEigenSym(a []float64, p, k int) (vals, vecs []float64, err error) {
	if k < 1 || k > p {
		return nil, nil, errors.New("eigen: k out of range")
	}
	orig := make([]float64, len(a))
	copy(orig, a)
	vals, vecs, ok := topEigenTridiag(a, p, k)
	if ok && eigenCheck(orig, p, k, vals, vecs) {
		return vals, vecs, nil
	}
	return topEigenFull(orig, p, k)
}

// topEigenFull is topEigenSym through mat.EigenSym.
func topEigenFull(a []float64, p, k int) (vals, vecs []float64, err error) {
	var es mat.EigenSym
	if !es.Factorize(mat.NewSymDense(p, a), true) {
		return nil, nil, errors.New("eigen: symmetric eigendecomposition did not converge")
	}
	all := es.Values(nil)
	var ev mat.Dense
	es.VectorsTo(&ev)
	vals = make([]float64, k)
	vecs = make([]float64, p*k)
	for c := 0; c < k; c++ {
		src := p - 1 - c // ascending order
		vals[c] = all[src]
		for i := 0; i < p; i++ {
			vecs[i*k+c] = ev.At(i, src)
		}
	}
	return vals, vecs, nil
}

// eigenCheck reports whether (vals, vecs) are accurate eigenpairs of the
// symmetric a: ‖a v − λ v‖ ≤ tol‖a‖ for each pair and |VᵀV − I| ≤ tol.
func eigenCheck(a []float64, p, k int, vals, vecs []float64) bool {
	const tol = 1e-9
	norm := 0.0 // max absolute row sum = ‖a‖₁ = ‖a‖∞
	for i := 0; i < p; i++ {
		s := 0.0
		for _, v := range a[i*p : (i+1)*p] {
			s += math.Abs(v)
		}
		norm = max(norm, s)
	}
	if norm == 0 {
		norm = 1
	}
	A := mat.NewDense(p, p, a)
	V := mat.NewDense(p, k, vecs)
	var av mat.Dense
	av.Mul(A, V)
	for c := 0; c < k; c++ {
		if math.IsNaN(vals[c]) {
			return false
		}
		r := 0.0
		for i := 0; i < p; i++ {
			d := av.At(i, c) - vals[c]*vecs[i*k+c]
			r += d * d
		}
		if math.Sqrt(r) > tol*norm {
			return false
		}
	}
	var g mat.Dense
	g.Mul(V.T(), V)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			want := 0.0
			if i == j {
				want = 1
			}
			if math.Abs(g.At(i, j)-want) > tol {
				return false
			}
		}
	}
	return true
}

// topEigenTridiag implements the fast path of topEigenSym. ok is false if
// the QR iteration for the eigenvalues failed to converge.
func topEigenTridiag(a []float64, p, k int) (vals, vecs []float64, ok bool) {
	if p == 1 {
		return []float64{a[0]}, []float64{1}, true
	}
	// Padded copy for the blocked kernels of tridiagonalize.
	ld := roundUp(p, 16) + 16
	ap := make([]float64, (p+16)*ld)
	for i := 0; i < p; i++ {
		copy(ap[i*ld:i*ld+p], a[i*p:(i+1)*p])
	}
	diag, off, tau := tridiagonalize(ap, p, ld)

	ev := append([]float64(nil), diag...)
	e := append([]float64(nil), off...)
	if !lapackImpl.Dsterf(p, ev, e) { // ascending
		return nil, nil, false
	}
	vals = make([]float64, k)
	for c := range vals {
		vals[c] = ev[p-1-c]
	}

	z := tridiagInverseIteration(diag, off, vals) // p×k
	// Back-transform: V = Q·Z with Q = H(0)…H(p−2); the reflectors act on
	// rows 1…p−1 (LAPACK dormtr, uplo = 'L').
	work := []float64{0}
	lapackImpl.Dormqr(blas.Left, blas.NoTrans, p-1, k, p-1, ap[ld:], ld, tau, z[k:], k, work, -1)
	work = make([]float64, int(work[0]))
	lapackImpl.Dormqr(blas.Left, blas.NoTrans, p-1, k, p-1, ap[ld:], ld, tau, z[k:], k, work, len(work))
	return vals, z, true
}

// tridiagInverseIteration returns, as the columns of a p×k row-major matrix,
// unit eigenvectors of the symmetric tridiagonal matrix with diagonal d and
// off-diagonal e, for the eigenvalues w (in descending order). It follows
// LAPACK's dstein: close eigenvalues are perturbed apart, each vector is
// refined by solving (T − λI)x = b with a pivoted LU factorisation, and
// vectors whose eigenvalues are within 10⁻³‖T‖ of each other are
// reorthogonalised (modified Gram–Schmidt).
func tridiagInverseIteration(d, e, w []float64) []float64 {
	const (
		maxIts = 8
		extra  = 2
	)
	p, k := len(d), len(w)
	eps := math.Nextafter(1, 2) - 1
	onenrm := math.Abs(d[0]) + math.Abs(e[0])
	onenrm = max(onenrm, math.Abs(d[p-1])+math.Abs(e[p-2]))
	for i := 1; i < p-1; i++ {
		onenrm = max(onenrm, math.Abs(d[i])+math.Abs(e[i-1])+math.Abs(e[i]))
	}
	if onenrm == 0 {
		onenrm = 1
	}
	ortol := 1e-3 * onenrm
	dtpcrt := math.Sqrt(0.1 / float64(p))

	z := make([]float64, p*k)
	cols := make([][]float64, k) // contiguous copies of the columns
	rng := rand.New(rand.NewPCG(1, 3))
	ua, ub, uc, ud := make([]float64, p), make([]float64, p), make([]float64, p), make([]float64, p)
	piv := make([]bool, p)
	x := make([]float64, p)

	gpind := 0
	xjm := 0.0
	for j := 0; j < k; j++ {
		xj := w[j]
		if j > 0 {
			// w is descending: keep the shifts strictly separated.
			pertol := 10 * math.Abs(eps*xj)
			if xjm-xj < pertol {
				xj = xjm - pertol
			}
			if math.Abs(w[j]-w[j-1]) > ortol {
				gpind = j
			}
		}
		// LU factorisation of T − xj·I with partial pivoting (dlagtf).
		copy(ua, d)
		for i := range ua {
			ua[i] -= xj
		}
		copy(ub, e)
		copy(uc, e)
		tiny := eps * onenrm
		for i := 0; i < p-1; i++ {
			ud[i] = 0
			if math.Abs(ua[i]) >= math.Abs(uc[i]) {
				piv[i] = false
				mult := 0.0
				if ua[i] != 0 {
					mult = uc[i] / ua[i]
				}
				uc[i] = mult
				ua[i+1] -= mult * ub[i]
			} else {
				piv[i] = true
				mult := ua[i] / uc[i]
				ua[i] = uc[i]
				tmp := ua[i+1]
				ua[i+1] = ub[i] - mult*tmp
				if i < p-2 {
					ud[i] = ub[i+1]
					ub[i+1] = -mult * ud[i]
				}
				ub[i] = tmp
				uc[i] = mult
			}
		}
		for i := range ua {
			if math.Abs(ua[i]) < tiny {
				if ua[i] < 0 {
					ua[i] = -tiny
				} else {
					ua[i] = tiny
				}
			}
		}
		for i := range x {
			x[i] = 2*rng.Float64() - 1
		}
		jblk := 0
		for its := 0; ; its++ {
			// Scale the right-hand side (dstein), then solve.
			asum := 0.0
			for _, v := range x {
				asum += math.Abs(v)
			}
			if asum == 0 {
				x[j%p] = 1
				asum = 1
			}
			scl := float64(p) * onenrm * max(eps, math.Abs(ua[p-1])) / asum
			for i := range x {
				x[i] *= scl
			}
			for i := 0; i < p-1; i++ {
				if piv[i] {
					x[i], x[i+1] = x[i+1], x[i]-uc[i]*x[i+1]
				} else {
					x[i+1] -= uc[i] * x[i]
				}
			}
			x[p-1] /= ua[p-1]
			x[p-2] = (x[p-2] - ub[p-2]*x[p-1]) / ua[p-2]
			for i := p - 3; i >= 0; i-- {
				x[i] = (x[i] - ub[i]*x[i+1] - ud[i]*x[i+2]) / ua[i]
			}
			// Reorthogonalise against the earlier vectors of the cluster.
			for c := gpind; c < j; c++ {
				v := cols[c]
				dot := 0.0
				for i, xi := range x {
					dot += xi * v[i]
				}
				for i := range x {
					x[i] -= dot * v[i]
				}
			}
			// Converged once the solution has grown enough; then do
			// `extra` more iterations.
			big := 0.0
			for _, v := range x {
				big = max(big, math.Abs(v))
			}
			if big >= dtpcrt {
				jblk++
				if jblk > extra {
					break
				}
			}
			if its+1 >= maxIts {
				break
			}
		}
		nrm := 0.0
		for _, v := range x {
			nrm += v * v
		}
		nrm = math.Sqrt(nrm)
		col := make([]float64, p)
		for i, v := range x {
			col[i] = v / nrm
			z[i*k+j] = col[i]
		}
		cols[j] = col
		xjm = xj
	}
	return z
}
