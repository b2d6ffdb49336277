package pca

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// PCA is a fitted principal component analysis of an n×d data matrix X.
//
// With μ the column mean of X and X_c = X − 1μᵀ the centred data, the
// sample covariance is
//
//	C = X_cᵀX_c / (n−1) = Σ_j λ_j v_j v_jᵀ,  λ_1 ≥ λ_2 ≥ … ≥ λ_d ≥ 0,
//
// and a PCA with k components keeps the top k eigenpairs. The results agree
// with scikit-learn's PCA(n_components=k, svd_solver="full") (whose singular
// values s_j of X_c satisfy λ_j = s_j²/(n−1)), including the sign of each
// component.
type PCA struct {
	// Mean is the column mean μ of the training data (length NFeatures).
	Mean []float64
	// Components is the k×d matrix whose rows are the principal axes
	// v_1…v_k: orthonormal, sorted by decreasing explained variance.
	// Signs follow scikit-learn 1.2's svd_flip(U, Vᵀ) (u_based_decision):
	// each axis is oriented so that the training sample with the largest
	// absolute score (x_i − μ)·v_j has a positive score.
	Components *mat.Dense
	// ExplainedVariance holds λ_1…λ_k, the variance of the data along each
	// axis with the unbiased n−1 denominator.
	ExplainedVariance []float64
	// ExplainedVarianceRatio holds λ_j / Σ_{i≤d} λ_i, where the total
	// Σ_i λ_i = trace(C) is the summed variance of all d columns.
	ExplainedVarianceRatio []float64
	// NSamples and NFeatures are n and d of the training data.
	NSamples, NFeatures int
}

// Solver selects how FitWith computes the principal axes.
type Solver int

const (
	// Auto picks Exact or Randomized with scikit-learn's rule (version
	// ≥ 1.5): Exact when d ≤ 1000 and n ≥ 10d (the covariance route), when
	// max(n, d) ≤ 500, or when k ≥ 0.8·min(n, d); Randomized otherwise.
	Auto Solver = iota
	// Exact forms the d×d covariance matrix X_cᵀX_c/(n−1) (or, when
	// n < d, the n×n Gram matrix X_cX_cᵀ) in float64 and takes its top k
	// eigenpairs. Cost O(n·min(n,d)·max(n,d)) + O(min(n,d)³).
	Exact
	// Randomized uses randomized subspace iteration (Halko, Martinsson and
	// Tropp 2011, Algorithms 4.3/4.4): a Gaussian d×(k+p) test matrix Ω is
	// multiplied q+1 times by the covariance, streaming over the data with
	// a QR re-orthonormalisation after each multiply, and the k leading
	// Ritz pairs of the resulting small (k+p)×(k+p) eigenproblem are kept.
	// Cost O(n·d·(k+p)·(q+1)); the d×d covariance is never formed.
	Randomized
)

// String returns the solver's name.
func (s Solver) String() string {
	switch s {
	case Auto:
		return "auto"
	case Exact:
		return "exact"
	case Randomized:
		return "randomized"
	}
	return fmt.Sprintf("Solver(%d)", int(s))
}

// Options configures FitWith. The zero value selects the defaults.
type Options struct {
	// Solver selects the algorithm; the default is Auto.
	Solver Solver
	// Seed seeds the Gaussian test matrix of the randomized solver; fits
	// with the same data, k, options and seed are identical.
	Seed uint64
	// Oversample is p, the number of extra random vectors of the randomized
	// solver; 0 means 10 (scikit-learn's n_oversamples). k+p is capped at
	// min(n, d).
	Oversample int
	// PowerIters is q, the number of power (subspace) iterations of the
	// randomized solver; 0 means scikit-learn's choice for n_iter="auto":
	// 7 when k < 0.1·min(n, d), else 4.
	PowerIters int
}

// Fit is FitWith with the default Options (Auto solver).
func Fit(x []float32, n, d, k int) (*PCA, error) {
	return FitWith(x, n, d, k, Options{})
}

