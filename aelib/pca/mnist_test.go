package pca

import (
	"math"
	"sync"
	"testing"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/mnist"
)

var (
	mnistOnce         sync.Once
	mnistTrain, mnistTest *mnist.Set
	mnistErr          error
)

// loadMNIST returns the MNIST train and test sets, or skips the test when
// they cannot be loaded (offline machine without the files).
func loadMNIST(t testing.TB) (train, test *mnist.Set) {
	t.Helper()
	if testing.Short() {
		t.Skip("MNIST tests skipped in -short mode")
	}
	mnistOnce.Do(func() {
		mnistTrain, mnistTest, _, mnistErr = mnist.Load(mnist.Options{})
	})
	if mnistErr != nil {
		t.Skipf("MNIST not available: %v", mnistErr)
	}
	return mnistTrain, mnistTest
}

func TestTmpMNIST(t *testing.T) {
	train, test := loadMNIST(t)
	n, d := len(train.Labels), 784
	for _, s := range []Solver{Exact, Randomized} {
		t0 := time.Now()
		p, err := FitWith(train.Images, n, d, 32, Options{Solver: s})
		el := time.Since(t0)
		if err != nil {
			t.Fatal(err)
		}
		evr := 0.0
		for _, v := range p.ExplainedVarianceRatio {
			evr += v
		}
		rec, _ := p.Reconstruct(test.Images, len(test.Labels))
		se := 0.0
		for i, v := range rec {
			e := float64(v) - float64(test.Images[i])
			se += e * e
		}
		p30, _ := p.Truncate(30)
		rec30, _ := p30.Reconstruct(test.Images, len(test.Labels))
		se30 := 0.0
		for i, v := range rec30 {
			e := float64(v) - float64(test.Images[i])
			se30 += e * e
		}
		nt := float64(len(test.Labels))
		t.Logf("%v: %v kernel=%s evr=%.7f mse=%.8f pise30=%.6f ev0=%.8f", s, el, kernelName, evr, se/nt/784, se30/nt, p.ExplainedVariance[0])
		_ = math.Abs
	}
}
