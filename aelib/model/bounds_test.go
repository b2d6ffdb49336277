package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	gomlxmodel "github.com/gomlx/gomlx/ml/model"
)

// vec is a float64 vector, the tests' own arithmetic beside the model's float32 graphs.
type vec = []float64

// denseF64 returns the float64 map x ↦ x·W + b of the dense layer at path, read from the
// model's weights (in the backend's layout).
func denseF64(t *testing.T, ae *Autoencoder, path string, in, out int) func(vec) vec {
	t.Helper()
	w, _, err := ae.Parameter(path + "/weights")
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := ae.Parameter(path + "/biases")
	if err != nil {
		t.Fatal(err)
	}
	at := func(i, j int) float64 { return float64(w[i*out+j]) }
	if denseLayout == compute.DenseLayoutOutputsInput {
		at = func(i, j int) float64 { return float64(w[j*in+i]) }
	}
	return func(x vec) vec {
		y := make(vec, out)
		for j := range out {
			y[j] = float64(b[j])
			for i, v := range x {
				y[j] += v * at(i, j)
			}
		}
		return y
	}
}

// apply returns f applied to every value of x.
func apply(x vec, f func(float64) float64) vec {
	y := make(vec, len(x))
	for i, v := range x {
		y[i] = f(v)
	}
	return y
}

func relu(v float64) float64 { return max(v, 0) }

// binaryPatterns makes n rows of d pixels: one of three fixed patterns with a tenth of its
// pixels flipped, so that the posterior over the code is far from the prior.
func binaryPatterns(n, d int, seed uint64) []float32 {
	r := rand.New(rand.NewPCG(seed, 3))
	protos := make([][]bool, 3)
	for p := range protos {
		protos[p] = make([]bool, d)
		for j := range d {
			protos[p][j] = r.IntN(2) == 1
		}
	}
	x := make([]float32, n*d)
	for i := range n {
		p := protos[r.IntN(3)]
		for j := range d {
			if p[j] != (r.Float64() < 0.1) {
				x[i*d+j] = 1
			}
		}
	}
	return x
}

// tinyVAE is a variational autoencoder 12-5-2 (ReLU hidden layers, Bernoulli decoder),
// trained a little on binaryPatterns, and its float64 twin: encode gives μ and log σ²,
// logits the decoder's output logits.
type tinyVAE struct {
	ae     *Autoencoder
	x      []float32
	d, k   int
	encode func(x vec) (mu, logVar vec)
	logits func(z vec) vec
}

func newTinyVAE(t *testing.T) tinyVAE {
	t.Helper()
	_, _, b := data(t)
	const d, hidden, code = 12, 5, 2
	cfg := Variational()
	cfg.InputDim, cfg.Hidden, cfg.CodeSize, cfg.Epochs, cfg.BatchSize, cfg.LearningRate = d, []int{hidden}, code, 20, 16, 1e-2
	ae, err := New(b, cfg)
	if err != nil {
		t.Fatal(err)
	}
	x := binaryPatterns(300, d, 1)
	if _, err := ae.Fit(x, x[:50*d], FitOptions{}); err != nil {
		t.Fatal(err)
	}
	encHidden := denseF64(t, ae, "/encoder/hidden_0", d, hidden)
	mu := denseF64(t, ae, "/encoder/code", hidden, code)
	logVar := denseF64(t, ae, "/encoder/log_var", hidden, code)
	decHidden := denseF64(t, ae, "/decoder/hidden_0", code, hidden)
	out := denseF64(t, ae, "/decoder/output", hidden, d)
	return tinyVAE{ae: ae, x: x, d: d, k: code,
		encode: func(x vec) (vec, vec) { h := apply(encHidden(x), relu); return mu(h), logVar(h) },
		logits: func(z vec) vec { return out(apply(decHidden(z), relu)) },
	}
}

// row returns row i of the tiny model's images as float64.
func (v tinyVAE) row(i int) vec {
	r := make(vec, v.d)
	for j := range r {
		r[j] = float64(v.x[i*v.d+j])
	}
	return r
}

// logBernoulli is log p(x|z) of a Bernoulli decoder with logits l: Σ x·log σ(l) +
// (1−x)·log(1−σ(l)).
func logBernoulli(x, l vec) float64 {
	s := 0.0
	for j := range x {
		s += x[j]*-math.Log1p(math.Exp(-l[j])) + (1-x[j])*-math.Log1p(math.Exp(l[j]))
	}
	return s
}

// logNormal is log N(z; μ, diag(exp(logVar))), straight from the density.
func logNormal(z, mu, logVar vec) float64 {
	s := 0.0
	for j := range z {
		v := math.Exp(logVar[j])
		s += -0.5*(z[j]-mu[j])*(z[j]-mu[j])/v - 0.5*math.Log(2*math.Pi*v)
	}
	return s
}

