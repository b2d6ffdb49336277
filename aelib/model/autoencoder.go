// Package model holds the autoencoder: a configurable stack of dense layers split into an
// encoder (input → code) and a decoder (code → reconstruction), built with GoMLX, trained
// with Fit, and usable as a whole or by halves, like Keras's Model / encoder / decoder.
//
// Example: the tutorial's data-compression demo.
//
//	backend, choice, err := backend.New()            // aelib/backend
//	train, test, _, err := mnist.Load(mnist.Options{}) // aelib/mnist
//	cfg := model.Tutorial()                            // 784-32-784, BCE, Adam, batch 256, 50 epochs
//	ae, err := model.New(backend, cfg)
//	history, err := ae.Fit(train.Images, test.Images, model.FitOptions{RunDir: "runs/demo"})
//	codes, err := ae.Encode(test.Images)               // n×32
//	recon, err := ae.Decode(codes)                     // n×784, in [0,1]
//
// Data is passed as row-major []float32 matrices whose row length is Config.InputDim.
package model

import (
	"fmt"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/layers/activation"
	gomlxmodel "github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/model/initializer"
	"github.com/gomlx/gomlx/ml/nn"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/goautoencoders/autoencoders/aelib/training"
)

// Autoencoder is a built (and possibly trained) autoencoder. Its weights live in a GoMLX
// model.Store on one backend. It is not safe for concurrent use.
type Autoencoder struct {
	cfg     Config
	backend compute.Backend
	store   *gomlxmodel.Store

	trainExec  *gomlxmodel.Exec
	evalExec   *gomlxmodel.Exec
	encodeExec *gomlxmodel.Exec
	decodeExec *gomlxmodel.Exec
	reconExec  *gomlxmodel.Exec

	// optimizer updates the weights in the training step.
	optimizer optimizer.Interface

	// history of the epochs trained so far, across Fit calls and resumed runs.
	history training.History
}

