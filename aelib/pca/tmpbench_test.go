package pca

import (
	"syscall"
	"testing"
	"time"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func timeit(t *testing.T, name string, f func()) {
	c0, t0 := cpuTime(), time.Now()
	f()
	t.Logf("%-10s wall %8.1fms cpu %8.1fms", name, float64(time.Since(t0).Microseconds())/1e3, float64((cpuTime()-c0).Microseconds())/1e3)
}

func TestTmpProfile(t *testing.T) {
	train, _ := loadMNIST(t)
	n, d := train.Len(), 784
	mean, _ := columnMean(train.Images, n, d)
	m := dataMat{x: train.Images, n: n, d: d, shift: mean}
	for rep := 0; rep < 2; rep++ {
		timeit(t, "mean", func() { columnMean(train.Images, n, d) })
		var c []float64
		timeit(t, "cov", func() { c = covariance(m) })
		c2 := append([]float64(nil), c...)
		timeit(t, "tridiag", func() { topEigenTridiag(c2, d, 32) })
		var vecs []float64
		timeit(t, "eig", func() { _, vecs, _ = topEigenSym(c, d, 32) })
		timeit(t, "flip", func() { flipSigns(m, vecs, 32) })
		z := make([]float64, d*42)
		timeit(t, "covTimes", func() { covTimes(m, z, 42) })
		timeit(t, "sumsq", func() { columnSumSquares(m) })
		for _, s := range allSolvers {
			timeit(t, s.String(), func() { FitWith(train.Images, n, d, 32, Options{Solver: s}) })
		}
	}
}
