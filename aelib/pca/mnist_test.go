package pca

import (
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
)

var (
	mnistOnce             sync.Once
	mnistTrain, mnistTest *mnist.Set
	mnistErr              error

	exactOnce sync.Once
	exactFit  *PCA
	exactErr  error
	exactTime time.Duration
)

// mnistExact returns the Exact fit of the MNIST training set with k = 32
// (computed once per test binary) and how long it took.
func mnistExact(t *testing.T) (*PCA, time.Duration) {
	t.Helper()
	train, _ := loadMNIST(t)
	exactOnce.Do(func() {
		start := time.Now()
		exactFit, exactErr = FitWith(train.Images, train.Len(), 784, 32, Options{Solver: Exact})
		exactTime = time.Since(start)
	})
	if exactErr != nil {
		t.Fatal(exactErr)
	}
	return exactFit, exactTime
}

// loadMNIST returns the MNIST train and test sets, or skips the test when
// they cannot be loaded or in -short mode.
func loadMNIST(tb testing.TB) (train, test *mnist.Set) {
	tb.Helper()
	if testing.Short() {
		tb.Skip("MNIST tests skipped in -short mode")
	}
	mnistOnce.Do(func() {
		mnistTrain, mnistTest, _, mnistErr = mnist.Load(mnist.Options{})
	})
	if mnistErr != nil {
		tb.Fatalf("MNIST not available: %v (it loads from the Go module cache; see aelib/mnist)", mnistErr)
	}
	return mnistTrain, mnistTest
}

// Reference values from scikit-learn 1.2.1, PCA(svd_solver="full") fitted on
// the 60 000 MNIST training images scaled by 1/255 and evaluated on the
// 10 000 test images (bench/sklearn_pca.py).
const (
	sklearnPerImageSE30 = 13.866265752073604
	sklearnMSE32        = 0.01682823478318207
	sklearnEVRSum32     = 0.7436059713363647
)

// mnistNumbers returns the three reference numbers of a model fitted with
// at least 32 components.
func mnistNumbers(t *testing.T, p *PCA, test *mnist.Set) (perImageSE30, mse32, evrSum32 float64) {
	t.Helper()
	p32, err := p.Truncate(32)
	if err != nil {
		t.Fatal(err)
	}
	p30, err := p.Truncate(30)
	if err != nil {
		t.Fatal(err)
	}
	rec32, err := p32.Reconstruct(test.Images, test.Len())
	if err != nil {
		t.Fatal(err)
	}
	rec30, err := p30.Reconstruct(test.Images, test.Len())
	if err != nil {
		t.Fatal(err)
	}
	if mse32, err = metrics.MSE(test.Images, rec32); err != nil {
		t.Fatal(err)
	}
	if perImageSE30, err = metrics.PerImageSE(test.Images, rec30, 784); err != nil {
		t.Fatal(err)
	}
	return perImageSE30, mse32, sum(p32.ExplainedVarianceRatio)
}

func sig4(v float64) string { return fmt.Sprintf("%.4g", v) }

