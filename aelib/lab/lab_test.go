package lab

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/aelib/corrupt"
	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/training"
	"github.com/gomlx/compute"
)

var (
	once    sync.Once
	small   Data
	be      compute.Backend
	loadErr error
)

// fixture returns 1,000 training, 300 validation and 300 test digits and the Go backend.
func fixture(t *testing.T) (Data, compute.Backend) {
	t.Helper()
	once.Do(func() {
		train, test, _, err := mnist.Load(mnist.Options{})
		if err != nil {
			loadErr = err
			return
		}
		tr, _ := train.Subset(1000)
		te, _ := test.Subset(300)
		val, _ := train.Range(50000, 50300)
		small = Data{Name: "mnist-small", Train: tr, Validation: val, Test: te}
		be, loadErr = backend.NewWithConfig("go")
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return small, be
}

func tiny(epochs int) model.Config {
	c := model.Tutorial()
	c.Epochs, c.BatchSize = epochs, 64
	return c
}

// TestTrainThenLoad: a second Train of the same configuration in the same root loads the
// run instead of training (no epoch hook is called, same numbers); more epochs resume it.
func TestTrainThenLoad(t *testing.T) {
	data, b := fixture(t)
	root := t.TempDir()
	epochs := 0
	count := func(training.EpochStats, training.History) error { epochs++; return nil }
	ae, first, err := Train(b, tiny(2), data, Options{Root: root, OnEpoch: count})
	if err != nil {
		t.Fatal(err)
	}
	if epochs != 2 || first.Epochs != 2 || first.Parameters != ae.NumParameters() || first.Model != "autoencoder 784-32-784" {
		t.Fatalf("first Train: %d epochs seen, row %+v", epochs, first)
	}
	_, again, err := Train(b, tiny(2), data, Options{Root: root, OnEpoch: count})
	if err != nil {
		t.Fatal(err)
	}
	if epochs != 2 || again != first {
		t.Errorf("second Train trained %d more epochs; rows %+v vs %+v", epochs-2, again, first)
	}
	_, more, err := Train(b, tiny(3), data, Options{Root: root, OnEpoch: count})
	if err != nil {
		t.Fatal(err)
	}
	if epochs != 3 || more.Epochs != 3 {
		t.Errorf("Train with 3 epochs after 2: %d epochs trained in all, row says %d", epochs, more.Epochs)
	}
}

// mustRunName is RunName, failing the test on an error.
func mustRunName(t *testing.T, cfg model.Config) string {
	t.Helper()
	name, err := RunName(cfg)
	if err != nil {
		t.Fatalf("RunName: %v", err)
	}
	return name
}

func TestRunName(t *testing.T) {
	a, b := tiny(2), tiny(9)
	if mustRunName(t, a) != mustRunName(t, b) {
		t.Errorf("epochs changed the run name: %s vs %s", mustRunName(t, a), mustRunName(t, b))
	}
	for name, change := range map[string]func(*model.Config){
		"seed":      func(c *model.Config) { c.Seed = 2 },
		"lr":        func(c *model.Config) { c.LearningRate = 0.01 },
		"sparse":    func(c *model.Config) { c.Sparse = &model.Sparsity{L1: 1e-4} },
		"denoise":   func(c *model.Config) { c.Denoise = &corrupt.Noise{Kind: corrupt.Masking, Level: 0.3} },
		"code size": func(c *model.Config) { c.CodeSize = 16 },
	} {
		c := tiny(2)
		change(&c)
		if mustRunName(t, c) == mustRunName(t, a) {
			t.Errorf("%s: same run name %s", name, mustRunName(t, c))
		}
	}
	h1, h2 := model.Hinton2006(), model.Hinton2006()
	h2.Epochs++
	if mustRunName(t, h1) == mustRunName(t, h2) {
		t.Errorf("with a cosine schedule, more epochs make another run, but the run names agree: %s", mustRunName(t, h1))
	}
	if !strings.HasPrefix(mustRunName(t, a), "784-32-784_") {
		t.Errorf("run name %s does not start with the layout", mustRunName(t, a))
	}
	data := Data{Name: "fashion"}
	if got, err := RunDir("runs", data, a); err != nil || got != "runs/fashion/"+mustRunName(t, a) {
		t.Errorf("RunDir = %s, %v", got, err)
	}
}

// TestRunNameInvalid: a configuration Validate refuses gets no run name — an error listing
// its problems, never a panic — whatever its numbers (NaN and infinities do not marshal).
func TestRunNameInvalid(t *testing.T) {
	for name, change := range map[string]func(*model.Config){
		"infinite lr":       func(c *model.Config) { c.LearningRate = math.Inf(1) },
		"NaN sparse target": func(c *model.Config) { c.Sparse = &model.Sparsity{L1: 1e-4, Target: math.NaN()} },
		"zero code":         func(c *model.Config) { c.CodeSize = 0 },
	} {
		c := tiny(2)
		change(&c)
		got, err := RunName(c)
		if err == nil || got != "" {
			t.Errorf("%s: RunName = %q, %v; want an error", name, got, err)
		}
		if dir, err := RunDir("runs", Data{Name: "mnist"}, c); err == nil || dir != "" {
			t.Errorf("%s: RunDir = %q, %v; want an error", name, dir, err)
		}
	}
}

func TestKind(t *testing.T) {
	for cfg, want := range map[*model.Config]string{
		ptr(model.Tutorial()):    "autoencoder",
		ptr(model.KerasConv()):   "convolutional autoencoder",
		ptr(model.Sparse()):      "sparse autoencoder",
		ptr(model.Contractive()): "contractive autoencoder",
		ptr(model.Denoising()):   "denoising autoencoder",
		ptr(model.Variational()): "variational autoencoder",
		ptr(model.LinearPCA(8)):  "linear autoencoder",
		ptr(model.Hinton2006()):  "autoencoder",
		ptr(denoisingConv()):     "denoising convolutional autoencoder",
	} {
		if got := Kind(*cfg); got != want {
			t.Errorf("Kind(%s) = %q, want %q", cfg.Layout(), got, want)
		}
	}
}

func ptr(c model.Config) *model.Config { return &c }

func denoisingConv() model.Config {
	c := model.KerasConv()
	c.Denoise = &corrupt.Noise{Kind: corrupt.Gaussian, Level: 0.5}
	return c
}

// TestPCAsAndCompare: PCAs truncates one fit and matches separate fits; CompareCodes puts
// PCA's row then the model's for each code size.
func TestPCAsAndCompare(t *testing.T) {
	data, b := fixture(t)
	rows, err := PCAs(data, []int{4, 16})
	if err != nil {
		t.Fatal(err)
	}
	_, single, err := PCA(data, 4)
	if err != nil {
		t.Fatal(err)
	}
	if d := rows[0].Metrics.MSE - single.Metrics.MSE; d > 1e-6*single.Metrics.MSE || d < -1e-6*single.Metrics.MSE || rows[0].CodeSize != 4 || rows[0].Parameters != 5*784 {
		t.Errorf("PCAs k=4 %+v, separate fit %+v", rows[0], single)
	}
	if !(rows[1].Metrics.MSE < rows[0].Metrics.MSE) {
		t.Errorf("16 components (MSE %v) not better than 4 (%v)", rows[1].Metrics.MSE, rows[0].Metrics.MSE)
	}
	got, err := CompareCodes(b, []model.Config{tiny(1)}, data, []int{4, 16}, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		model string
		code  int
	}{{"PCA", 4}, {"autoencoder 784-4-784", 4}, {"PCA", 16}, {"autoencoder 784-16-784", 16}}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].Model != w.model || got[i].CodeSize != w.code {
			t.Errorf("row %d: %s code %d, want %s code %d", i, got[i].Model, got[i].CodeSize, w.model, w.code)
		}
	}
	if _, err := CompareCodes(b, []model.Config{model.KerasConv()}, data, []int{4}, Options{}, nil); err == nil {
		t.Errorf("CompareCodes swept a convolutional model's code size")
	}
}

func TestBadInput(t *testing.T) {
	data, b := fixture(t)
	for name, call := range map[string]func() error{
		"empty data": func() error { _, _, err := Train(b, tiny(1), Data{Name: "x"}, Options{}); return err },
		"no validation set": func() error {
			_, _, err := Train(b, tiny(1), Data{Name: "x", Train: data.Train, Test: data.Test}, Options{})
			return err
		},
		"no name": func() error {
			_, _, err := Train(b, tiny(1), Data{Train: data.Train, Validation: data.Validation, Test: data.Test}, Options{})
			return err
		},
		"bad config": func() error { c := tiny(1); c.CodeSize = 0; _, _, err := Train(b, c, data, Options{}); return err },
		"PCA k":      func() error { _, _, err := PCA(data, 0); return err },
		"no codes":   func() error { _, err := PCAs(data, nil); return err },
		"no variants": func() error {
			_, err := Sweep(b, nil, data, Options{}, func(metrics.Result) {})
			return err
		},
	} {
		if err := call(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