// bruteBound is the importance-sampling estimate of log p(x) with k samples, in float64,
// mean over the first n images: log (1/k) Σᵢ p(x|zᵢ) p(zᵢ) / q(zᵢ|x), zᵢ = μ + σ·εᵢ, with
// the same draws ε as LogLikelihoodBound's (standardNormal of the seed).
func (v tinyVAE) bruteBound(n, k int, seed uint64) float64 {
	eps := standardNormal(n*k*v.k, seed)
	zero, zeroVar := make(vec, v.k), make(vec, v.k)
	total := 0.0
	for i := range n {
		x := v.row(i)
		mu, logVar := v.encode(x)
		logW := make(vec, k)
		for s := range k {
			z := make(vec, v.k)
			for j := range z {
				z[j] = mu[j] + math.Exp(logVar[j]/2)*float64(eps[(i*k+s)*v.k+j])
			}
			logW[s] = logBernoulli(x, v.logits(z)) + logNormal(z, zero, zeroVar) - logNormal(z, mu, logVar)
		}
		top := math.Inf(-1)
		for _, w := range logW {
			top = max(top, w)
		}
		sum := 0.0
		for _, w := range logW {
			sum += math.Exp(w - top)
		}
		total += top + math.Log(sum/float64(k))
	}
	return total / float64(n)
}

// TestLogLikelihoodBoundBruteForce: LogLikelihoodBound (the ELBO at k = 1, the
// importance-weighted bound above) equals a float64 importance-sampling estimate from the
// model's weights, with the same draws, to 1e-3 nats per image; and the bound rises with k.
func TestLogLikelihoodBoundBruteForce(t *testing.T) {
	v := newTinyVAE(t)
	const n, seed = 100, 9
	prev := math.Inf(-1)
	for _, k := range []int{1, 2, 64} {
		got, err := v.ae.LogLikelihoodBound(v.x[:n*v.d], k, seed)
		if err != nil {
			t.Fatal(err)
		}
		want := v.bruteBound(n, k, seed)
		if !(math.Abs(got-want) <= 1e-3) { // NaN fails too
			t.Errorf("k = %d: LogLikelihoodBound %.6f nats, brute force %.6f", k, got, want)
		}
		if !(got > prev) {
			t.Errorf("k = %d: bound %.4f does not rise above %.4f", k, got, prev)
		}
		t.Logf("k = %2d: %.6f nats per image (brute force %.6f)", k, got, want)
		prev = got
	}
}

