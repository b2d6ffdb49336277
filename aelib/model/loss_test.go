package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// TestBCEFromLogits checks the grouped-logarithm BCE sum and the surrogate loss's value and
// gradient against the textbook formulas, for sizes that pick each group size.
func TestBCEFromLogits(t *testing.T) {
	_, _, b := data(t)
	for _, size := range []int{784 * 3, 97, 2 * 784 * 64} {
		r := rand.New(rand.NewPCG(1, uint64(size)))
		z := make([]float32, size)
		tt := make([]float32, size)
		for i := range z {
			z[i] = float32(r.NormFloat64() * 6)
			tt[i] = r.Float32()
		}
		var want float64
		grad := make([]float64, size)
		for i := range z {
			zi, ti := float64(z[i]), float64(tt[i])
			want += math.Max(zi, 0) - zi*ti + math.Log1p(math.Exp(-math.Abs(zi)))
			grad[i] = (1/(1+math.Exp(-zi)) - ti) / float64(size)
		}
		outs := graph.MustExecOnceN(b, func(zn, tn *graph.Node) []*graph.Node {
			loss := bceTrainingLoss(tn, zn)
			return []*graph.Node{bceSumFromLogits(tn, zn), loss, graph.Gradient(loss, zn)[0]}
		}, tensors.FromFlatDataAndDimensions(z, size), tensors.FromFlatDataAndDimensions(tt, size))
		sum := float64(tensors.MustCopyFlatData[float32](outs[0])[0])
		mean := float64(tensors.MustCopyFlatData[float32](outs[1])[0])
		g := tensors.MustCopyFlatData[float32](outs[2])
		if math.Abs(sum-want) > 1e-5*want {
			t.Errorf("size %d: sum %v, want %v", size, sum, want)
		}
		if math.Abs(mean-want/float64(size)) > 1e-5*want/float64(size) {
			t.Errorf("size %d: mean %v, want %v", size, mean, want/float64(size))
		}
		for i := range g {
			if math.Abs(float64(g[i])-grad[i]) > 1e-6/float64(size)+1e-4*math.Abs(grad[i]) {
				t.Fatalf("size %d: gradient[%d] = %v, want %v", size, i, g[i], grad[i])
			}
		}
	}
}

// TestBCEConfidentLogits: logits far from 0 on the side of their targets (a model that
// fits well) give terms e^{−|z|} that log(1+x) in float32 would round to 0; the sum must
// match a float64 reference to 10⁻⁴ relative, for logits from |z| = 5 to 40.
func TestBCEConfidentLogits(t *testing.T) {
	_, _, b := data(t)
	const size = 784 * 8
	r := rand.New(rand.NewPCG(9, 10))
	for _, spread := range [][2]float64{{5, 10}, {17, 25}, {25, 40}, {0, 40}} {
		z := make([]float32, size)
		tt := make([]float32, size)
		var want float64
		for i := range z {
			mag := spread[0] + r.Float64()*(spread[1]-spread[0])
			if r.IntN(2) == 0 {
				z[i], tt[i] = float32(mag), 1
			} else {
				z[i], tt[i] = float32(-mag), 0
			}
			zi, ti := float64(z[i]), float64(tt[i])
			want += math.Max(zi, 0) - zi*ti + math.Log1p(math.Exp(-math.Abs(zi)))
		}
		out := graph.MustExecOnce(b, func(zn, tn *graph.Node) *graph.Node { return bceSumFromLogits(tn, zn) },
			tensors.FromFlatDataAndDimensions(z, size), tensors.FromFlatDataAndDimensions(tt, size))
		got := float64(tensors.MustCopyFlatData[float32](out)[0])
		if math.Abs(got-want) > 1e-4*want {
			t.Errorf("|z| in %v: sum %v, float64 reference %v (relative error %.2g)", spread, got, want, math.Abs(got-want)/want)
		}
	}
}