// TestMNISTMatchesSklearn fits the full 60 000×784 training set (Exact
// solver, k = 32) and checks the scikit-learn reference numbers to four
// significant digits (and, tighter, to a relative 10⁻⁵, the precision of
// scikit-learn's float32 SVD).
func TestMNISTMatchesSklearn(t *testing.T) {
	train, test := loadMNIST(t)
	if s := autoSolver(train.Len(), 784, 32); s != Exact {
		t.Errorf("Auto picks %v for MNIST, want exact (as scikit-learn ≥ 1.5)", s)
	}
	p, took := mnistExact(t)
	t.Logf("Fit(60000×784, k=32), exact solver, %s kernels: %v", kernelName, took)
	se30, mse32, evr32 := mnistNumbers(t, p, test)
	t.Logf("per-image SE k=30 %.7g, MSE k=32 %.7g, EVR sum k=32 %.7g", se30, mse32, evr32)
	for _, c := range []struct {
		name      string
		got, want float64
		want4     string
	}{
		{"per-image squared error, k=30", se30, sklearnPerImageSE30, "13.87"},
		{"per-pixel MSE, k=32", mse32, sklearnMSE32, "0.01683"},
		{"explained variance ratio sum, k=32", evr32, sklearnEVRSum32, "0.7436"},
	} {
		if sig4(c.got) != c.want4 {
			t.Errorf("%s = %s (%v), want %s", c.name, sig4(c.got), c.got, c.want4)
		}
		if math.Abs(c.got/c.want-1) > 1e-5 {
			t.Errorf("%s = %v, scikit-learn %v", c.name, c.got, c.want)
		}
	}
	// scikit-learn's first explained variance, and its most negative and
	// most positive loadings of some components (which pin the signs).
	if math.Abs(p.ExplainedVariance[0]/5.116877079-1) > 1e-5 {
		t.Errorf("λ₁ = %v, scikit-learn 5.116877", p.ExplainedVariance[0])
	}
	for _, l := range []struct {
		c, pixel int
		want     float64
	}{
		{0, 462, -0.076833}, {0, 550, 0.106223},
		{1, 156, -0.122650}, {1, 464, 0.119068},
		{2, 632, -0.138709}, {2, 545, 0.126660},
		{3, 656, -0.156991}, {3, 543, 0.097318},
		{4, 266, -0.063311}, {4, 408, 0.154517},
		{9, 600, -0.127969}, {9, 521, 0.158565},
		{31, 299, -0.136454}, {31, 213, 0.148880},
	} {
		if got := p.Components.At(l.c, l.pixel); math.Abs(got-l.want) > 2e-5 {
			t.Errorf("component %d, pixel %d: loading %.6f, scikit-learn %.6f", l.c, l.pixel, got, l.want)
		}
	}
}

// TestMNISTRandomized checks the Randomized solver against the Exact one on
// MNIST (k = 32, default options): every explained variance within 10⁻³
// relative, the same 32-dimensional subspace, and the same three reference
// numbers to four significant digits.
func TestMNISTRandomized(t *testing.T) {
	train, test := loadMNIST(t)
	n := train.Len()
	ex, _ := mnistExact(t)
	start := time.Now()
	rz, err := FitWith(train.Images, n, 784, 32, Options{Solver: Randomized})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Fit(60000×784, k=32), randomized solver: %v", time.Since(start))
	worst := 0.0
	for c := range rz.ExplainedVariance {
		worst = max(worst, math.Abs(rz.ExplainedVariance[c]/ex.ExplainedVariance[c]-1))
	}
	if worst > 1e-3 {
		t.Errorf("explained variance: worst relative error %.3g > 1e-3", worst)
	}
	cos := subspaceCos(rz.Components, ex.Components)
	if cos < 0.99 {
		t.Errorf("largest principal angle between the subspaces has cosine %v", cos)
	}
	// The leading axes agree individually, signs included.
	for c := 0; c < 10; c++ {
		dot := 0.0
		for j := 0; j < 784; j++ {
			dot += rz.Components.At(c, j) * ex.Components.At(c, j)
		}
		if dot < 1-1e-6 {
			t.Errorf("axis %d: randomized·exact = %v", c, dot)
		}
	}
	t.Logf("worst λ relative error %.2g, subspace cosine %.6f", worst, cos)
	se30, mse32, evr32 := mnistNumbers(t, rz, test)
	if sig4(se30) != "13.87" || sig4(mse32) != "0.01683" || sig4(evr32) != "0.7436" {
		t.Errorf("randomized: per-image SE k=30 %v, MSE k=32 %v, EVR k=32 %v; want 13.87, 0.01683, 0.7436", se30, mse32, evr32)
	}
}

// BenchmarkFitMNIST times Fit(60000×784, k=32) with each solver; compare
// with bench/sklearn_pca.py.
func BenchmarkFitMNIST(b *testing.B) {
	train, _ := loadMNIST(b)
	for _, s := range allSolvers {
		b.Run(s.String(), func(b *testing.B) {
			for b.Loop() {
				if _, err := FitWith(train.Images, train.Len(), 784, 32, Options{Solver: s}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTransformMNIST times encoding and reconstructing the 10 000 test
// images with k = 32.
func BenchmarkTransformMNIST(b *testing.B) {
	train, test := loadMNIST(b)
	p, err := Fit(train.Images, train.Len(), 784, 32)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Transform", func(b *testing.B) {
		for b.Loop() {
			p.Transform(test.Images, test.Len())
		}
	})
	b.Run("Reconstruct", func(b *testing.B) {
		for b.Loop() {
			p.Reconstruct(test.Images, test.Len())
		}
	})
}
