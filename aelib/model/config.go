package model

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/goautoencoders/autoencoders/aelib/corrupt"
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

// Architecture names how the encoder and decoder are built.
type Architecture string

// Architectures understood by the model.
const (
	// Dense is a stack of fully connected layers (the tutorial's model). It is the default
	// when Config.Architecture is empty.
	Dense Architecture = "dense"
	// Conv is a convolutional encoder on images (Config.Image) down to a code of
	// h×w×channels values, and a decoder that up-samples back (see ConvLayers).
	Conv Architecture = "conv"
)

// Config describes an autoencoder and how it is trained. The zero value is not valid;
// start from a preset (Tutorial, KerasConv, Hinton2006, Sparse, Contractive, Denoising,
// Variational) and change fields.
//
// The architecture is a stack of dense layers InputDim → Hidden[0] → … → CodeSize → … →
// Hidden[0] → InputDim, the decoder mirroring the encoder, or (Architecture Conv) the
// convolutional encoder and decoder of ConvLayers. The dense fields map one to one onto the
// tutorial's four hyper-parameters: CodeSize, the number of layers len(Hidden), the nodes
// per layer Hidden[i], and Loss.
//
// The optional objectives and training options combine with either architecture:
// Sparse (an L1 or KL activity penalty on the code), Contractive (a penalty on the
// encoder's Jacobian), Denoise (corrupted inputs, clean targets) and Variational (a
// variational autoencoder). A zero or nil field leaves the option off, and a config
// without them marshals to the same JSON as before they existed, so old run folders resume.
type Config struct {
	// Architecture is Dense (the default, when empty) or Conv.
	Architecture Architecture `json:"architecture,omitempty"`
	// InputDim is the number of input features (784 for 28×28 MNIST images).
	InputDim int `json:"input_dim"`
	// Image is the input's height, width and channels, needed by Conv (H·W·C must equal
	// InputDim; rows are stored channels-last, row-major).
	Image *ImageShape `json:"image,omitempty"`
	// CodeSize is the number of units in the bottleneck (the "code"). For Conv it must be
	// the number of values of the last encoder level, ConvCodeSize.
	CodeSize int `json:"code_size"`
	// Hidden lists the encoder's hidden layer sizes, outermost first; the decoder uses them
	// in reverse. Empty means the tutorial's single-layer 784→code→784 model.
	Hidden []int `json:"hidden,omitempty"`
	// Conv describes the convolutional layers of a Conv architecture.
	Conv *ConvLayers `json:"conv,omitempty"`
	// Activation is applied after every hidden layer and after the code layer.
	Activation Activation `json:"activation"`
	// CodeActivation, when set, replaces Activation on the code layer (Hinton2006 uses a
	// Linear code between ReLU layers).
	CodeActivation Activation `json:"code_activation,omitempty"`
	// OutputActivation is applied to the decoder's last layer: Sigmoid for pixels in [0,1],
	// Linear for unbounded data.
	OutputActivation Activation `json:"output_activation"`
	// Loss is the training loss; BCE requires OutputActivation == Sigmoid.
	Loss Loss `json:"loss"`
	// Optimizer and LearningRate choose the update rule.
	Optimizer    Optimizer `json:"optimizer"`
	LearningRate float64   `json:"learning_rate"`
	// Schedule, when set, decays the learning rate over the epochs.
	Schedule *Schedule `json:"schedule,omitempty"`
	// WeightDecay, when > 0, makes Adam decoupled-weight-decay Adam (AdamW, Loshchilov &
	// Hutter 2019): every step also moves each weight by −LearningRate·WeightDecay·w.
	WeightDecay float64 `json:"weight_decay,omitempty"`
	// BatchSize is the number of examples per gradient step; Epochs the passes over the data.
	BatchSize int `json:"batch_size"`
	Epochs    int `json:"epochs"`
	// Seed fixes the weight initialisation, the shuffling and every random draw of
	// training (noise, samples): the same seed on the same backend gives the same numbers.
	Seed int64 `json:"seed"`

	// Sparse adds an activity penalty on the code (a sparse autoencoder).
	Sparse *Sparsity `json:"sparse,omitempty"`
	// Contractive is λ of the contractive penalty λ·‖∂code/∂x‖²_F (0: off); see
	// OneLayerContractive and Autoencoder.contractivePenalty for what it computes.
	Contractive float64 `json:"contractive,omitempty"`
	// Denoise corrupts the training inputs (the targets stay clean): a denoising
	// autoencoder. The noise is fresh every epoch, drawn from (Seed, epoch) by
	// corrupt.Noise.Apply, so a resumed run sees the noise of an uninterrupted one.
	Denoise *corrupt.Noise `json:"denoise,omitempty"`
	// Variational makes the encoder give the mean μ and log-variance log σ² of a Gaussian
	// code, trained on reconstruction + KL divergence (a variational autoencoder).
	Variational bool `json:"variational,omitempty"`
	// Dropout, when > 0, is the fraction of every dense hidden layer's units (encoder and
	// decoder; not the code, not the input) zeroed in each training step, the others scaled
	// by 1/(1−Dropout) (Srivastava et al. 2014, "inverted" dropout); inference uses every
	// unit. The masks are drawn from (Seed, epoch, step), so runs stay deterministic.
	Dropout float64 `json:"dropout,omitempty"`
	// Tied makes every dense decoder layer use the transpose of its mirror encoder layer's
	// weight matrix (each keeps its own biases): W_dec,i = W_enc,iᵀ, as in an unrolled stack
	// of RBMs (Hinton & Salakhutdinov 2006) or Vincent et al.'s denoising autoencoders. It
	// halves the weights and is a regulariser; the encoder gets gradients through both uses.
	Tied bool `json:"tied,omitempty"`
}

