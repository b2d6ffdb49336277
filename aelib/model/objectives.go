package model

import (
	"math"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	gomlxmodel "github.com/gomlx/gomlx/ml/model"
)

// objectiveGraph is the training loss of reconstructing target from input (the same node
// unless the inputs are corrupted): the reconstruction loss plus the config's penalties,
// or the variational loss.
func (ae *Autoencoder) objectiveGraph(scope *gomlxmodel.Scope, input, target *graph.Node, rng *randomSource) *graph.Node {
	if ae.cfg.Variational {
		return ae.variationalLoss(scope, input, target, rng)
	}
	code, _ := ae.encoderGraph(scope, input, rng)
	loss := ae.lossGraph(target, ae.decoderLogitsGraph(scope, code, rng))
	if s := ae.cfg.Sparse; s != nil {
		loss = graph.Add(loss, SparsityPenalty(code, *s))
	}
	if lambda := ae.cfg.Contractive; lambda > 0 {
		loss = graph.Add(loss, graph.MulScalar(ae.contractivePenalty(scope, input, code, rng), lambda))
	}
	return loss
}

// SparsityPenalty is the sparse autoencoder's activity penalty on a batch of codes
// h [batch, k], averaged over the batch:
//
//	L1 · (1/B) Σ_b Σ_j |h_bj|  +  Beta · Σ_j KL(ρ ‖ ρ̂_j),   ρ̂_j = (1/B) Σ_b h_bj,
//	KL(ρ‖ρ̂) = ρ·log(ρ/ρ̂) + (1−ρ)·log((1−ρ)/(1−ρ̂)),
//
// with ρ̂ clipped to [10⁻⁶, 1−10⁻⁶] so that a dead or saturated unit gives a finite penalty.
func SparsityPenalty(h *graph.Node, s Sparsity) *graph.Node {
	batch := float64(h.Shape().Dimensions[0])
	g := h.Graph()
	penalty := graph.ScalarZero(g, h.DType())
	if s.L1 > 0 {
		penalty = graph.Add(penalty, graph.MulScalar(graph.ReduceAllSum(graph.Abs(h)), s.L1/batch))
	}
	if s.Beta > 0 {
		rho := s.Target
		rhoHat := graph.ClipScalar(graph.ReduceMean(h, 0), 1e-6, 1-1e-6)
		kl := graph.Add(
			graph.MulScalar(graph.Log(graph.DivScalar(graph.Reciprocal(rhoHat), 1/rho)), rho),
			graph.MulScalar(graph.Log(graph.DivScalar(graph.Reciprocal(graph.OneMinus(rhoHat)), 1/(1-rho))), 1-rho))
		penalty = graph.Add(penalty, graph.MulScalar(graph.ReduceAllSum(kl), s.Beta))
	}
	return penalty
}

// contractivePenalty is ‖∂h/∂x‖²_F, the squared Frobenius norm of the encoder's Jacobian,
// averaged over the batch, for inputs x and their codes h.
//
// For a one-layer dense encoder h = act(x·W + b) it is Rifai et al.'s (ICML 2011) closed
// form, exact:
//
//	‖J‖²_F = Σ_j act'(a_j)² · Σ_i W_ij²,   a = x·W + b,
//
// with act' = h(1−h) for a sigmoid, 1[a > 0] for ReLU, 1−h² for tanh, 1 for linear.
// For deeper (or convolutional) encoders there is no such closed form, and the penalty is
// a one-sample estimate from ‖J‖²_F = E_v ‖J·v‖² over v ~ N(0, I), with J·v taken by a
// finite difference, (f(x + εv) − f(x))/ε with ε = 10⁻²: one more encoder pass per step,
// noisy and slightly biased: the finite difference makes its mean ‖J‖²_F + O(ε²) (the
// O(ε) term of the expansion is odd in v and averages out), small beside the noise.
func (ae *Autoencoder) contractivePenalty(scope *gomlxmodel.Scope, x, h *graph.Node, rng *randomSource) *graph.Node {
	batch := float64(x.Shape().Dimensions[0])
	if ae.cfg.Architecture != Conv && len(ae.cfg.Hidden) == 0 && !ae.cfg.Variational {
		s := modelScope(scope).At("encoder").At("code")
		w := s.VariableWithShape("weights", shapes.Make(dtypes.Float32, ae.cfg.InputDim, ae.cfg.CodeSize)).NodeValue(x.Graph())
		b := s.VariableWithShape("biases", shapes.Make(dtypes.Float32, ae.cfg.CodeSize)).NodeValue(x.Graph())
		return OneLayerContractive(x, w, b, ae.cfg.codeActivation())
	}
	const eps = 1e-2
	v := rng.normal(x.Shape())
	shifted := ae.EncoderGraph(scope, graph.Add(x, graph.MulScalar(v, eps)))
	jv := graph.DivScalar(graph.Sub(shifted, h), eps)
	return graph.DivScalar(graph.ReduceAllSum(graph.Square(jv)), batch)
}

// OneLayerContractive is ‖∂h/∂x‖²_F averaged over the batch for the one-layer encoder
// h = act(x·W + b), x [batch, n], W [n, k], b [k], in closed form (Rifai et al., 2011):
//
//	‖J‖²_F = Σ_j act'(a_j)² · Σ_i W_ij²,   a = x·W + b.
func OneLayerContractive(x, w, b *graph.Node, act Activation) *graph.Node {
	batch := float64(x.Shape().Dimensions[0])
	a := graph.Add(graph.Dot(x, w).Product(), graph.ExpandAxes(b, 0))
	d := activationDerivative(act, a, activationGraph(act, a))
	colNorms := graph.ReduceSum(graph.Square(w), 0) // Σ_i W_ij², [k]
	return graph.DivScalar(graph.ReduceAllSum(graph.Mul(graph.Square(d), graph.ExpandAxes(colNorms, 0))), batch)
}

