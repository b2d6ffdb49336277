package model

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"

	"github.com/goautoencoders/autoencoders/aelib/corrupt"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

// smallKind is preset name's config shrunk for tests: 2 epochs, batch 64.
func smallKind(t *testing.T, name string) Config {
	t.Helper()
	c, ok := Preset(name)
	if !ok {
		t.Fatalf("no preset %q", name)
	}
	c.Epochs, c.BatchSize = 2, 64
	if name == "hinton2006" {
		c.Hidden = []int{64, 32}
		c.CodeSize = 8
	}
	return c
}

func TestPresetsValidate(t *testing.T) {
	for _, name := range PresetNames() {
		c, _ := Preset(name)
		if err := c.Validate(); err != nil {
			t.Errorf("preset %s: %v", name, err)
		}
	}
	if _, ok := Preset("boltzmann"); ok {
		t.Errorf("Preset accepted an unknown name")
	}
	conv := KerasConv()
	if conv.CodeSize != 128 || conv.NumParameters() != 4385 {
		t.Errorf("KerasConv: code %d, %d parameters; want 128 and 4385 (the Keras blog's model)", conv.CodeSize, conv.NumParameters())
	}
	if got, want := conv.Layout(), "28x28x1-14x14x16-7x7x8-4x4x8-7x7x8-14x14x8-28x28x16-28x28x1"; got != want {
		t.Errorf("KerasConv layout %s, want %s", got, want)
	}
	if got := Hinton2006().Layout(); got != "784-1000-500-250-30-250-500-1000-784" {
		t.Errorf("Hinton2006 layout %s", got)
	}
	// tied: the encoder's weights 784·1000 + 1000·500 + 500·250 + 250·30 and both sides' biases.
	if got, want := Hinton2006().NumParameters(), 1_416_500+(1000+500+250+30)+(250+500+1000+784); got != want {
		t.Errorf("Hinton2006 has %d parameters, want %d", got, want)
	}
}

