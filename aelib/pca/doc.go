// Package pca fits principal component analysis (PCA) models to row-major
// float32 data matrices and uses them to encode, decode and reconstruct
// data — the linear baseline for the autoencoders of aelib.
//
// A data matrix with n rows (samples) and d columns (features) is a []float32
// of length n·d in row-major order, as everywhere in aelib. Fitting computes
// the column mean μ and the top k eigenpairs (λ_c, v_c) of the sample
// covariance
//
//	C = (X − 1μᵀ)ᵀ(X − 1μᵀ) / (n−1),
//
// in float64. The codes of a sample are z_c = (x − μ)·v_c, and the
// reconstruction is x̂ = μ + Σ_c z_c v_c. The fitted values (Mean,
// Components, ExplainedVariance, ExplainedVarianceRatio, and the signs of
// the components) match scikit-learn's PCA(n_components=k,
// svd_solver="full"); on MNIST the agreement is to about six significant
// digits, the precision of scikit-learn's float32 computation.
//
// Two solvers are available (see Solver): Exact forms the covariance (or,
// when n < d, the Gram matrix) with a cache-blocked float64 kernel —
// AVX-512 when built with GOEXPERIMENT=simd on a CPU that has it — and keeps
// the top k eigenpairs; Randomized runs randomized subspace iteration and
// never forms a d×d matrix. Auto chooses between them like scikit-learn.
// All heavy loops use up to runtime.GOMAXPROCS(0) goroutines; the reductions split the
// data into partial sums fixed by the data alone (at most 8) and add them in order, so a
// fit is bitwise the same under any GOMAXPROCS.
//
// Fit a model once with many components and truncate it to sweep k:
//
//	train, test, _, err := mnist.Load(mnist.Options{})
//	if err != nil {
//		log.Fatal(err)
//	}
//	p, err := pca.Fit(train.Images, train.Len(), 784, 64)
//	if err != nil {
//		log.Fatal(err)
//	}
//	for _, k := range []int{2, 8, 32, 64} {
//		pk, _ := p.Truncate(k)
//		rec, _ := pk.Reconstruct(test.Images, test.Len())
//		mse, _ := metrics.MSE(test.Images, rec)
//		fmt.Printf("k=%2d  explained %.3f  test MSE %.5f\n", k, floats.Sum(pk.ExplainedVarianceRatio), mse)
//	}
package pca