// FitWith fits a k-component PCA to the n×d row-major matrix x.
//
// It requires n ≥ 2, d ≥ 1, 1 ≤ k ≤ min(n, d), len(x) = n·d and finite
// values, and returns an error otherwise or if the data has zero variance.
// All arithmetic is in float64.
func FitWith(x []float32, n, d, k int, opts Options) (*PCA, error) {
	if err := checkShape(x, n, d, "x"); err != nil {
		return nil, fmt.Errorf("pca: fit: %w", err)
	}
	if n < 2 {
		return nil, fmt.Errorf("pca: fit: need at least 2 samples, got %d", n)
	}
	if k < 1 || k > min(n, d) {
		return nil, fmt.Errorf("pca: fit: k = %d components out of range [1, min(n, d) = %d]", k, min(n, d))
	}
	if opts.Oversample < 0 || opts.PowerIters < 0 {
		return nil, fmt.Errorf("pca: fit: negative Oversample (%d) or PowerIters (%d)", opts.Oversample, opts.PowerIters)
	}
	solver := opts.Solver
	switch solver {
	case Auto:
		solver = autoSolver(n, d, k)
	case Exact, Randomized:
	default:
		return nil, fmt.Errorf("pca: fit: unknown solver %v", opts.Solver)
	}
	mean, constant, err := columnStats(x, n, d)
	if err != nil {
		return nil, fmt.Errorf("pca: fit: %w", err)
	}
	if !slices.Contains(constant, false) {
		return nil, errors.New("pca: fit: data has zero variance (all columns are constant)")
	}
	m := dataMat{x: x, n: n, d: d, shift: mean}

	var (
		vals     []float64 // eigenvalues of X_cᵀX_c (not yet divided by n−1)
		vecs     []float64 // d×k, columns are the axes
		totalVar float64   // trace(X_cᵀX_c)
	)
	switch solver {
	case Exact:
		vals, vecs, totalVar, err = fitExact(m, k, constant)
	case Randomized:
		vals, vecs, totalVar, err = fitRandomized(m, k, opts)
	}
	if err != nil {
		return nil, fmt.Errorf("pca: fit (%v solver): %w", solver, err)
	}
	if !(totalVar > 0) {
		return nil, errors.New("pca: fit: data has zero variance")
	}
	flipSigns(m, vecs, k)

	p := &PCA{
		Mean:                   mean,
		Components:             mat.NewDense(k, d, nil),
		ExplainedVariance:      make([]float64, k),
		ExplainedVarianceRatio: make([]float64, k),
		NSamples:               n,
		NFeatures:              d,
	}
	for c := 0; c < k; c++ {
		ev := max(vals[c], 0) / float64(n-1)
		p.ExplainedVariance[c] = ev
		p.ExplainedVarianceRatio[c] = ev / (totalVar / float64(n-1))
		for j := 0; j < d; j++ {
			p.Components.Set(c, j, vecs[j*k+c])
		}
	}
	return p, nil
}

// autoSolver implements the rule documented at Auto.
func autoSolver(n, d, k int) Solver {
	switch {
	case d <= 1000 && n >= 10*d:
		return Exact
	case max(n, d) <= 500:
		return Exact
	case float64(k) >= 0.8*float64(min(n, d)):
		return Exact
	}
	return Randomized
}

// checkShape checks that the n×d matrix x has the right length and
// positive dimensions.
func checkShape(x []float32, n, d int, name string) error {
	switch {
	case n < 1 || d < 1:
		return fmt.Errorf("%s: dimensions %d×%d must be positive", name, n, d)
	case n > math.MaxInt/d:
		return fmt.Errorf("%s: dimensions %d×%d overflow", name, n, d)
	case len(x) != n*d:
		return fmt.Errorf("%s: len = %d, want %d×%d = %d", name, len(x), n, d, n*d)
	}
	return nil
}

// checkFinite returns an error naming the first non-finite element of x.
func checkFinite(x []float32, d int, name string) error {
	// Fast path: v − v is 0 for finite v and NaN for NaN and ±Inf.
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] - x[i]
		s1 += x[i+1] - x[i+1]
		s2 += x[i+2] - x[i+2]
		s3 += x[i+3] - x[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] - x[i]
	}
	if s0+s1+s2+s3 == 0 {
		return nil
	}
	for i, v := range x {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("%s: non-finite value %v at row %d, column %d", name, v, i/d, i%d)
		}
	}
	return nil
}

