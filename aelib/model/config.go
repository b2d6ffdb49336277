package model

import (
	"errors"
	"fmt"
	"strings"
)

// Loss names the reconstruction loss an autoencoder is trained with.
type Loss string

const (
	// BCE is the mean binary cross-entropy between the input pixels t ∈ [0,1] and the
	// reconstruction p = σ(logit):  −[t·log p + (1−t)·log(1−p)], computed from the logits
	// as max(z,0) − z·t + log(1+e^{−|z|}) for numerical stability. It needs OutputSigmoid.
	BCE Loss = "bce"

	// MSE is the mean squared error (t − p)² over all pixels.
	MSE Loss = "mse"
)

// Activation names an activation function of the hidden and code layers, or of the output.
type Activation string

// Activations understood by the model. Linear is the identity: an autoencoder whose every
// layer is Linear and trained with MSE learns the PCA subspace.
const (
	Linear  Activation = "linear"
	ReLU    Activation = "relu"
	Sigmoid Activation = "sigmoid"
	Tanh    Activation = "tanh"
	Swish   Activation = "swish"
)

// Optimizer names the gradient-descent method.
type Optimizer string

// Optimizers understood by Fit.
const (
	Adam Optimizer = "adam"
	SGD  Optimizer = "sgd"
)

// Config describes an autoencoder and how it is trained: a stack of dense layers
// InputDim → Hidden[0] → … → CodeSize → … → Hidden[0] → InputDim, the decoder mirroring
// the encoder. The zero value is not valid; start from Tutorial and change fields.
//
// The fields map one to one onto the tutorial's four hyper-parameters: CodeSize, the
// number of layers len(Hidden), the nodes per layer Hidden[i], and Loss.
type Config struct {
	// InputDim is the number of input features (784 for 28×28 MNIST images).
	InputDim int `json:"input_dim"`
	// CodeSize is the number of units in the bottleneck (the "code").
	CodeSize int `json:"code_size"`
	// Hidden lists the encoder's hidden layer sizes, outermost first; the decoder uses them
	// in reverse. Empty means the tutorial's single-layer 784→code→784 model.
	Hidden []int `json:"hidden,omitempty"`
	// Activation is applied after every hidden layer and after the code layer.
	Activation Activation `json:"activation"`
	// OutputActivation is applied to the decoder's last layer: Sigmoid for pixels in [0,1],
	// Linear for unbounded data.
	OutputActivation Activation `json:"output_activation"`
	// Loss is the training loss; BCE requires OutputActivation == Sigmoid.
	Loss Loss `json:"loss"`
	// Optimizer and LearningRate choose the update rule.
	Optimizer    Optimizer `json:"optimizer"`
	LearningRate float64   `json:"learning_rate"`
	// BatchSize is the number of examples per gradient step; Epochs the passes over the data.
	BatchSize int `json:"batch_size"`
	Epochs    int `json:"epochs"`
	// Seed fixes the weight initialisation and the shuffling: the same seed on the same
	// backend gives the same numbers.
	Seed int64 `json:"seed"`
}

// Tutorial returns the configuration of the tutorial's data-compression demo:
// 784 → 32 (ReLU) → 784 (sigmoid), binary cross-entropy, Adam with learning rate 1e-3,
// batch 256, 50 epochs.
func Tutorial() Config {
	return Config{
		InputDim:         784,
		CodeSize:         32,
		Activation:       ReLU,
		OutputActivation: Sigmoid,
		Loss:             BCE,
		Optimizer:        Adam,
		LearningRate:     1e-3,
		BatchSize:        256,
		Epochs:           50,
		Seed:             1,
	}
}

// LinearPCA returns the configuration of a linear autoencoder trained with MSE: every layer
// is the identity activation, so the optimum spans the same subspace as PCA with
// codeSize components.
func LinearPCA(codeSize int) Config {
	c := Tutorial()
	c.CodeSize = codeSize
	c.Activation = Linear
	c.OutputActivation = Linear
	c.Loss = MSE
	return c
}

// Validate reports every impossible setting in c, joined into one error.
func (c Config) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.InputDim <= 0 {
		add("input dimension must be > 0, got %d", c.InputDim)
	}
	if c.CodeSize <= 0 {
		add("code size must be > 0, got %d", c.CodeSize)
	}
	for i, h := range c.Hidden {
		if h <= 0 {
			add("hidden layer %d must have > 0 nodes, got %d", i, h)
		}
	}
	if !validActivation(c.Activation) {
		add("unknown activation %q (want one of %s)", c.Activation, activationNames())
	}
	if !validActivation(c.OutputActivation) {
		add("unknown output activation %q (want one of %s)", c.OutputActivation, activationNames())
	}
	switch c.Loss {
	case BCE:
		if c.OutputActivation != Sigmoid {
			add("loss %q needs output activation %q, got %q", BCE, Sigmoid, c.OutputActivation)
		}
	case MSE:
	default:
		add("unknown loss %q (want %q or %q)", c.Loss, BCE, MSE)
	}
	switch c.Optimizer {
	case Adam, SGD:
	default:
		add("unknown optimizer %q (want %q or %q)", c.Optimizer, Adam, SGD)
	}
	if !(c.LearningRate > 0) {
		add("learning rate must be > 0, got %g", c.LearningRate)
	}
	if c.BatchSize < 1 {
		add("batch size must be ≥ 1, got %d", c.BatchSize)
	}
	if c.Epochs < 1 {
		add("epochs must be ≥ 1, got %d", c.Epochs)
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid autoencoder config: %w", errors.Join(errs...))
	}
	return nil
}

// String is a one-line description such as "784-32-784 relu/sigmoid bce adam lr=0.001".
func (c Config) String() string {
	return fmt.Sprintf("%s %s/%s %s %s lr=%g batch=%d epochs=%d seed=%d",
		c.Layout(), c.Activation, c.OutputActivation, c.Loss, c.Optimizer, c.LearningRate,
		c.BatchSize, c.Epochs, c.Seed)
}

// Layout is the layer sizes joined by dashes, e.g. "784-128-32-128-784".
func (c Config) Layout() string {
	sizes := []string{fmt.Sprint(c.InputDim)}
	for _, h := range c.Hidden {
		sizes = append(sizes, fmt.Sprint(h))
	}
	sizes = append(sizes, fmt.Sprint(c.CodeSize))
	for i := len(c.Hidden) - 1; i >= 0; i-- {
		sizes = append(sizes, fmt.Sprint(c.Hidden[i]))
	}
	sizes = append(sizes, fmt.Sprint(c.InputDim))
	return strings.Join(sizes, "-")
}

// CompressionFactor is InputDim / CodeSize: 784/32 = 24.5 for the tutorial.
func (c Config) CompressionFactor() float64 {
	return float64(c.InputDim) / float64(c.CodeSize)
}

var knownActivations = []Activation{Linear, ReLU, Sigmoid, Tanh, Swish}

func validActivation(a Activation) bool {
	for _, k := range knownActivations {
		if a == k {
			return true
		}
	}
	return false
}

func activationNames() string {
	names := make([]string, len(knownActivations))
	for i, a := range knownActivations {
		names[i] = string(a)
	}
	return strings.Join(names, ", ")
}
