package pca

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// PrincipalAngles returns the principal angles, in degrees and ascending, between the
// subspace spanned by the rows of a (ka×d, row-major) and the one spanned by the rows of b
// (kb×d): with Qa, Qb orthonormal bases (from QR), the cosines of the angles are the
// singular values of Qaᵀ·Qb. There are min(ka, kb) angles; all near 0° means the two sets of
// rows span the same subspace (Björck & Golub, 1973).
//
// A linear autoencoder trained with MSE spans the same subspace as PCA: pass its decoder
// weights and PCA's Components to see it.
func PrincipalAngles(a []float32, ka int, b []float32, kb int, d int) ([]float64, error) {
	if d < 1 || ka < 1 || kb < 1 {
		return nil, fmt.Errorf("principal angles: need d, ka, kb ≥ 1, got %d, %d, %d", d, ka, kb)
	}
	if ka > d || kb > d {
		return nil, fmt.Errorf("principal angles: subspaces of %d and %d dimensions do not fit in %d", ka, kb, d)
	}
	if len(a) != ka*d || len(b) != kb*d {
		return nil, fmt.Errorf("principal angles: a has %d values (want %d×%d), b has %d (want %d×%d)", len(a), ka, d, len(b), kb, d)
	}
	qa, err := orthonormalBasis(a, ka, d)
	if err != nil {
		return nil, fmt.Errorf("principal angles: first subspace: %w", err)
	}
	qb, err := orthonormalBasis(b, kb, d)
	if err != nil {
		return nil, fmt.Errorf("principal angles: second subspace: %w", err)
	}
	var m mat.Dense
	m.Mul(qa.T(), qb) // ka×kb
	var svd mat.SVD
	if !svd.Factorize(&m, mat.SVDNone) {
		return nil, fmt.Errorf("principal angles: SVD did not converge")
	}
	cos := svd.Values(nil) // descending
	angles := make([]float64, len(cos))
	for i, c := range cos {
		angles[i] = math.Acos(math.Min(1, math.Max(-1, c))) * 180 / math.Pi
	}
	return angles, nil
}

// PrincipalAnglesTo returns the principal angles between the rows of b (kb×d) and the
// subspace of p's components.
func (p *PCA) PrincipalAnglesTo(b []float32, kb int) ([]float64, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	k, d := p.Components.Dims()
	comps := make([]float32, k*d)
	for i := 0; i < k; i++ {
		for j := 0; j < d; j++ {
			comps[i*d+j] = float32(p.Components.At(i, j))
		}
	}
	return PrincipalAngles(comps, k, b, kb, d)
}

// orthonormalBasis returns a d×k matrix whose columns are an orthonormal basis of the span
// of the k rows of x, or an error when the rows are linearly dependent or not finite.
func orthonormalBasis(x []float32, k, d int) (*mat.Dense, error) {
	m := mat.NewDense(d, k, nil)
	for i := 0; i < k; i++ {
		for j := 0; j < d; j++ {
			v := float64(x[i*d+j])
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("row %d holds a non-finite value", i)
			}
			m.Set(j, i, v)
		}
	}
	var qr mat.QR
	qr.Factorize(m)
	var r mat.Dense
	qr.RTo(&r)
	maxDiag := 0.0
	for i := 0; i < k; i++ {
		maxDiag = math.Max(maxDiag, math.Abs(r.At(i, i)))
	}
	for i := 0; i < k; i++ {
		if math.Abs(r.At(i, i)) <= 1e-10*maxDiag || maxDiag == 0 {
			return nil, fmt.Errorf("the rows are linearly dependent (row %d adds no new direction)", i)
		}
	}
	var q mat.Dense
	qr.QTo(&q)
	return mat.DenseCopyOf(q.Slice(0, d, 0, k)), nil
}