// columnStats returns the column means of the n×d matrix x and which
// columns are constant (all n values equal), or an error if x has a
// non-finite element.
func columnStats(x []float32, n, d int) (mean []float64, constant []bool, err error) {
	workers := runtimeWorkers()
	sums := make([][]float64, workers)
	devs := make([][]float64, workers)
	first := x[:d]
	parallelRanges(n, workers, func(w, lo, hi int) {
		s := make([]float64, d)
		dev := make([]float64, d) // Σ_i (x_ij − x_0j)²: zero iff column j is constant
		for i := lo; i < hi; i++ {
			accumulateRow(s, dev, x[i*d:(i+1)*d], first)
		}
		sums[w], devs[w] = s, dev
	})
	mean = make([]float64, d)
	constant = make([]bool, d)
	for j := range constant {
		constant[j] = true
	}
	for w, s := range sums {
		if s == nil {
			continue
		}
		for j, v := range s {
			mean[j] += v
			if devs[w][j] != 0 {
				constant[j] = false
			}
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
		if math.IsNaN(mean[j]) || math.IsInf(mean[j], 0) {
			// Sums of finite float32 values cannot overflow float64, so
			// some element of this column is NaN or ±Inf.
			return nil, nil, checkFinite(x, d, "x")
		}
	}
	return mean, constant, nil
}

// flipSigns applies scikit-learn 1.2's svd_flip(U, Vᵀ) convention to the
// d×k axes vecs: the score of training sample i on axis c is
// u_ic ∝ (x_i − μ)·v_c; the sample with the largest |u_ic| (the first one
// on ties) must have a positive score.
func flipSigns(m dataMat, vecs []float64, k int) {
	type best struct {
		abs  float64
		val  float64
		row  int
		seen bool
	}
	workers := runtimeWorkers()
	perWorker := make([][]best, workers)
	for w := range perWorker {
		perWorker[w] = make([]best, k)
	}
	mulXB(m, vecs, k, workers, func(w, i int, row []float64) {
		bs := perWorker[w]
		for c, v := range row {
			a := math.Abs(v)
			b := &bs[c]
			if !b.seen || a > b.abs || (a == b.abs && i < b.row) {
				*b = best{abs: a, val: v, row: i, seen: true}
			}
		}
	})
	for c := 0; c < k; c++ {
		var b best
		for _, bs := range perWorker {
			o := bs[c]
			if o.seen && (!b.seen || o.abs > b.abs || (o.abs == b.abs && o.row < b.row)) {
				b = o
			}
		}
		if b.val < 0 {
			for j := 0; j < m.d; j++ {
				vecs[j*k+c] = -vecs[j*k+c]
			}
		}
	}
}

// K returns the number of components.
func (p *PCA) K() int {
	if p == nil || p.Components == nil {
		return 0
	}
	r, _ := p.Components.Dims()
	return r
}

// check validates the fitted model itself.
func (p *PCA) check() error {
	if p == nil || p.Components == nil {
		return errors.New("nil or unfitted PCA")
	}
	k, d := p.Components.Dims()
	if d != p.NFeatures || len(p.Mean) != d {
		return fmt.Errorf("inconsistent PCA: components %d×%d, mean %d, NFeatures %d", k, d, len(p.Mean), p.NFeatures)
	}
	return nil
}

// componentsT returns Vᵀ as a d×k row-major slice.
func (p *PCA) componentsT() []float64 {
	k, d := p.Components.Dims()
	out := make([]float64, d*k)
	for c := 0; c < k; c++ {
		for j := 0; j < d; j++ {
			out[j*k+c] = p.Components.At(c, j)
		}
	}
	return out
}

// componentsData returns V as a contiguous k×d row-major slice.
func (p *PCA) componentsData() []float64 {
	raw := p.Components.RawMatrix()
	if raw.Stride == raw.Cols {
		return raw.Data[:raw.Rows*raw.Cols]
	}
	out := make([]float64, raw.Rows*raw.Cols)
	for c := 0; c < raw.Rows; c++ {
		copy(out[c*raw.Cols:(c+1)*raw.Cols], raw.Data[c*raw.Stride:c*raw.Stride+raw.Cols])
	}
	return out
}

// Transform returns the n×k codes of the n×d row-major x,
//
//	z_ic = (x_i − μ)·v_c,
//
// computed in float64 and rounded to float32. It returns an error if p is
// not a fitted model, len(x) ≠ n·NFeatures or x has a non-finite value.
func (p *PCA) Transform(x []float32, n int) ([]float32, error) {
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("pca: transform: %w", err)
	}
	d, k := p.NFeatures, p.K()
	if err := checkShape(x, n, d, "x"); err != nil {
		return nil, fmt.Errorf("pca: transform: %w", err)
	}
	if err := checkFinite(x, d, "x"); err != nil {
		return nil, fmt.Errorf("pca: transform: %w", err)
	}
	z := make([]float32, n*k)
	mulXB(dataMat{x: x, n: n, d: d, shift: p.Mean}, p.componentsT(), k, runtimeWorkers(), func(_, i int, row []float64) {
		dst := z[i*k : (i+1)*k]
		for c, v := range row {
			dst[c] = float32(v)
		}
	})
	return z, nil
}

