package model

import (
	"fmt"
	"sort"

	"github.com/gomlx/gomlx/core/tensors"
)

// Paths of the layers' weights in the model's variable store. Hidden layers are
// "/encoder/hidden_0", "/encoder/hidden_1", … and the mirrored "/decoder/hidden_i".
const (
	// EncoderCodeWeights is the [last hidden or InputDim, CodeSize] matrix into the code.
	EncoderCodeWeights = "/encoder/code/weights"
	// DecoderOutputWeights is the [first hidden or CodeSize, InputDim] matrix of the output.
	DecoderOutputWeights = "/decoder/output/weights"
)

// ParameterPaths lists the variables of the trained model (weights and biases, not the
// optimizer's state), sorted. It is empty before the first Fit or Encode initialises them.
func (ae *Autoencoder) ParameterPaths() []string {
	var paths []string
	for v := range ae.store.IterVariables() {
		p := v.Path()
		if len(p) > 8 && (p[:8] == "/encoder" || p[:8] == "/decoder") {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	return paths
}

// Parameter returns a copy of the variable at path (see ParameterPaths) as row-major values
// and its dimensions. For a linear autoencoder without hidden layers, the rows of
// DecoderOutputWeights span the same subspace as PCA's components.
func (ae *Autoencoder) Parameter(path string) (values []float32, dims []int, err error) {
	defer recoverGraphError("read parameter "+path, &err)
	v := ae.store.GetVariable(path)
	if v == nil {
		return nil, nil, fmt.Errorf("parameter %q not found; the model has %v (train or encode once to initialise them)", path, ae.ParameterPaths())
	}
	t, err := v.Value()
	if err != nil {
		return nil, nil, fmt.Errorf("parameter %q: %w", path, err)
	}
	values, err = tensors.CopyFlatData[float32](t)
	if err != nil {
		return nil, nil, fmt.Errorf("parameter %q: %w", path, err)
	}
	return values, append([]int(nil), t.Shape().Dimensions...), nil
}