// ImageShape is an image's height, width and number of channels.
type ImageShape struct {
	Height   int `json:"height"`
	Width    int `json:"width"`
	Channels int `json:"channels"`
}

// Size is Height·Width·Channels.
func (s ImageShape) Size() int { return s.Height * s.Width * s.Channels }

// Down-sampling and up-sampling methods of ConvLayers.
const (
	// Pool is a 3×3 "same" convolution followed by 2×2 max pooling (sizes round up).
	Pool = "pool"
	// Stride is a "same" convolution with stride 2.
	Stride = "stride"
	// Nearest is nearest-neighbour up-sampling ×2 (cropped to the encoder's size at that
	// level) followed by a "same" convolution.
	Nearest = "nearest"
	// Transposed is an input-dilated ("transposed") convolution with stride 2, cropped to
	// the encoder's size at that level.
	Transposed = "transposed"
)

// ConvLayers describes a convolutional encoder and its mirror decoder. Level i of the
// encoder is a Kernel×Kernel convolution to Filters[i] channels that halves the image
// (Down); the code is the last level's h×w×Filters[last] values. The decoder mirrors it:
// for each level from the last up, a convolution to the reversed Filters' channels and an
// up-sampling to the encoder's size one level up (Up: both in one transposed convolution,
// or a convolution then nearest up-sampling); a last convolution gives the image's
// channels (the logits).
//
// With Filters [16, 8, 8], Kernel 3, Pool and Nearest on 28×28×1 images this is the Keras
// blog's convolutional autoencoder: 28→14→7→4, code 4×4×8 = 128 values.
type ConvLayers struct {
	Filters []int  `json:"filters"`
	Kernel  int    `json:"kernel"`
	Down    string `json:"down"`
	Up      string `json:"up"`
}

