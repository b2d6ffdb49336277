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
