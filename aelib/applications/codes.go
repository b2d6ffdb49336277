package applications

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
)

// CodeKNN measures how much of the labels' structure a code keeps: it encodes the reference
// images ref and the query images query with c and returns the accuracy of a k-nearest-
// neighbour vote (Euclidean distance in code space) of the queries' labels among the
// references' — the dimensionality-reduction application's number.
func CodeKNN(c analysis.Codec, ref, query *mnist.Set, k int) (float64, error) {
	rc, err := c.Encode(ref.Images)
	if err != nil {
		return 0, fmt.Errorf("code k-NN: encode references: %w", err)
	}
	qc, err := c.Encode(query.Images)
	if err != nil {
		return 0, fmt.Errorf("code k-NN: encode queries: %w", err)
	}
	dim := len(rc) / ref.Len()
	return analysis.KNNAccuracy(rc, ref.Labels, qc, query.Labels, dim, k)
}