// activationDerivative is act'(a), from the pre-activation a or the activation h = act(a).
func activationDerivative(act Activation, a, h *graph.Node) *graph.Node {
	switch act {
	case Sigmoid:
		return graph.Mul(h, graph.OneMinus(h))
	case ReLU:
		return graph.ConvertDType(graph.GreaterThan(a, graph.ZerosLike(a)), a.DType())
	case Tanh:
		return graph.OneMinus(graph.Square(h))
	case Swish:
		s := graph.Sigmoid(a)
		return graph.Mul(s, graph.AddScalar(graph.Mul(a, graph.OneMinus(s)), 1))
	default:
		return graph.OnesLike(a)
	}
}

// variationalLoss is the negative evidence lower bound of a batch, per example:
//
//	(1/B) Σ_b [ Σ_d rec(x_bd, x̂_bd)  +  KL(N(μ_b, σ_b²) ‖ N(0, I)) ],
//	KL = −½ Σ_j (1 + log σ_j² − μ_j² − σ_j²),
//
// where x̂ decodes the reparameterised sample z = μ + σ·ε, ε ~ N(0, I) from the model's
// generator (seeded per step), and rec is the binary cross-entropy (or squared error) of one value.
func (ae *Autoencoder) variationalLoss(scope *gomlxmodel.Scope, input, target *graph.Node, rng *randomSource) *graph.Node {
	return ae.variationalLossWith(scope, input, target, nil, rng)
}

// variationalLossWith is variationalLoss with the draws ε [batch, CodeSize] given (nil:
// drawn from rng, which also gives the dropout masks).
func (ae *Autoencoder) variationalLossWith(scope *gomlxmodel.Scope, input, target, eps *graph.Node, rng *randomSource) *graph.Node {
	mu, logVar := ae.encoderGraph(scope, input, rng)
	if eps == nil {
		eps = rng.normal(mu.Shape())
	}
	z := graph.Add(mu, graph.Mul(graph.Exp(graph.MulScalar(logVar, 0.5)), eps))
	logits := ae.decoderLogitsGraph(scope, z, rng)
	// lossGraph is a mean over every value; × InputDim makes it a per-example sum.
	rec := graph.MulScalar(ae.lossGraph(target, logits), float64(ae.cfg.InputDim))
	return graph.Add(rec, KLDivergence(mu, logVar))
}

// KLDivergence is KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ_j (1 + log σ_j² − μ_j² − σ_j²), summed
// over the code and averaged over the batch, for mu and logVar [batch, k].
func KLDivergence(mu, logVar *graph.Node) *graph.Node {
	batch := float64(mu.Shape().Dimensions[0])
	terms := graph.Sub(graph.Sub(graph.AddScalar(logVar, 1), graph.Square(mu)), graph.Exp(logVar))
	return graph.MulScalar(graph.ReduceAllSum(terms), -0.5/batch)
}

// logLikelihoodBound returns, per example of x [B, InputDim], the importance-weighted
// bound on log p(x) from the k standard-normal draws eps [B, k, CodeSize]:
//
//	log (1/k) Σ_i p(x|z_i)·p(z_i)/q(z_i|x),   z_i = μ + σ·ε_i,
//
// with a Bernoulli decoder p(x|z) (binary cross-entropy). k = 1 gives the ELBO.
func (ae *Autoencoder) logLikelihoodBound(scope *gomlxmodel.Scope, x, eps *graph.Node) *graph.Node {
	dims := eps.Shape().Dimensions
	b, k, zdim := dims[0], dims[1], dims[2]
	d := ae.cfg.InputDim
	mu, logVar := ae.encoderGraph(scope, x, nil)
	mu3 := graph.BroadcastToDims(graph.Reshape(mu, b, 1, zdim), b, k, zdim)
	lv3 := graph.BroadcastToDims(graph.Reshape(logVar, b, 1, zdim), b, k, zdim)
	z := graph.Add(mu3, graph.Mul(graph.Exp(graph.MulScalar(lv3, 0.5)), eps))
	logits := graph.Reshape(ae.DecoderLogitsGraph(scope, graph.Reshape(z, b*k, zdim)), b, k, d)
	xr := graph.BroadcastToDims(graph.Reshape(x, b, 1, d), b, k, d)
	// log p(x|z) = −Σ_d [max(z,0) − z·t + log1p(e^{−|z|})]
	bce := graph.Add(graph.Sub(graph.Max(logits, graph.ZerosLike(logits)), graph.Mul(logits, xr)),
		graph.Log1p(graph.Exp(graph.Neg(graph.Abs(logits)))))
	logPxz := graph.Neg(graph.ReduceSum(bce, 2))
	// log p(z) − log q(z|x) = −½ Σ_j (z² − ε² − log σ²); the log 2π terms cancel.
	logRatio := graph.MulScalar(graph.ReduceSum(graph.Sub(graph.Sub(graph.Square(z), graph.Square(eps)), lv3), 2), -0.5)
	logW := graph.Add(logPxz, logRatio) // [B, k]
	m := graph.StopGradient(graph.ReduceMax(logW, 1))
	lse := graph.Add(m, graph.Log(graph.ReduceSum(graph.Exp(graph.Sub(logW, graph.Reshape(m, b, 1))), 1)))
	return graph.AddScalar(lse, -math.Log(float64(k)))
}