func TestValidateKinds(t *testing.T) {
	tests := []struct {
		name   string
		base   func() Config
		change func(*Config)
		want   string
	}{
		{"unknown architecture", Tutorial, func(c *Config) { c.Architecture = "rnn" }, "unknown architecture"},
		{"conv without image", KerasConv, func(c *Config) { c.Image = nil }, "needs the image shape"},
		{"conv image mismatch", KerasConv, func(c *Config) { c.Image.Height = 27 }, "input dimension is 784"},
		{"conv wrong code", KerasConv, func(c *Config) { c.CodeSize = 32 }, "code size must be the last level's h·w·channels = 128"},
		{"conv even kernel", KerasConv, func(c *Config) { c.Conv.Kernel = 4 }, "odd size"},
		{"conv unknown down", KerasConv, func(c *Config) { c.Conv.Down = "avg" }, "unknown down-sampling"},
		{"conv unknown up", KerasConv, func(c *Config) { c.Conv.Up = "bilinear" }, "unknown up-sampling"},
		{"conv with hidden", KerasConv, func(c *Config) { c.Hidden = []int{10} }, "not hidden"},
		{"dense with conv layers", Tutorial, func(c *Config) { c.Conv = &ConvLayers{} }, "architecture is \"dense\""},
		{"sparse zero", Sparse, func(c *Config) { c.Sparse.L1 = 0 }, "both l1 and beta are 0"},
		{"sparse KL relu", Sparse, func(c *Config) { c.Sparse.Beta, c.Sparse.Target = 1, 0.05 }, "code activation \"sigmoid\""},
		{"sparse KL target", Sparse, func(c *Config) { c.Activation, c.Sparse.Beta, c.Sparse.Target = Sigmoid, 1, 1.5 }, "target ρ"},
		{"contractive negative", Contractive, func(c *Config) { c.Contractive = -1 }, "λ must be finite"},
		{"contractive variational", Variational, func(c *Config) { c.Contractive = 0.1 }, "contractive and variational"},
		{"denoise unknown", Denoising, func(c *Config) { c.Denoise.Kind = "blur" }, "unknown noise"},
		{"denoise fraction", Denoising, func(c *Config) { c.Denoise = &corrupt.Noise{Kind: corrupt.Masking, Level: 2} }, "fraction must be in [0,1]"},
		{"variational conv", KerasConv, func(c *Config) { c.Variational = true }, "variational needs architecture"},
		{"variational sparse", Variational, func(c *Config) { c.Sparse = &Sparsity{L1: 1} }, "sparse and variational"},
		{"schedule factor", Hinton2006, func(c *Config) { c.Schedule.MinFactor = 2 }, "min factor"},
		{"code activation", Tutorial, func(c *Config) { c.CodeActivation = "softmax" }, "unknown code activation"},
		{"negative weight decay", Tutorial, func(c *Config) { c.WeightDecay = -1 }, "weight decay must be"},
		{"weight decay with SGD", Tutorial, func(c *Config) { c.Optimizer, c.WeightDecay = SGD, 0.1 }, "AdamW"},
		{"dropout one", Hinton2006, func(c *Config) { c.Dropout = 1 }, "must be in [0, 1)"},
		{"dropout negative", Hinton2006, func(c *Config) { c.Dropout = -0.1 }, "must be in [0, 1)"},
		{"dropout NaN", Hinton2006, func(c *Config) { c.Dropout = math.NaN() }, "must be in [0, 1)"},
		{"dropout without hidden", Tutorial, func(c *Config) { c.Dropout = 0.1 }, "has none"},
		{"dropout conv", KerasConv, func(c *Config) { c.Dropout = 0.1 }, "architecture \"conv\" has none"},
		{"tied conv", KerasConv, func(c *Config) { c.Tied = true }, "tied weights apply to dense layers"},
		{"tied variational", Variational, func(c *Config) { c.Tied = true }, "tied and variational"},
		{"dropout contractive", Contractive, func(c *Config) { c.Hidden, c.Dropout = []int{32}, 0.1 }, "contractive and dropout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.base()
			tt.change(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestEveryKindTrains trains each preset (shrunk) for two epochs on 1,000 digits: finite,
// falling loss; reconstructions and codes of the right sizes; the variables in the store
// are as many as NumParameters says.
func TestEveryKindTrains(t *testing.T) {
	train, test, b := data(t)
	x := train.Images[:1000*784]
	val := test.Images[:200*784]
	for _, name := range PresetNames() {
		t.Run(name, func(t *testing.T) {
			cfg := smallKind(t, name)
			ae, err := New(b, cfg)
			if err != nil {
				t.Fatal(err)
			}
			h, err := ae.Fit(x, val, FitOptions{})
			if err != nil {
				t.Fatal(err)
			}
			l := h.Loss()
			if len(l) != 2 || !(l[1] < l[0]) || math.IsNaN(l[1]) {
				t.Errorf("loss per epoch %v: want two finite, falling values", l)
			}
			codes, err := ae.Encode(val)
			if err != nil {
				t.Fatal(err)
			}
			if len(codes) != 200*cfg.CodeSize {
				t.Errorf("%d code values, want %d", len(codes), 200*cfg.CodeSize)
			}
			recon, err := ae.Decode(codes)
			if err != nil || len(recon) != len(val) {
				t.Fatalf("decode: %d values, %v", len(recon), err)
			}
			n := 0
			for _, p := range ae.ParameterPaths() {
				v, _, err := ae.Parameter(p)
				if err != nil {
					t.Fatal(err)
				}
				n += len(v)
			}
			if n != ae.NumParameters() {
				t.Errorf("store holds %d parameters, NumParameters says %d", n, ae.NumParameters())
			}
		})
	}
}

// TestKindsResumeDeterministic: for every kind with randomness in training (denoising
// noise, variational samples, the contractive estimator of a deep encoder), one run of
// two epochs and a run killed after one epoch and resumed end with the same history.
func TestKindsResumeDeterministic(t *testing.T) {
	train, test, b := data(t)
	x := train.Images[:600*784]
	val := test.Images[:100*784]
	deepContractive := Contractive()
	deepContractive.Hidden = []int{32}
	for name, cfg := range map[string]Config{
		"denoising":   Denoising(),
		"variational": Variational(),
		"contractive": deepContractive,
		"conv":        KerasConv(),
		"hinton2006":  smallKind(t, "hinton2006"),
		"dropout":     withDropout(smallKind(t, "hinton2006"), 0.2),
		"untied deep": untied(smallKind(t, "hinton2006")),
	} {
		t.Run(name, func(t *testing.T) {
			cfg.Epochs, cfg.BatchSize = 2, 64
			whole, err := New(b, cfg)
			if err != nil {
				t.Fatal(err)
			}
			want, err := whole.Fit(x, val, FitOptions{})
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "run")
			first, _ := New(b, cfg)
			_, err = first.Fit(x, val, FitOptions{RunDir: dir, OnEpoch: func(s training.EpochStats, _ training.History) error {
				return errStop{}
			}})
			if err == nil {
				t.Fatal("the first run was not stopped")
			}
			second, _ := New(b, cfg)
			got, err := second.Fit(x, val, FitOptions{RunDir: dir})
			if err != nil {
				t.Fatal(err)
			}
			for i := range want.Epochs {
				w, g := want.Epochs[i], got.Epochs[i]
				if w.TrainLoss != g.TrainLoss || w.ValBCE != g.ValBCE {
					t.Errorf("epoch %d: resumed loss %v / val %v, uninterrupted %v / %v", i+1, g.TrainLoss, g.ValBCE, w.TrainLoss, w.ValBCE)
				}
			}
		})
	}
}

// TestConvByDotMatchesGoMLX: the gathered-rows × kernel convolution (both of its forms:
// fewer and more input than output channels) and the reshape max pooling give GoMLX's
// convolution and pooling, in value and in gradient, for strides 1 and 2, odd and even
// sizes, kernels 1, 3 and 5.
func TestConvByDotMatchesGoMLX(t *testing.T) {
	_, _, b := data(t)
	r := rand.New(rand.NewPCG(3, 4))
	for _, tc := range []struct{ h, w, in, out, k, stride int }{
		{7, 7, 3, 4, 3, 1}, {8, 6, 2, 5, 3, 2}, {7, 5, 1, 2, 3, 2}, {6, 6, 2, 3, 5, 1}, {5, 5, 3, 2, 1, 1},
		{9, 9, 6, 2, 3, 2}, {6, 7, 4, 1, 3, 1}, {4, 4, 8, 8, 3, 1},
	} {
		x := randomTensor(r, 2, tc.h, tc.w, tc.in)
		w := randomTensor(r, tc.k, tc.k, tc.in, tc.out)
		bias := randomTensor(r, tc.out)
		run := func(impl ConvImpl) [][]float32 {
			outs := graph.MustExecOnceN(b, func(xn, wn, bn *graph.Node) []*graph.Node {
				var y, pooled *graph.Node
				if impl == ConvByDot {
					// channel-major [C, H, W, batch] in and out; compared as [batch, H, W, C].
					cm := convByDot(graph.TransposeAllAxes(xn, 3, 1, 2, 0), wn, bn, tc.stride, Linear)
					y = graph.TransposeAllAxes(cm, 3, 1, 2, 0)
					pooled = graph.TransposeAllAxes(maxPool2(cm, ConvByDot), 3, 1, 2, 0)
				} else {
					y = graph.Add(graph.Convolve(xn, wn).StridePerAxis(tc.stride, tc.stride).PadSame().Done(), graph.Reshape(bn, 1, 1, 1, tc.out))
					pooled = maxPool2(y, ConvGoMLX)
				}
				loss := graph.ReduceAllSum(graph.Mul(pooled, pooled))
				grads := graph.Gradient(loss, xn, wn)
				return []*graph.Node{y, pooled, grads[0], grads[1]}
			}, x, w, bias)
			res := make([][]float32, len(outs))
			for i, o := range outs {
				res[i] = tensors.MustCopyFlatData[float32](o)
			}
			return res
		}
		dot, ref := run(ConvByDot), run(ConvGoMLX)
		for i, what := range []string{"convolution", "max pooling", "gradient wrt x", "gradient wrt kernel"} {
			if len(dot[i]) != len(ref[i]) {
				t.Fatalf("%+v %s: %d values, GoMLX %d", tc, what, len(dot[i]), len(ref[i]))
			}
			for j := range dot[i] {
				if d := math.Abs(float64(dot[i][j] - ref[i][j])); d > 1e-4*(1+math.Abs(float64(ref[i][j]))) {
					t.Fatalf("%+v %s[%d] = %v, GoMLX %v", tc, what, j, dot[i][j], ref[i][j])
				}
			}
		}
	}
}

func randomTensor(r *rand.Rand, dims ...int) *tensors.Tensor {
	n := 1
	for _, d := range dims {
		n *= d
	}
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.NormFloat64())
	}
	return tensors.FromFlatDataAndDimensions(v, dims...)
}

// TestOneLayerContractiveIsJacobianNorm: the closed form equals ‖∂h/∂x‖²_F computed from
// the Jacobian itself (one gradient per code unit and example), for every activation, and
// its gradient wrt W matches central finite differences (float64).
func TestOneLayerContractiveIsJacobianNorm(t *testing.T) {
	_, _, b := data(t)
	const batch, n, k = 3, 5, 4
	r := rand.New(rand.NewPCG(5, 6))
	mk := func(dims ...int) *tensors.Tensor {
		size := 1
		for _, d := range dims {
			size *= d
		}
		v := make([]float64, size)
		for i := range v {
			v[i] = r.NormFloat64()
		}
		return tensors.FromFlatDataAndDimensions(v, dims...)
	}
	x, w, bias := mk(batch, n), mk(n, k), mk(k)
	for _, act := range []Activation{Sigmoid, ReLU, Tanh, Linear, Swish} {
		closed := graph.MustExecOnce(b, func(xn, wn, bn *graph.Node) *graph.Node { return OneLayerContractive(xn, wn, bn, act) }, x, w, bias)
		jac := graph.MustExecOnce(b, func(xn, wn, bn *graph.Node) *graph.Node {
			h := activationGraph(act, graph.Add(graph.Dot(xn, wn).Product(), graph.ExpandAxes(bn, 0)))
			total := graph.ScalarZero(xn.Graph(), dtypes.Float64)
			for bi := range batch {
				for j := range k {
					unit := graph.Slice(h, graph.AxisElem(bi), graph.AxisElem(j))
					gx := graph.Gradient(graph.ReduceAllSum(unit), xn)[0]
					total = graph.Add(total, graph.ReduceAllSum(graph.Square(gx)))
				}
			}
			return graph.DivScalar(total, batch)
		}, x, w, bias)
		got, want := tensors.MustCopyFlatData[float64](closed)[0], tensors.MustCopyFlatData[float64](jac)[0]
		if math.Abs(got-want) > 1e-9*(1+want) {
			t.Errorf("%s: closed form %v, Jacobian %v", act, got, want)
		}
		if act == ReLU {
			continue // piecewise linear in W: finite differences cross kinks.
		}
		checkGradient(t, string(act)+" contractive", b, w, func(wn *graph.Node) *graph.Node {
			return OneLayerContractive(graph.Const(wn.Graph(), x), wn, graph.Const(wn.Graph(), bias), act)
		})
	}
}

// TestPenaltyGradients checks the sparsity and KL penalties' values against direct
// formulas and their gradients against central finite differences (float64).
func TestPenaltyGradients(t *testing.T) {
	_, _, b := data(t)
	h := tensors.FromFlatDataAndDimensions([]float64{0.1, 0.7, 0.02, 0.4, 0.3, 0.9, 0.05, 0.2, 0.6}, 3, 3)
	s := Sparsity{L1: 0.3, Beta: 2, Target: 0.1}
	got := tensors.MustCopyFlatData[float64](graph.MustExecOnce(b, func(hn *graph.Node) *graph.Node { return SparsityPenalty(hn, s) }, h))[0]
	vals := tensors.MustCopyFlatData[float64](h)
	var l1, kl float64
	for j := range 3 {
		mean := 0.0
		for i := range 3 {
			l1 += math.Abs(vals[i*3+j])
			mean += vals[i*3+j] / 3
		}
		kl += s.Target*math.Log(s.Target/mean) + (1-s.Target)*math.Log((1-s.Target)/(1-mean))
	}
	if want := s.L1*l1/3 + s.Beta*kl; math.Abs(got-want) > 1e-12 {
		t.Errorf("sparsity penalty %v, want %v", got, want)
	}
	checkGradient(t, "sparsity", b, h, func(hn *graph.Node) *graph.Node { return SparsityPenalty(hn, s) })
	mu := tensors.FromFlatDataAndDimensions([]float64{0.5, -1, 2, 0.1}, 2, 2)
	lv := tensors.FromFlatDataAndDimensions([]float64{-0.3, 0.2, -2, 1}, 2, 2)
	klGot := tensors.MustCopyFlatData[float64](graph.MustExecOnce(b, KLDivergence, mu, lv))[0]
	m, l := tensors.MustCopyFlatData[float64](mu), tensors.MustCopyFlatData[float64](lv)
	klWant := 0.0
	for i := range m {
		// KL(N(μ,σ²)‖N(0,1)) = ½(σ² + μ² − 1 − log σ²)
		klWant += 0.5 * (math.Exp(l[i]) + m[i]*m[i] - 1 - l[i]) / 2
	}
	if math.Abs(klGot-klWant) > 1e-12 {
		t.Errorf("KL %v, want %v", klGot, klWant)
	}
	checkGradient(t, "KL wrt μ", b, mu, func(mn *graph.Node) *graph.Node { return KLDivergence(mn, graph.Const(mn.Graph(), lv)) })
	checkGradient(t, "KL wrt log σ²", b, lv, func(ln *graph.Node) *graph.Node { return KLDivergence(graph.Const(ln.Graph(), mu), ln) })
}

// checkGradient compares graph.Gradient of f at p (float64) with central differences.
func checkGradient(t *testing.T, name string, b compute.Backend, p *tensors.Tensor, f func(*graph.Node) *graph.Node) {
	t.Helper()
	grad := tensors.MustCopyFlatData[float64](graph.MustExecOnce(b, func(pn *graph.Node) *graph.Node { return graph.Gradient(f(pn), pn)[0] }, p))
	val := func(v []float64) float64 {
		out := graph.MustExecOnce(b, f, tensors.FromFlatDataAndDimensions(v, p.Shape().Dimensions...))
		return tensors.MustCopyFlatData[float64](out)[0]
	}
	base := tensors.MustCopyFlatData[float64](p)
	const step = 1e-6
	for i := range base {
		v := append([]float64(nil), base...)
		v[i] += step
		up := val(v)
		v[i] -= 2 * step
		down := val(v)
		num := (up - down) / (2 * step)
		if math.Abs(num-grad[i]) > 1e-5*(1+math.Abs(num)) {
			t.Errorf("%s: gradient[%d] = %v, finite difference %v", name, i, grad[i], num)
		}
	}
}

// TestVariationalBounds: after training, the ELBO is finite and negative, the
// importance-weighted bound with k = 64 is at least the ELBO (it tightens with k), the
// same seed gives the same bound, and samples and the latent grid decode to images.
func TestVariationalBounds(t *testing.T) {
	train, test, b := data(t)
	cfg := Variational()
	cfg.Hidden, cfg.Epochs, cfg.BatchSize = []int{128}, 3, 64
	ae, err := New(b, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ae.Fit(train.Images[:2000*784], test.Images[:200*784], FitOptions{}); err != nil {
		t.Fatal(err)
	}
	x := test.Images[:300*784]
	elbo, err := ae.LogLikelihoodBound(x, 1, 7)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := ae.LogLikelihoodBound(x, 1, 7)
	iw, err := ae.LogLikelihoodBound(x, 64, 7)
	if err != nil {
		t.Fatal(err)
	}
	if !(elbo < 0) || math.IsInf(elbo, 0) || elbo != again {
		t.Errorf("ELBO %v (again %v): want a finite negative number, the same for the same seed", elbo, again)
	}
	if !(iw > elbo) || iw > 0 {
		t.Errorf("importance-weighted bound (k=64) %v, ELBO %v: want ELBO < bound < 0", iw, elbo)
	}
	samples, err := ae.Sample(5, 1)
	if err != nil || len(samples) != 5*784 {
		t.Fatalf("Sample: %d values, %v", len(samples), err)
	}
	for _, v := range samples {
		if v < 0 || v > 1 {
			t.Fatalf("sample pixel %v outside [0,1]", v)
		}
	}
	grid, err := LatentGrid(2, 4, 2)
	if err != nil || len(grid) != 4*4*2 || grid[0] != -2 || grid[1] != 2 || grid[len(grid)-2] != 2 || grid[len(grid)-1] != -2 {
		t.Errorf("LatentGrid(2, 4, 2) = %v, %v", grid, err)
	}
	plain, _ := New(b, quickConfig(1))
	if _, err := plain.Sample(3, 1); err == nil || !strings.Contains(err.Error(), "not variational") {
		t.Errorf("Sample of a plain autoencoder: %v, want an error saying it is not variational", err)
	}
	if _, err := plain.LogLikelihoodBound(x, 1, 1); err == nil {
		t.Errorf("LogLikelihoodBound of a plain autoencoder: no error")
	}
}

// TestCosineSchedule: the learning rate starts at LearningRate, ends at MinFactor of it,
// and falls in between.
func TestCosineSchedule(t *testing.T) {
	c := Hinton2006()
	c.Epochs = 11
	first, mid, last := c.LearningRateAt(1), c.LearningRateAt(6), c.LearningRateAt(11)
	if first != c.LearningRate || math.Abs(last-c.LearningRate*c.Schedule.MinFactor) > 1e-15 ||
		math.Abs(mid-c.LearningRate*(c.Schedule.MinFactor+1)/2) > 1e-15 {
		t.Errorf("cosine schedule: %v, %v, %v", first, mid, last)
	}
	if Tutorial().LearningRateAt(30) != Tutorial().LearningRate {
		t.Errorf("no schedule: the learning rate changed")
	}
}

// TestScheduleReachesOptimizer: after each epoch the optimizer's learning-rate variable
// holds that epoch's scheduled rate.
func TestScheduleReachesOptimizer(t *testing.T) {
	train, test, b := data(t)
	cfg := quickConfig(3)
	cfg.Schedule = &Schedule{Cosine: true, MinFactor: 0.1}
	ae, _ := New(b, cfg)
	_, err := ae.Fit(train.Images[:500*784], test.Images[:100*784], FitOptions{OnEpoch: func(s training.EpochStats, _ training.History) error {
		v := ae.store.GetVariable("/optimizers/learning_rate")
		if v == nil {
			t.Fatal("no learning-rate variable")
		}
		val, err := v.Value()
		if err != nil {
			t.Fatal(err)
		}
		got := float64(tensors.MustCopyFlatData[float32](val)[0])
		if want := cfg.LearningRateAt(s.Epoch); math.Abs(got-want) > 1e-9 {
			t.Errorf("epoch %d: learning rate %v, want %v", s.Epoch, got, want)
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEpochPermutationPinned: the shuffle is a permutation, differs between epochs, and
// is pinned — these sequences must never change, or resumed runs and committed notebook
// numbers would stop matching (rand.Perm's sequence is not promised across Go releases).
func TestEpochPermutationPinned(t *testing.T) {
	for _, tc := range []struct {
		epoch int
		want  []int
	}{{1, []int{5, 4, 1, 6, 7, 8, 9, 2, 3, 0}}, {2, []int{4, 8, 6, 9, 2, 7, 0, 1, 3, 5}}} {
		if got := EpochPermutation(1, tc.epoch, 10); !slices.Equal(got, tc.want) {
			t.Errorf("EpochPermutation(1, %d, 10) = %v, want %v", tc.epoch, got, tc.want)
		}
	}
	p := EpochPermutation(3, 7, 1000)
	sorted := slices.Clone(p)
	slices.Sort(sorted)
	for i, v := range sorted {
		if v != i {
			t.Fatalf("EpochPermutation(3, 7, 1000) is not a permutation of 0..999")
		}
	}
}

// TestWeightDecayShrinksWeights: the same training with AdamW's decay ends with smaller
// weights than without.
func TestWeightDecayShrinksWeights(t *testing.T) {
	train, test, b := data(t)
	norm := func(wd float64) float64 {
		cfg := quickConfig(1)
		cfg.WeightDecay = wd
		ae, _ := New(b, cfg)
		if _, err := ae.Fit(train.Images[:1000*784], test.Images[:100*784], FitOptions{}); err != nil {
			t.Fatal(err)
		}
		w, _, err := ae.Parameter(EncoderCodeWeights)
		if err != nil {
			t.Fatal(err)
		}
		s := 0.0
		for _, v := range w {
			s += float64(v) * float64(v)
		}
		return s
	}
	plain, decayed := norm(0), norm(20)
	if !(decayed < 0.9*plain) {
		t.Errorf("‖W‖² with weight decay %v, without %v: want clearly smaller", decayed, plain)
	}
}

func withDropout(c Config, p float64) Config {
	c.Dropout = p
	return c
}

// TestDropout: Dropout keeps a value, scaled by 1/(1−p), exactly where u ≥ p; on a training
// step's uniform draws it drops about a fraction p and keeps the mean.
func TestDropout(t *testing.T) {
	_, _, b := data(t)
	h := tensors.FromFlatDataAndDimensions([]float32{1, -2, 3, 4, 0.5}, 5)
	u := tensors.FromFlatDataAndDimensions([]float32{0.1, 0.25, 0.24, 0.9, 0.0}, 5)
	got := tensors.MustCopyFlatData[float32](graph.MustExecOnce(b, func(h, u *graph.Node) *graph.Node {
		return Dropout(h, u, 0.25)
	}, h, u))
	want := []float32{0, -2 / 0.75, 0, 4 / 0.75, 0}
	for i := range want {
		if math.Abs(float64(got[i]-want[i])) > 1e-6 {
			t.Fatalf("Dropout(h, u, 0.25) = %v, want %v", got, want)
		}
	}
	rng, err := graph.RNGStateFromSeed(7)
	if err != nil {
		t.Fatal(err)
	}
	const n, p = 200_000, 0.2
	ones := make([]float32, n)
	for i := range ones {
		ones[i] = 1
	}
	out := tensors.MustCopyFlatData[float32](graph.MustExecOnce(b, func(state, x *graph.Node) *graph.Node {
		r := &randomSource{state: state}
		return Dropout(x, r.uniform(x.Shape()), p)
	}, rng, tensors.FromFlatDataAndDimensions(ones, n)))
	zeros, sum := 0, 0.0
	for _, v := range out {
		if v == 0 {
			zeros++
		}
		sum += float64(v)
	}
	// Binomial(n, p): standard deviation of the dropped fraction √(p(1−p)/n) ≈ 0.0009.
	if frac := float64(zeros) / n; math.Abs(frac-p) > 0.005 {
		t.Errorf("dropped %.4f of the values, want %.2f", frac, p)
	}
	if mean := sum / n; math.Abs(mean-1) > 0.01 {
		t.Errorf("mean after dropout %.4f, want 1", mean)
	}
}

// TestDropoutOnlyInTraining: a model with dropout reconstructs deterministically (inference
// uses every unit), and its training steps differ from the same model's without dropout.
func TestDropoutOnlyInTraining(t *testing.T) {
	train, test, b := data(t)
	x := train.Images[:600*784]
	val := test.Images[:100*784]
	plain := smallKind(t, "hinton2006")
	losses := map[float64][]float64{}
	for _, p := range []float64{0, 0.3} {
		ae, err := New(b, withDropout(plain, p))
		if err != nil {
			t.Fatal(err)
		}
		h, err := ae.Fit(x, val, FitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		losses[p] = h.Loss()
		r1, err1 := ae.Reconstruct(val)
		r2, err2 := ae.Reconstruct(val)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		for i := range r1 {
			if r1[i] != r2[i] {
				t.Fatalf("dropout %g: two reconstructions of the same images differ at %d: %v vs %v", p, i, r1[i], r2[i])
			}
		}
	}
	if losses[0][0] == losses[0.3][0] {
		t.Errorf("first-epoch training loss %v with and without dropout: dropout changed nothing", losses[0][0])
	}
}

func tied(c Config) Config {
	c.Tied = true
	return c
}

func untied(c Config) Config {
	c.Tied = false
	return c
}

// TestTiedDecoderIsEncoderTranspose: a tied model's store holds the encoder's weights and
// every layer's biases (NumParameters of them), and its decoder computes
// σ(relu(relu(c·W₂ᵀ + b₁')·W₁ᵀ + b₀')·W₀ᵀ + b_out) from the encoder's matrices W₀ [784, h₀],
// W₁ [h₀, h₁] and the code's W₂ [h₁, k] — checked against a plain Go evaluation.
func TestTiedDecoderIsEncoderTranspose(t *testing.T) {
	train, test, b := data(t)
	cfg := tied(smallKind(t, "hinton2006")) // 784-64-32-8, ReLU, linear code
	if got, want := cfg.NumParameters(), 784*64+64*32+32*8+(64+32+8)+(32+64+784); got != want {
		t.Fatalf("NumParameters %d, want %d", got, want)
	}
	ae, err := New(b, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ae.Fit(train.Images[:600*784], test.Images[:100*784], FitOptions{}); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range ae.ParameterPaths() {
		if strings.HasPrefix(p, "/decoder") && strings.HasSuffix(p, "weights") {
			t.Errorf("tied decoder has its own weights %s", p)
		}
		v, _, _ := ae.Parameter(p)
		n += len(v)
	}
	if n != cfg.NumParameters() {
		t.Errorf("store holds %d parameters, NumParameters says %d", n, cfg.NumParameters())
	}
	param := func(path string) ([]float32, []int) {
		v, dims, err := ae.Parameter(path)
		if err != nil {
			t.Fatal(err)
		}
		return v, dims
	}
	// layer applies act(x·Wᵀ + b) for an encoder matrix w mapping out → len(x) units.
	layer := func(x []float32, wPath, bPath string, relu bool) []float32 {
		w, dims := param(wPath)
		bias, _ := param(bPath)
		out := len(bias)
		at := func(i, j int) float32 { return w[i*dims[1]+j] } // w[out unit i][in unit j] as [in_enc, out_enc]
		if dims[0] != out {                                    // stored [out_enc, in_enc]
			at = func(i, j int) float32 { return w[j*dims[1]+i] }
		}
		y := make([]float32, out)
		for i := range y {
			s := float64(bias[i])
			for j, xj := range x {
				s += float64(xj) * float64(at(i, j))
			}
			if relu && s < 0 {
				s = 0
			}
			y[i] = float32(s)
		}
		return y
	}
	code := []float32{0.5, -1, 0.25, 2, 0, -0.75, 1.5, 0.1}
	h := layer(code, "/encoder/code/weights", "/decoder/hidden_1/biases", true)
	h = layer(h, "/encoder/hidden_1/weights", "/decoder/hidden_0/biases", true)
	logits := layer(h, "/encoder/hidden_0/weights", "/decoder/output/biases", false)
	got, err := ae.Decode(code)
	if err != nil {
		t.Fatal(err)
	}
	for i, z := range logits {
		want := 1 / (1 + math.Exp(-float64(z)))
		if math.Abs(float64(got[i])-want) > 1e-4 {
			t.Fatalf("pixel %d: decoder %v, encoder transposes give %v", i, got[i], want)
		}
	}
}