// InverseTransform maps n×k codes back to the n×d data space,
//
//	x̂_i = μ + Σ_c z_ic v_c,
//
// computed in float64 and rounded to float32. It returns an error if p is
// not a fitted model, len(z) ≠ n·K() or z has a non-finite value.
func (p *PCA) InverseTransform(z []float32, n int) ([]float32, error) {
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("pca: inverse transform: %w", err)
	}
	d, k := p.NFeatures, p.K()
	if err := checkShape(z, n, k, "z"); err != nil {
		return nil, fmt.Errorf("pca: inverse transform: %w", err)
	}
	if err := checkFinite(z, k, "z"); err != nil {
		return nil, fmt.Errorf("pca: inverse transform: %w", err)
	}
	x := make([]float32, n*d)
	mulXB(dataMat{x: z, n: n, d: k}, p.componentsData(), d, runtimeWorkers(), func(_, i int, row []float64) {
		dst := x[i*d : (i+1)*d]
		for j, v := range row {
			dst[j] = float32(v + p.Mean[j])
		}
	})
	return x, nil
}

// Reconstruct returns the projection of the n×d rows of x onto the affine
// principal subspace, x̂_i = μ + VᵀV(x_i − μ) with V the k×d Components;
// it equals InverseTransform(Transform(x)) but keeps the codes in float64.
// Errors are as for Transform.
func (p *PCA) Reconstruct(x []float32, n int) ([]float32, error) {
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("pca: reconstruct: %w", err)
	}
	d, k := p.NFeatures, p.K()
	if err := checkShape(x, n, d, "x"); err != nil {
		return nil, fmt.Errorf("pca: reconstruct: %w", err)
	}
	if err := checkFinite(x, d, "x"); err != nil {
		return nil, fmt.Errorf("pca: reconstruct: %w", err)
	}
	// Codes in float64, then back: x̂ = μ + Z·V.
	codes := make([]float64, n*k)
	mulXB(dataMat{x: x, n: n, d: d, shift: p.Mean}, p.componentsT(), k, runtimeWorkers(), func(_, i int, row []float64) {
		copy(codes[i*k:(i+1)*k], row)
	})
	out := make([]float32, n*d)
	mulXB(dataMat{x64: codes, n: n, d: k}, p.componentsData(), d, runtimeWorkers(), func(_, i int, row []float64) {
		dst := out[i*d : (i+1)*d]
		for j, v := range row {
			dst[j] = float32(v + p.Mean[j])
		}
	})
	return out, nil
}

// Truncate returns a new PCA holding the first k components of p (k ≤ p.K()),
// with the same Mean. For the Exact solver this is exactly the k-component
// fit of the same data, so a model fitted once at a large k can be swept
// over smaller k.
func (p *PCA) Truncate(k int) (*PCA, error) {
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("pca: truncate: %w", err)
	}
	if k < 1 || k > p.K() {
		return nil, fmt.Errorf("pca: truncate: k = %d out of range [1, %d]", k, p.K())
	}
	d := p.NFeatures
	comps := mat.NewDense(k, d, nil)
	comps.Copy(p.Components.Slice(0, k, 0, d))
	return &PCA{
		Mean:                   append([]float64(nil), p.Mean...),
		Components:             comps,
		ExplainedVariance:      append([]float64(nil), p.ExplainedVariance[:k]...),
		ExplainedVarianceRatio: append([]float64(nil), p.ExplainedVarianceRatio[:k]...),
		NSamples:               p.NSamples,
		NFeatures:              p.NFeatures,
	}, nil
}
