package pca

import "math"

// tridiagBlock is the panel width of tridiagonalize.
const tridiagBlock = 32

// tridiagonalize reduces the symmetric n×n matrix stored in a (row-major,
// leading dimension ld ≥ n+16, at least n+16 rows, both triangles stored)
// to symmetric tridiagonal form T = QᵀAQ with diagonal d and off-diagonal e.
// Q = H(0)·H(1)⋯H(n−2), H(i) = I − τ_i v_i v_iᵀ, where v_i has zeros in
// entries 0…i, a one in entry i+1 and the rest stored in a[(i+2:n)*ld + i]:
// the layout of LAPACK's dsytrd with uplo = 'L', so that LAPACK's dormqr
// applies Q. The rest of a is overwritten.
//
// The algorithm is dsytrd's blocked one: panels of tridiagBlock columns are
// reduced with dlatrd (one symmetric matrix–vector product with the
// trailing matrix per column, here on full storage and in parallel), and
// the trailing matrix then receives the rank-2·nb update A −= VWᵀ + WVᵀ
// through the GEMM micro-kernel.
func tridiagonalize(a []float64, n, ld int) (d, e, tau []float64) {
	const nb = tridiagBlock
	d = make([]float64, n)
	e = make([]float64, max(n-1, 0))
	tau = make([]float64, max(n-1, 0))
	w := make([]float64, n*nb) // W, trailing-relative rows, stride nb
	v := make([]float64, n)
	tmp := make([]float64, 2*nb)
	for j0 := 0; j0 < n-1; j0 += nb {
		pb := min(nb, n-1-j0)
		for i := 0; i < pb; i++ {
			gi := j0 + i
			if i > 0 {
				// A[gi:n, gi] −= A[gi:n, j0:gi]·W[i, 0:i]ᵀ + W[i:, 0:i]·A[gi, j0:gi]ᵀ
				wi := w[i*nb : i*nb+i]
				ai := a[gi*ld+j0 : gi*ld+gi]
				for r := gi; r < n; r++ {
					ar := a[r*ld+j0 : r*ld+gi]
					wr := w[(r-j0)*nb : (r-j0)*nb+i]
					a[r*ld+gi] -= dot(ar, wi) + dot(wr, ai)
				}
			}
			// Householder reflector annihilating A[gi+2:n, gi] (dlarfg).
			alpha := a[(gi+1)*ld+gi]
			scale := 0.0
			for r := gi + 2; r < n; r++ {
				scale = max(scale, math.Abs(a[r*ld+gi]))
			}
			t, beta := 0.0, alpha
			if scale > 0 {
				ss := 0.0
				for r := gi + 2; r < n; r++ {
					x := a[r*ld+gi] / scale
					ss += x * x
				}
				xnorm := scale * math.Sqrt(ss)
				beta = -math.Copysign(math.Hypot(alpha, xnorm), alpha)
				t = (beta - alpha) / beta
				s := 1 / (alpha - beta)
				for r := gi + 2; r < n; r++ {
					a[r*ld+gi] *= s
				}
			}
			e[gi], tau[gi] = beta, t
			a[(gi+1)*ld+gi] = 1

			// W[i+1:, i] = τ(A₂₂v − corrections), A₂₂ = A[gi+1:n, gi+1:n].
			L := n - gi - 1
			vv := v[:L]
			for r := range vv {
				vv[r] = a[(gi+1+r)*ld+gi]
			}
			wcol := func(r int) *float64 { return &w[(r-j0)*nb+i] } // r global
			symvRows(a, ld, gi+1, n, vv, func(r int, y float64) { *wcol(r) = y })
			if i > 0 {
				t1, t2 := tmp[:i], tmp[nb:nb+i]
				clear(t1)
				clear(t2)
				for r := gi + 1; r < n; r++ {
					vr := vv[r-gi-1]
					wr := w[(r-j0)*nb : (r-j0)*nb+i]
					ar := a[r*ld+j0 : r*ld+gi]
					for c := range t1 {
						t1[c] += wr[c] * vr
						t2[c] += ar[c] * vr
					}
				}
				for r := gi + 1; r < n; r++ {
					wr := w[(r-j0)*nb : (r-j0)*nb+i]
					ar := a[r*ld+j0 : r*ld+gi]
					*wcol(r) -= dot(ar, t1) + dot(wr, t2)
				}
			}
			s := 0.0
			for r := gi + 1; r < n; r++ {
				y := t * *wcol(r)
				*wcol(r) = y
				s += y * vv[r-gi-1]
			}
			alpha2 := -0.5 * t * s
			for r := gi + 1; r < n; r++ {
				*wcol(r) += alpha2 * vv[r-gi-1]
			}
		}
		syr2Update(a, ld, n, j0, pb, w, nb)
		for i := 0; i < pb; i++ {
			gi := j0 + i
			a[(gi+1)*ld+gi] = e[gi]
			d[gi] = a[gi*ld+gi]
		}
	}
	d[n-1] = a[(n-1)*ld+n-1]
	return d, e, tau
}

// symvRows computes y_r = Σ_{c=lo}^{hi−1} a[r*ld+c]·v[c−lo] for r in
// [lo, hi) and passes each to set, splitting the rows across goroutines
// when the block is large.
func symvRows(a []float64, ld, lo, hi int, v []float64, set func(r int, y float64)) {
	rows := hi - lo
	body := func(_, r0, r1 int) {
		for r := lo + r0; r < lo+r1; r++ {
			set(r, dotKernel(a[r*ld+lo:r*ld+hi], v))
		}
	}
	if rows*rows < 256*256 {
		body(0, 0, rows)
		return
	}
	parallelRanges(rows, runtimeWorkers(), body)
}

// syr2Update applies the trailing update of one tridiagonalisation panel:
// A[s:n, s:n] −= V·Wᵀ + W·Vᵀ with s = j0+pb, V = A[s:n, j0:j0+pb] and
// W = w[(s−j0):(n−j0), 0:pb] (stride nb), on full storage, as one GEMM
// A₂₂ += P·Qᵀ with P = −[V W] and Q = [W V].
func syr2Update(a []float64, ld, n, j0, pb int, w []float64, nb int) {
	s := j0 + pb
	mm := n - s
	if mm <= 0 {
		return
	}
	mmp := roundUp(mm, 16)
	kc := 2 * pb
	pt := make([]float64, kc*mmp) // Pᵀ
	qt := make([]float64, kc*mmp) // Qᵀ
	for r := 0; r < mm; r++ {
		vr := a[(s+r)*ld+j0 : (s+r)*ld+j0+pb]
		wr := w[(s-j0+r)*nb : (s-j0+r)*nb+pb]
		for c := 0; c < pb; c++ {
			pt[c*mmp+r] = -vr[c]
			pt[(pb+c)*mmp+r] = -wr[c]
			qt[c*mmp+r] = wr[c]
			qt[(pb+c)*mmp+r] = vr[c]
		}
	}
	tiles := (mm + 3) / 4
	body := func(_, t0, t1 int) {
		for t := t0; t < t1; t++ {
			r0 := t * 4
			for c0 := 0; c0 < mm; c0 += 16 {
				kernel4x16(kc, pt[r0:], mmp, qt[c0:], mmp, a[(s+r0)*ld+s+c0:], ld)
			}
		}
	}
	if mm < 64 {
		body(0, 0, tiles)
		return
	}
	parallelRanges(tiles, runtimeWorkers(), body)
}