// New builds an untrained autoencoder for cfg on backend. Weights are initialised lazily,
// with Glorot-uniform weights and zero biases (Keras's defaults) drawn from cfg.Seed.
func New(backend compute.Backend, cfg Config) (*Autoencoder, error) {
	if backend == nil {
		return nil, fmt.Errorf("new autoencoder: backend is nil; create one with backend.New()")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.Hidden = append([]int(nil), cfg.Hidden...)
	ae := &Autoencoder{cfg: cfg, backend: backend}
	if err := ae.resetStore(); err != nil {
		return nil, err
	}
	return ae, nil
}

// resetStore creates a fresh variable store and the executors that read it.
func (ae *Autoencoder) resetStore() (err error) {
	store := gomlxmodel.NewStore()
	seed := ae.cfg.Seed
	if seed == 0 {
		seed = 1 // GoMLX treats 0 as "no seed"; keep runs reproducible.
	}
	store.SetParam(gomlxmodel.ParamInitialSeed, seed)
	ae.store = store
	ae.history = training.History{}
	ae.optimizer = newOptimizer(ae.cfg)
	return ae.buildExecs()
}

// buildExecs creates the training step and the inference executors.
func (ae *Autoencoder) buildExecs() (err error) {
	defer recoverGraphError("build executors", &err)
	if ae.cfg.Denoise != nil {
		ae.trainExec, err = gomlxmodel.NewExec(ae.backend, ae.store, ae.denoiseStepGraph)
	} else {
		ae.trainExec, err = gomlxmodel.NewExec(ae.backend, ae.store, ae.trainStepGraph)
	}
	if err != nil {
		return fmt.Errorf("build training step: %w", err)
	}
	return ae.rebuildInference()
}

// rebuildInference recreates the executors that only read the weights. GoMLX's Go backend
// embeds the weights of inference graphs as constants when they are compiled (it prefers
// constants for variables outside training), so those graphs must be rebuilt whenever the
// weights change: after each training epoch and after loading a checkpoint.
func (ae *Autoencoder) rebuildInference() (err error) {
	defer recoverGraphError("build inference executors", &err)
	for _, e := range []*gomlxmodel.Exec{ae.evalExec, ae.encodeExec, ae.decodeExec, ae.reconExec} {
		if e != nil {
			e.Finalize()
		}
	}
	ae.evalExec, err = gomlxmodel.NewExec(ae.backend, ae.store, ae.evalGraph)
	if err != nil {
		return fmt.Errorf("build evaluation: %w", err)
	}
	ae.encodeExec, err = gomlxmodel.NewExec(ae.backend, ae.store, ae.encodeGraph)
	if err != nil {
		return fmt.Errorf("build encoder: %w", err)
	}
	ae.decodeExec, err = gomlxmodel.NewExec(ae.backend, ae.store, ae.decodeGraph)
	if err != nil {
		return fmt.Errorf("build decoder: %w", err)
	}
	ae.reconExec, err = gomlxmodel.NewExec(ae.backend, ae.store, ae.reconstructGraph)
	if err != nil {
		return fmt.Errorf("build autoencoder: %w", err)
	}
	return nil
}

// Config returns the configuration the autoencoder was built with.
func (ae *Autoencoder) Config() Config {
	c := ae.cfg
	c.Hidden = append([]int(nil), c.Hidden...)
	return c
}

// History returns the per-epoch history of all training so far.
func (ae *Autoencoder) History() training.History { return ae.history.Clone() }

// Backend returns the backend the autoencoder runs on.
func (ae *Autoencoder) Backend() compute.Backend { return ae.backend }

// NumParameters is the number of trainable weights and biases:
// 784·32+32 + 32·784+784 = 50,992 for the tutorial model, 4,385 for KerasConv.
func (ae *Autoencoder) NumParameters() int { return ae.cfg.NumParameters() }

// denseLayer is y = act(x·W + b) with W of shape [in, out], created under scope.
func denseLayer(scope *gomlxmodel.Scope, x *graph.Node, out int, act Activation) *graph.Node {
	in := x.Shape().Dimensions[x.Rank()-1]
	w := scope.VariableWithShape("weights", denseWeightShape(in, out)).NodeValue(x.Graph())
	return denseWith(scope, x, w, out, act)
}

// denseWeightShape is the shape of a dense layer's weights from in to out units, in the
// layout the backend multiplies fastest.
func denseWeightShape(in, out int) shapes.Shape {
	if denseLayout == compute.DenseLayoutOutputsInput {
		return shapes.Make(dtypes.Float32, out, in)
	}
	return shapes.Make(dtypes.Float32, in, out)
}

// tiedDenseLayer is a decoder layer y = act(x·Wᵀ + b) whose weights are the transpose of
// the encoder layer under enc (which maps out units to x's); only the biases b live under
// scope.
func tiedDenseLayer(scope, enc *gomlxmodel.Scope, x *graph.Node, out int, act Activation) *graph.Node {
	in := x.Shape().Dimensions[x.Rank()-1]
	encW := enc.VariableWithShape("weights", denseWeightShape(out, in)).NodeValue(x.Graph())
	return denseWith(scope, x, graph.Transpose(encW, 0, 1), out, act)
}

// denseWith is act(x·w + b) for the given weights w (in the backend's layout) and biases
// created under scope.
func denseWith(scope *gomlxmodel.Scope, x, w *graph.Node, out int, act Activation) *graph.Node {
	b := scope.VariableWithShape("biases", shapes.Make(dtypes.Float32, out)).NodeValue(x.Graph())
	t := activationType(act)
	if t == activation.TypeNone {
		return nn.Dense(x, w, b, denseLayout)
	}
	return nn.Dense(x, w, b, denseLayout, t)
}

func activationType(a Activation) activation.Type {
	switch a {
	case ReLU:
		return activation.TypeRelu
	case Sigmoid:
		return activation.TypeSigmoid
	case Tanh:
		return activation.TypeTanh
	case Swish:
		return activation.TypeSwish
	default:
		return activation.TypeNone
	}
}

// modelScope is the root scope with Keras's initialisers.
func modelScope(scope *gomlxmodel.Scope) *gomlxmodel.Scope {
	return scope.WithInitializer(initializer.GlorotUniformFn(scope))
}

// EncoderGraph maps x [batch, InputDim] to the code [batch, CodeSize]: for a variational
// autoencoder, the mean μ of the code's distribution.
func (ae *Autoencoder) EncoderGraph(scope *gomlxmodel.Scope, x *graph.Node) *graph.Node {
	code, _ := ae.encoderGraph(scope, x, nil)
	return code
}

// encoderGraph returns the code (μ for a variational autoencoder) and, for a variational
// autoencoder, log σ² of the code's distribution (nil otherwise). With drop (a training
// step's random source; nil at inference) the hidden layers apply the config's dropout.
//
// The scope is entered with At, not In, so that a graph may run the encoder twice (the
// contractive penalty of a deep encoder does).
func (ae *Autoencoder) encoderGraph(scope *gomlxmodel.Scope, x *graph.Node, drop *randomSource) (code, logVar *graph.Node) {
	s := modelScope(scope).At("encoder")
	if ae.cfg.Architecture == Conv {
		return convEncoder(s, ae.cfg, x), nil
	}
	h := x
	for i, n := range ae.cfg.Hidden {
		h = ae.dropout(denseLayer(s.In("hidden_%d", i), h, n, ae.cfg.Activation), drop)
	}
	if ae.cfg.Variational {
		return denseLayer(s.In("code"), h, ae.cfg.CodeSize, Linear), denseLayer(s.In("log_var"), h, ae.cfg.CodeSize, Linear)
	}
	return denseLayer(s.In("code"), h, ae.cfg.CodeSize, ae.cfg.codeActivation()), nil
}

// DecoderLogitsGraph maps a code [batch, CodeSize] to the decoder's pre-activation output
// [batch, InputDim] (the logits when OutputActivation is Sigmoid).
func (ae *Autoencoder) DecoderLogitsGraph(scope *gomlxmodel.Scope, code *graph.Node) *graph.Node {
	return ae.decoderLogitsGraph(scope, code, nil)
}

// decoderLogitsGraph is DecoderLogitsGraph, with the config's dropout on the hidden layers
// when drop (a training step's random source) is given.
func (ae *Autoencoder) decoderLogitsGraph(scope *gomlxmodel.Scope, code *graph.Node, drop *randomSource) *graph.Node {
	s := modelScope(scope).In("decoder")
	if ae.cfg.Architecture == Conv {
		return convDecoderLogits(s, ae.cfg, code)
	}
	h := code
	for i := len(ae.cfg.Hidden) - 1; i >= 0; i-- {
		h = ae.dropout(ae.decoderLayer(scope, s.In("hidden_%d", i), i+1, h, ae.cfg.Hidden[i], ae.cfg.Activation), drop)
	}
	return ae.decoderLayer(scope, s.In("output"), 0, h, ae.cfg.InputDim, Linear)
}

// decoderLayer is the dense decoder layer under s giving out units; with tied weights it
// uses the transpose of encoder layer mirror (0 for the first hidden layer, …,
// len(Hidden) for the code layer).
func (ae *Autoencoder) decoderLayer(root, s *gomlxmodel.Scope, mirror int, x *graph.Node, out int, act Activation) *graph.Node {
	if !ae.cfg.Tied {
		return denseLayer(s, x, out, act)
	}
	enc := modelScope(root).At("encoder").At("code")
	if mirror < len(ae.cfg.Hidden) {
		enc = modelScope(root).At("encoder").At("hidden_%d", mirror)
	}
	return tiedDenseLayer(s, enc, x, out, act)
}

// dropout applies the config's dropout to the hidden activations h when drop is given and
// Dropout > 0; otherwise it returns h.
func (ae *Autoencoder) dropout(h *graph.Node, drop *randomSource) *graph.Node {
	if drop == nil || ae.cfg.Dropout <= 0 {
		return h
	}
	return Dropout(h, drop.uniform(h.Shape()), ae.cfg.Dropout)
}

// Dropout is inverted dropout of h with rate p, given u of h's shape drawn uniformly from
// [0, 1): each value is kept, scaled by 1/(1−p), where u ≥ p, and zeroed where u < p, so
// that the expected output equals h:
//
//	out = h · 1[u ≥ p] / (1 − p).
func Dropout(h, u *graph.Node, p float64) *graph.Node {
	keep := graph.GreaterOrEqual(u, graph.Scalar(u.Graph(), u.DType(), p))
	return graph.Where(keep, graph.MulScalar(h, 1/(1-p)), graph.ZerosLike(h))
}

// outputGraph applies the output activation to the decoder's logits.
func (ae *Autoencoder) outputGraph(logits *graph.Node) *graph.Node {
	switch ae.cfg.OutputActivation {
	case Linear:
		return logits
	default:
		return activation.Apply(activationType(ae.cfg.OutputActivation), logits)
	}
}

// lossGraph is the training loss of reconstructions from logits, averaged over every value.
func (ae *Autoencoder) lossGraph(x, logits *graph.Node) *graph.Node {
	if ae.cfg.Loss == BCE {
		return bceTrainingLoss(x, logits)
	}
	return graph.ReduceAllMean(graph.Square(graph.Sub(ae.outputGraph(logits), x)))
}

// bceTrainingLoss returns the mean binary cross-entropy of targets t and logits z, built
// for speed: its value is bceSumFromLogits / N and its gradient is (σ(z) − t)/N — the exact
// gradient of BCE from logits — taken through a surrogate, so that back-propagation needs
// no logarithm:
//
//	loss = stop(value − s) + s,   s = Σ stop(σ(z) − t)·z / N.
func bceTrainingLoss(t, z *graph.Node) *graph.Node {
	n := float64(z.Shape().Size())
	value := graph.DivScalar(bceSumFromLogits(t, z), n)
	surrogate := graph.DivScalar(graph.ReduceAllSum(
		graph.Mul(graph.StopGradient(graph.Sub(graph.Sigmoid(z), t)), z)), n)
	return graph.Add(graph.StopGradient(graph.Sub(value, surrogate)), surrogate)
}

// bceSumFromLogits is Σ max(z,0) − z·t + log1p(e^{−|z|}), the binary cross-entropy summed
// over every value. GoMLX's Go backend takes logarithms one value at a time, so the
// log1p terms are computed in two parts:
//
//   - a = e^{−|z|} < 2⁻¹⁰ (confident logits, |z| > 6.9): the series a − a²/2 + a³/3, whose
//     relative error is below a³/4 < 3·10⁻¹⁰ — no logarithm, and exact where log(1+a) would
//     round 1+a to 1 (|z| ≳ 17 in float32);
//   - the others, a ∈ [2⁻¹⁰, 1]: log1p(a) = log(1+a), taken of products of groups of up
//     to 64 factors (1+a) ∈ (1, 2] (a small term counts as the factor 1): Σ log(1+aᵢ) =
//     log Π(1+aᵢ), 64 times fewer logarithms. A product of 64 stays below 2⁶⁴, far inside
//     float32's range, and its relative rounding error, about 64·2⁻²⁴, makes each group's
//     logarithm off by under 4·10⁻⁶ — small beside the group's sum, which is at least
//     2⁻¹⁰ when any of its terms counts.
func bceSumFromLogits(t, z *graph.Node) *graph.Node {
	linear := graph.ReduceAllSum(graph.Sub(graph.Max(z, graph.ZerosLike(z)), graph.Mul(z, t)))
	a := graph.Exp(graph.Neg(graph.Abs(z)))
	const smallTerm = 1.0 / 1024
	small := graph.LessThan(a, graph.Scalar(a.Graph(), a.DType(), smallTerm))
	zero := graph.ZerosLike(a)
	as := graph.Where(small, a, zero)
	series := graph.ReduceAllSum(graph.Mul(as, graph.AddScalar(graph.Mul(as, graph.AddScalar(graph.MulScalar(as, 1.0/3), -0.5)), 1)))
	factors := graph.AddScalar(graph.Where(small, zero, a), 1)
	size := z.Shape().Size()
	group := 1
	for _, g := range []int{64, 32, 16, 8, 4, 2} {
		if size%g == 0 {
			group = g
			break
		}
	}
	products := graph.ReduceMultiply(graph.Reshape(factors, size/group, group), 1)
	return graph.Add(graph.Add(linear, series), graph.ReduceAllSum(graph.Log(products)))
}

func (ae *Autoencoder) encodeGraph(scope *gomlxmodel.Scope, x *graph.Node) *graph.Node {
	return ae.EncoderGraph(scope, x)
}

func (ae *Autoencoder) decodeGraph(scope *gomlxmodel.Scope, code *graph.Node) *graph.Node {
	return ae.outputGraph(ae.DecoderLogitsGraph(scope, code))
}

func (ae *Autoencoder) reconstructGraph(scope *gomlxmodel.Scope, x *graph.Node) *graph.Node {
	return ae.outputGraph(ae.DecoderLogitsGraph(scope, ae.EncoderGraph(scope, x)))
}

// evalGraph returns, for a batch, the sums over all its pixels of the BCE and of the
// squared error (float64 sums are formed on the host across batches).
func (ae *Autoencoder) evalGraph(scope *gomlxmodel.Scope, x *graph.Node) (bceSum, seSum *graph.Node) {
	logits := ae.DecoderLogitsGraph(scope, ae.EncoderGraph(scope, x))
	recon := ae.outputGraph(logits)
	se := graph.ReduceAllSum(graph.Square(graph.Sub(recon, x)))
	var bce *graph.Node
	if ae.cfg.OutputActivation == Sigmoid {
		bce = bceSumFromLogits(x, logits)
	} else {
		// Keras's convention for probabilities: clip to [ε, 1−ε] before the logs.
		const eps = 1e-7
		p := graph.ClipScalar(recon, eps, 1-eps)
		one := graph.OnesLike(p)
		terms := graph.Neg(graph.Add(graph.Mul(x, graph.Log(p)),
			graph.Mul(graph.Sub(one, x), graph.Log(graph.Sub(one, p)))))
		bce = graph.ReduceAllSum(terms)
	}
	return bce, se
}

// recoverGraphError turns a panic raised while building or running a GoMLX graph into an
// error naming what was being done.
func recoverGraphError(what string, err *error) {
	if r := recover(); r != nil {
		if e, ok := r.(error); ok {
			*err = fmt.Errorf("%s: %w", what, e)
			return
		}
		*err = fmt.Errorf("%s: %v", what, r)
	}
}

// denseLayout is the weights' memory layout of every dense layer.
var denseLayout = compute.DenseLayoutInputOutputs
