package analysis

import (
	"math/rand/v2"
	"testing"
)

// bruteKNN is the definition, written the slow, obvious way: sort all distances.
func bruteKNN(ref []float32, refLabels []uint8, q []float32, dim, k, skip int) uint8 {
	type nd struct {
		d   float64
		idx int
	}
	var all []nd
	for j := range refLabels {
		if j == skip {
			continue
		}
		d := 0.0
		for t := 0; t < dim; t++ {
			e := float64(ref[j*dim+t] - q[t])
			d += e * e
		}
		all = append(all, nd{d, j})
	}
	for i := 1; i < len(all); i++ { // insertion sort, stable
		for j := i; j > 0 && all[j].d < all[j-1].d; j-- {
			all[j], all[j-1] = all[j-1], all[j]
		}
	}
	votes := map[uint8]int{}
	for _, n := range all[:k] {
		votes[refLabels[n.idx]]++
	}
	best, top := refLabels[all[0].idx], 0
	for _, n := range all[:k] {
		if votes[refLabels[n.idx]] > top {
			best, top = refLabels[n.idx], votes[refLabels[n.idx]]
		}
	}
	return best
}

func TestKNNAccuracyMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n, m, dim = 200, 60, 3
	mk := func(count int) ([]float32, []uint8) {
		x, l := make([]float32, count*dim), make([]uint8, count)
		for i := range l {
			l[i] = uint8(r.IntN(4))
			for t := 0; t < dim; t++ {
				x[i*dim+t] = float32(l[i]) + float32(r.NormFloat64())
			}
		}
		return x, l
	}
	ref, refL := mk(n)
	q, qL := mk(m)
	for _, k := range []int{1, 5, 10} {
		got, err := KNNAccuracy(ref, refL, q, qL, dim, k)
		if err != nil {
			t.Fatal(err)
		}
		hits := 0
		for i := range qL {
			if bruteKNN(ref, refL, q[i*dim:(i+1)*dim], dim, k, -1) == qL[i] {
				hits++
			}
		}
		if want := float64(hits) / m; got != want {
			t.Errorf("k=%d: %v, brute force %v", k, got, want)
		}
		loo, _ := LeaveOneOutAccuracy(ref, refL, dim, k)
		hits = 0
		for i := range refL {
			if bruteKNN(ref, refL, ref[i*dim:(i+1)*dim], dim, k, i) == refL[i] {
				hits++
			}
		}
		if want := float64(hits) / n; loo != want {
			t.Errorf("leave-one-out k=%d: %v, brute force %v", k, loo, want)
		}
	}
}

func TestKNNHandCase(t *testing.T) {
	// Two clusters on a line; the query at 0.9 has neighbours 1 (label 1), 0 and 0.2 (label 0).
	ref := []float32{0, 0.2, 1, 5, 5.1}
	labels := []uint8{0, 0, 1, 2, 2}
	acc, err := KNNAccuracy(ref, labels, []float32{0.9, 4.9}, []uint8{0, 2}, 1, 3)
	if err != nil || acc != 1 {
		t.Errorf("k=3: %v, %v; want 1 (0.9 → two votes for 0; 4.9 → two for 2)", acc, err)
	}
	acc, _ = KNNAccuracy(ref, labels, []float32{0.9}, []uint8{0}, 1, 1)
	if acc != 0 {
		t.Errorf("k=1: %v; want 0 (the nearest point to 0.9 is 1, label 1)", acc)
	}
	for name, err := range map[string]error{
		"k too big": func() error { _, err := KNNAccuracy(ref, labels, ref, labels, 1, 6); return err }(),
		"ragged":    func() error { _, err := KNNAccuracy(ref[:4], labels, ref, labels, 1, 1); return err }(),
		"loo k = n": func() error { _, err := LeaveOneOutAccuracy(ref, labels, 1, 5); return err }(),
		"zero dim":  func() error { _, err := KNNAccuracy(ref, labels, ref, labels, 0, 1); return err }(),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
