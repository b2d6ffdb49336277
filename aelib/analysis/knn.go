package analysis

import (
	"fmt"
	"slices"
)

// KNNAccuracy is the share of the query points whose k nearest reference points
// (Euclidean distance, rows of dim values) vote for the query's label: a measure of how
// well a representation (codes, PCA coefficients, pixels) keeps digits of a class
// together. Votes are counted per label; a tie goes to the label of the nearest
// neighbour among the tied ones.
//
//	accuracy = (1/m) Σ_q 1[ argmax_c #{ j ∈ kNN(q) : label_j = c } = label_q ]
//
// It is a brute-force search: O(m·n·dim) for m queries and n references.
func KNNAccuracy(ref []float32, refLabels []uint8, query []float32, queryLabels []uint8, dim, k int) (float64, error) {
	if err := checkPoints("reference", ref, refLabels, dim); err != nil {
		return 0, err
	}
	if err := checkPoints("query", query, queryLabels, dim); err != nil {
		return 0, err
	}
	if k < 1 || k > len(refLabels) {
		return 0, fmt.Errorf("k-NN: k must be in 1..%d (the reference points), got %d", len(refLabels), k)
	}
	hits := 0
	for q := range queryLabels {
		if knnVote(ref, refLabels, query[q*dim:(q+1)*dim], dim, k, -1) == queryLabels[q] {
			hits++
		}
	}
	return float64(hits) / float64(len(queryLabels)), nil
}

// LeaveOneOutAccuracy is KNNAccuracy of every point against all the others.
func LeaveOneOutAccuracy(points []float32, labels []uint8, dim, k int) (float64, error) {
	if err := checkPoints("points", points, labels, dim); err != nil {
		return 0, err
	}
	if k < 1 || k >= len(labels) {
		return 0, fmt.Errorf("leave-one-out k-NN: k must be in 1..%d, got %d", len(labels)-1, k)
	}
	hits := 0
	for i := range labels {
		if knnVote(points, labels, points[i*dim:(i+1)*dim], dim, k, i) == labels[i] {
			hits++
		}
	}
	return float64(hits) / float64(len(labels)), nil
}

// neighbour is a reference point's index and squared distance.
type neighbour struct {
	idx  int
	dist float64
}

// knnVote returns the majority label of the k reference points nearest to q, skipping
// index skip.
func knnVote(ref []float32, labels []uint8, q []float32, dim, k, skip int) uint8 {
	best := make([]neighbour, 0, k+1)
	for j := range labels {
		if j == skip {
			continue
		}
		d := 0.0
		for t, v := range ref[j*dim : (j+1)*dim] {
			e := float64(v - q[t])
			d += e * e
		}
		if len(best) == k && d >= best[k-1].dist {
			continue
		}
		at, _ := slices.BinarySearchFunc(best, d, func(n neighbour, d float64) int {
			if n.dist <= d {
				return -1
			}
			return 1
		})
		best = slices.Insert(best, at, neighbour{j, d})
		if len(best) > k {
			best = best[:k]
		}
	}
	votes := map[uint8]int{}
	for _, n := range best {
		votes[labels[n.idx]]++
	}
	winner, top := labels[best[0].idx], 0
	for _, n := range best { // nearest first: ties go to the nearer label
		if c := votes[labels[n.idx]]; c > top {
			winner, top = labels[n.idx], c
		}
	}
	return winner
}

func checkPoints(what string, x []float32, labels []uint8, dim int) error {
	if dim < 1 || len(labels) == 0 || len(x) != len(labels)*dim {
		return fmt.Errorf("k-NN: %s has %d values for %d labels of dimension %d", what, len(x), len(labels), dim)
	}
	return nil
}