// TestVariationalTrainingLoss: the loss a variational autoencoder trains on, for given
// draws ε, equals the negative ELBO worked out by hand in float64: the binary
// cross-entropy summed over the pixels plus KL(N(μ, σ²) ‖ N(0, I)) in closed form, averaged
// over the batch.
func TestVariationalTrainingLoss(t *testing.T) {
	v := newTinyVAE(t)
	const n = 40
	eps := standardNormal(n*v.k, 5)
	exec, err := gomlxmodel.NewExec(v.ae.backend, v.ae.store, func(scope *gomlxmodel.Scope, x, e *graph.Node) *graph.Node {
		return v.ae.variationalLossWith(scope, x, x, e, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	defer exec.Finalize()
	out, err := exec.Call1(tensors.FromFlatDataAndDimensions(v.x[:n*v.d], n, v.d), tensors.FromFlatDataAndDimensions(eps, n, v.k))
	if err != nil {
		t.Fatal(err)
	}
	got := tensors.MustCopyFlatData[float32](out)[0]
	want := 0.0
	for i := range n {
		x := v.row(i)
		mu, logVar := v.encode(x)
		z := make(vec, v.k)
		kl := 0.0
		for j := range z {
			z[j] = mu[j] + math.Exp(logVar[j]/2)*float64(eps[i*v.k+j])
			kl += 0.5 * (math.Exp(logVar[j]) + mu[j]*mu[j] - 1 - logVar[j])
		}
		want += (-logBernoulli(x, v.logits(z)) + kl) / n
	}
	if !(math.Abs(float64(got)-want) <= 1e-4*math.Abs(want)) {
		t.Errorf("training loss %.6f, by hand %.6f", got, want)
	}
	t.Logf("training loss %.6f, by hand %.6f", got, want)
}

// TestContractiveEstimate: for a two-layer encoder the contractive penalty is a
// finite-difference estimate of ‖∂h/∂x‖²_F; over 20,000 draws for each of 4 inputs its
// mean is within 3% of the exact Frobenius norm of the Jacobian, worked out in float64 from
// the weights (J = diag(tanh'(a₂))·W₂ᵀ·diag(tanh'(a₁))·W₁ᵀ). One draw's relative standard
// deviation is at most √2, so 80,000 draws put the mean within 0.5% (1σ); the finite
// difference's bias, O(ε²), is smaller still.
func TestContractiveEstimate(t *testing.T) {
	_, _, b := data(t)
	const d, hidden, code, rows, draws = 10, 6, 3, 4, 20000
	cfg := Contractive()
	cfg.InputDim, cfg.Hidden, cfg.CodeSize, cfg.Activation, cfg.Epochs, cfg.BatchSize = d, []int{hidden}, code, Tanh, 3, 16
	ae, err := New(b, cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(11, 12))
	x := make([]float32, 200*d)
	for i := range x {
		x[i] = float32(r.Float64())
	}
	if _, err := ae.Fit(x, x[:20*d], FitOptions{}); err != nil {
		t.Fatal(err)
	}
	// Scale the first layer ×4: the Jacobian's rows then have norms of 2 to 3, where
	// E Σ|J·v| (what a wrong |·| in place of the square would estimate) is far from ‖J‖²_F.
	scaleVariable(t, ae, "/encoder/hidden_0/weights", 4)
	w1, _, err1 := ae.Parameter("/encoder/hidden_0/weights")
	w2, _, err2 := ae.Parameter("/encoder/code/weights")
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	l1 := denseF64(t, ae, "/encoder/hidden_0", d, hidden)
	l2 := denseF64(t, ae, "/encoder/code", hidden, code)
	weight := func(w []float32, in, out, i, j int) float64 {
		if denseLayout == compute.DenseLayoutOutputsInput {
			return float64(w[j*in+i])
		}
		return float64(w[i*out+j])
	}
	exact := 0.0
	batch := make([]float32, 0, rows*draws*d)
	for i := range rows {
		xi := make(vec, d)
		for j := range xi {
			xi[j] = float64(x[i*d+j])
		}
		a1 := l1(xi)
		a2 := l2(apply(a1, math.Tanh))
		for c := range code {
			for in := range d {
				jac := 0.0
				for h := range hidden {
					jac += (1 - math.Pow(math.Tanh(a2[c]), 2)) * weight(w2, hidden, code, h, c) *
						(1 - math.Pow(math.Tanh(a1[h]), 2)) * weight(w1, d, hidden, in, h)
				}
				exact += jac * jac / rows
			}
		}
		for range draws {
			batch = append(batch, x[i*d:(i+1)*d]...)
		}
	}
	exec, err := gomlxmodel.NewExec(b, ae.store, func(scope *gomlxmodel.Scope, xn, rng *graph.Node) *graph.Node {
		return ae.contractivePenalty(scope, xn, ae.EncoderGraph(scope, xn), &randomSource{state: rng})
	})
	if err != nil {
		t.Fatal(err)
	}
	defer exec.Finalize()
	rng, err := graph.RNGStateFromSeed(3)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Call1(tensors.FromFlatDataAndDimensions(batch, rows*draws, d), rng)
	if err != nil {
		t.Fatal(err)
	}
	got := float64(tensors.MustCopyFlatData[float32](out)[0])
	if !(math.Abs(got-exact) <= 0.03*exact) {
		t.Errorf("contractive estimate %.6g (mean of %d draws), exact ‖J‖²_F %.6g: off by %.1f%%, want within 3%%",
			got, rows*draws, exact, 100*math.Abs(got-exact)/exact)
	}
	t.Logf("contractive estimate %.6g, exact %.6g (%.2f%%)", got, exact, 100*(got-exact)/exact)
}

// scaleVariable multiplies the model's variable at path by f.
func scaleVariable(t *testing.T, ae *Autoencoder, path string, f float32) {
	t.Helper()
	values, dims, err := ae.Parameter(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range values {
		values[i] *= f
	}
	if err := ae.store.GetVariable(path).SetValue(tensors.FromFlatDataAndDimensions(values, dims...)); err != nil {
		t.Fatal(err)
	}
	if err := ae.rebuildInference(); err != nil {
		t.Fatal(err)
	}
}

// TestVariationalValidationLoss: a variational model's per-epoch validation loss is its
// training objective on the validation images, −ELBO in nats per image, not a per-pixel
// BCE: it matches LogLikelihoodBound with k = 1 and the epoch's draws, and has the
// magnitude of the training loss.
func TestVariationalValidationLoss(t *testing.T) {
	train, test, b := data(t)
	cfg := Variational()
	cfg.Epochs, cfg.BatchSize = 1, 100
	ae, err := New(b, cfg)
	if err != nil {
		t.Fatal(err)
	}
	xVal := test.Images[:300*784]
	h, err := ae.Fit(train.Images[:1000*784], xVal, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e := h.Epochs[0]
	elbo, err := ae.LogLikelihoodBound(xVal, 1, noiseSeed(cfg.Seed, 1)^0x5851f42d4c957f2d)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(e.ValLoss+elbo) > 1e-6*math.Abs(elbo) {
		t.Errorf("validation loss %v, −ELBO %v", e.ValLoss, -elbo)
	}
	if !(e.ValLoss > 50 && e.ValLoss < 2*e.TrainLoss) {
		t.Errorf("validation loss %v nats per image beside training loss %v: not the same unit", e.ValLoss, e.TrainLoss)
	}
}