// Sparsity is the activity penalty of a sparse autoencoder, added to the loss per example:
//
//	L1 · Σⱼ |hⱼ|  +  Beta · Σⱼ KL(ρ ‖ ρ̂ⱼ),   KL(ρ‖ρ̂) = ρ·log(ρ/ρ̂) + (1−ρ)·log((1−ρ)/(1−ρ̂))
//
// where h is the code and ρ̂ⱼ the mean activation of unit j over the batch. The KL term
// needs activations in (0,1): a Sigmoid code.
type Sparsity struct {
	// L1 is the weight of the L1 penalty on the code (Keras's activity_regularizer).
	L1 float64 `json:"l1,omitempty"`
	// Beta is the weight of the KL penalty and Target its ρ, the desired mean activation.
	Beta   float64 `json:"beta,omitempty"`
	Target float64 `json:"target,omitempty"`
}

// Schedule decays the learning rate: Cosine goes from LearningRate at the first epoch to
// LearningRate·MinFactor at the last, following half a cosine, per epoch.
type Schedule struct {
	Cosine    bool    `json:"cosine"`
	MinFactor float64 `json:"min_factor"`
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

// Validate reports every impossible setting in c, joined into one error. Every number of
// a config it accepts is finite, so the config marshals to JSON (and names a run folder).
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
	if c.CodeActivation != "" && !validActivation(c.CodeActivation) {
		add("unknown code activation %q (want one of %s)", c.CodeActivation, activationNames())
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
	errs = append(errs, c.validateArchitecture()...)
	errs = append(errs, c.validateObjectives()...)
	switch c.Optimizer {
	case Adam, SGD:
	default:
		add("unknown optimizer %q (want %q or %q)", c.Optimizer, Adam, SGD)
	}
	if !(c.LearningRate > 0) || math.IsInf(c.LearningRate, 0) {
		add("learning rate must be a finite number > 0, got %g", c.LearningRate)
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

// Layout is the layer sizes joined by dashes, e.g. "784-128-32-128-784", or for a
// convolutional model the image sizes and channels of each level, e.g.
// "28x28x1-14x14x16-7x7x8-4x4x8-7x7x8-14x14x8-28x28x16-28x28x1".
func (c Config) Layout() string {
	if c.Architecture == Conv && c.Image != nil && c.Conv != nil {
		return c.convLayout()
	}
	sizes := []string{fmt.Sprint(c.InputDim)}
	for _, h := range c.Hidden {
		sizes = append(sizes, fmt.Sprint(h))
	}
	sizes = append(sizes, fmt.Sprint(c.CodeSize))
	for i := len(c.Hidden) - 1; i >= 0; i-- {
		sizes = append(sizes, fmt.Sprint(c.Hidden[i]))
	}
	sizes = append(sizes, fmt.Sprint(c.InputDim))
	return joinDash(sizes)
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

func joinDash(parts []string) string { return strings.Join(parts, "-") }

// NumParameters is the number of trainable weights and biases of the model c describes.
func (c Config) NumParameters() int {
	if c.Architecture == Conv {
		return c.convParameters()
	}
	sizes := append([]int{c.InputDim}, c.Hidden...)
	sizes = append(sizes, c.CodeSize)
	n := 0
	for i := 0; i+1 < len(sizes); i++ {
		n += sizes[i]*sizes[i+1] + sizes[i+1] // encoder layer
		n += sizes[i]                         // mirrored decoder layer's biases
		if !c.Tied {
			n += sizes[i+1] * sizes[i] // and its own weights
		}
	}
	if c.Variational {
		last := sizes[len(sizes)-2]
		n += last*c.CodeSize + c.CodeSize // the log σ² head
	}
	return n
}

// convParameters counts the kernels and biases of a Conv architecture.
func (c Config) convParameters() int {
	k2 := c.Conv.Kernel * c.Conv.Kernel
	conv := func(in, out int) int { return k2*in*out + out }
	n, in := 0, c.Image.Channels
	for _, f := range c.Conv.Filters {
		n += conv(in, f)
		in = f
	}
	for _, f := range decoderChannels(c.Conv.Filters) {
		n += conv(in, f)
		in = f
	}
	return n + conv(in, c.Image.Channels)
}
