package pca

import (
	"math/rand/v2"
	"testing"
)

func TestTmpDsytrd(t *testing.T) {
	d := 784
	r := rand.New(rand.NewPCG(1, 2))
	a := make([]float64, d*d)
	for i := 0; i < d; i++ {
		for j := 0; j <= i; j++ {
			v := r.NormFloat64()
			a[i*d+j], a[j*d+i] = v, v
		}
	}
	for i := 0; i < 10; i++ {
		b := append([]float64(nil), a...)
		topEigenTridiag(b, d, 32)
	}
}
