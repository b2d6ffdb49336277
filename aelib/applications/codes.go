package applications

import (
	"fmt"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/lab"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
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

// KNNByCodeSize trains cfg with each code size in codes (through lab.Train with opts) and
// fits PCA with as many components, and returns the k-NN accuracy (CodeKNN, k neighbours)
// of each one's codes: the first nRef training images are the references, the first
// nQuery test images the queries.
func KNNByCodeSize(b compute.Backend, cfg model.Config, data lab.Data, codes []int, opts lab.Options, nRef, nQuery, k int) (ae, pca []float64, err error) {
	ref, err := data.Train.Subset(min(nRef, data.Train.Len()))
	if err != nil {
		return nil, nil, err
	}
	query, err := data.Test.Subset(min(nQuery, data.Test.Len()))
	if err != nil {
		return nil, nil, err
	}
	for _, size := range codes {
		c := cfg
		c.CodeSize = size
		m, _, err := lab.Train(b, c, data, opts)
		if err != nil {
			return nil, nil, err
		}
		p, _, err := lab.PCA(data, size)
		if err != nil {
			return nil, nil, err
		}
		a, err := CodeKNN(m, ref, query, k)
		if err != nil {
			return nil, nil, err
		}
		q, err := CodeKNN(analysis.PCACodec{PCA: p}, ref, query, k)
		if err != nil {
			return nil, nil, err
		}
		ae, pca = append(ae, a), append(pca, q)
	}
	return ae, pca, nil
}

// LayerKNN measures what each depth of a dense encoder keeps of the labels: the k-NN
// accuracy (as CodeKNN) of the pixels themselves, of every hidden layer's activations and
// of the code, with ref as references and query as queries. names[i] labels layer i.
func LayerKNN(ae *model.Autoencoder, ref, query *mnist.Set, k int) (names []string, acc []float64, err error) {
	add := func(name string, r, q []float32, dim int) error {
		a, err := analysis.KNNAccuracy(r, ref.Labels, q, query.Labels, dim, k)
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
