package model

import (
	"fmt"

	"github.com/gomlx/compute"

	"github.com/gomlx/gomlx/core/graph"
	gomlxmodel "github.com/gomlx/gomlx/ml/model"
)

// HiddenActivations returns, for the rows of x, the activations of encoder hidden layer
// layer (0 is the first, Hidden[0] units): what the model represents at that depth. The
// code itself is Encode's. Only dense encoders have hidden layers to ask for.
func (ae *Autoencoder) HiddenActivations(x []float32, layer int) (acts []float32, err error) {
	if ae.cfg.Architecture == Conv {
		return nil, fmt.Errorf("hidden activations: a convolutional encoder's levels are images, not dense layers; use Encode")
	}
	if layer < 0 || layer >= len(ae.cfg.Hidden) {
		return nil, fmt.Errorf("hidden activations: layer %d out of range; the encoder has %d hidden layers (%v)", layer, len(ae.cfg.Hidden), ae.cfg.Hidden)
	}
	if _, err := ae.rows("hidden-layer input", x); err != nil {
		return nil, err
	}
	defer recoverGraphError("hidden activations", &err)
	exec, err := gomlxmodel.NewExec(ae.backend, ae.store, func(scope *gomlxmodel.Scope, x *graph.Node) *graph.Node {
		s := modelScope(scope).At("encoder")
		h := x
		for i := 0; i <= layer; i++ {
			h = denseLayer(s.In("hidden_%d", i), h, ae.cfg.Hidden[i], ae.cfg.Activation)
		}
		return h
	})
	if err != nil {
		return nil, fmt.Errorf("hidden activations: %w", err)
	}
	defer exec.Finalize()
	return ae.mapRows(fmt.Sprintf("hidden layer %d", layer), exec, x, ae.cfg.InputDim, ae.cfg.Hidden[layer])
}

// InputFeatures returns the weights from the input into the first n units of the first
// encoder layer (hidden_0, or the code layer of a model without hidden layers), one row of
// InputDim values per unit: drawn as images, the patterns the first layer responds to —
// the autoencoder's counterpart of PCA's eigen-digits.
func (ae *Autoencoder) InputFeatures(n int) ([]float32, error) {
	if ae.cfg.Architecture == Conv {
		return nil, fmt.Errorf("input features: a convolutional encoder's first layer has kernels, not whole-image weights")
	}
	layer, units := "code", ae.cfg.CodeSize
	if len(ae.cfg.Hidden) > 0 {
		layer, units = "hidden_0", ae.cfg.Hidden[0]
	}
	if n < 1 || n > units {
		return nil, fmt.Errorf("input features: %d units asked, the first layer has %d", n, units)
	}
	w, _, err := ae.Parameter("/encoder/" + layer + "/weights")
	if err != nil {
		return nil, fmt.Errorf("input features: %w", err)
	}
	in := ae.cfg.InputDim
	out := make([]float32, n*in)
	for u := range n {
		for i := range in {
			if denseLayout == compute.DenseLayoutOutputsInput { // [outputs, inputs]
				out[u*in+i] = w[u*in+i]
			} else { // [inputs, outputs]
				out[u*in+i] = w[i*units+u]
			}
		}
	}
	return out, nil
}
