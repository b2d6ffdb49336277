package analysis

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
)

// CodeKNN measures how much of the labels' structure a code keeps: it encodes the reference
// images ref and the query images query with m's encoder and returns the accuracy of a k-nearest-
// neighbour vote (Euclidean distance in code space) of the queries' labels among the
// references' — the dimensionality-reduction application's number.
func CodeKNN(m Method, ref, query *mnist.Set, k int) (float64, error) {
	rc, err := m.encode(ref.Images)
	if err != nil {
		return 0, fmt.Errorf("code k-NN: encode references: %w", err)
	}
	qc, err := m.encode(query.Images)
	if err != nil {
		return 0, fmt.Errorf("code k-NN: encode queries: %w", err)
	}
	dim := len(rc) / ref.Len()
	return KNNAccuracy(rc, ref.Labels, qc, query.Labels, dim, k)
}

// LayerKNN measures what each depth of a dense encoder keeps of the labels: the k-NN
// accuracy (as CodeKNN) of the pixels themselves, of every hidden layer's activations and
// of the code, with ref as references and query as queries. names[i] labels layer i.
func LayerKNN(ae *model.Autoencoder, ref, query *mnist.Set, k int) (names []string, acc []float64, err error) {
	add := func(name string, r, q []float32, dim int) error {
		a, err := KNNAccuracy(r, ref.Labels, q, query.Labels, dim, k)
		if err != nil {
			return fmt.Errorf("layer k-NN, %s: %w", name, err)
		}
		names, acc = append(names, name), append(acc, a)
		return nil
	}
	if err := add(fmt.Sprintf("pixels (%d)", mnist.Pixels), ref.Images, query.Images, mnist.Pixels); err != nil {
		return nil, nil, err
	}
	cfg := ae.Config()
	for i, units := range cfg.Hidden {
		r, err := ae.HiddenActivations(ref.Images, i)
		if err != nil {
			return nil, nil, err
		}
		q, err := ae.HiddenActivations(query.Images, i)
		if err != nil {
			return nil, nil, err
		}
		if err := add(fmt.Sprintf("hidden layer %d (%d)", i+1, units), r, q, units); err != nil {
			return nil, nil, err
		}
	}
	r, err := ae.Encode(ref.Images)
	if err != nil {
		return nil, nil, err
	}
	q, err := ae.Encode(query.Images)
	if err != nil {
		return nil, nil, err
	}
	if err := add(fmt.Sprintf("code (%d)", cfg.CodeSize), r, q, cfg.CodeSize); err != nil {
		return nil, nil, err
	}
	return names, acc, nil
}
