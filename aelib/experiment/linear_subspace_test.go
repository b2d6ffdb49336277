package experiment

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/pca"
)

func TestNewSubspaceCheckAndTable(t *testing.T) {
	tests := []struct {
		name          string
		angles        []float64
		largest, mean float64
		row           []string
	}{
		{"all aligned", []float64{0, 0}, 0, 0, []string{"m", "2", "0.00", "0.00", "2 of 2", "2 of 2"}},
		{"one off", []float64{0.5, 2, 9.5}, 9.5, 4, []string{"m", "3", "9.50", "4.00", "1 of 3", "2 of 3"}},
		{"orthogonal", []float64{90}, 90, 90, []string{"m", "1", "90.00", "90.00", "0 of 1", "0 of 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newSubspaceCheck("m", len(tt.angles), tt.angles)
			if c.Largest != tt.largest || math.Abs(c.Mean-tt.mean) > 1e-12 {
				t.Errorf("largest %v mean %v, want %v %v", c.Largest, c.Mean, tt.largest, tt.mean)
			}
			tbl := SubspaceTable([]SubspaceCheck{c})
			if len(tbl.Rows) != 1 || !slices.Equal(tbl.Rows[0], tt.row) {
				t.Errorf("row %q, want %q", tbl.Rows, tt.row)
			}
			if len(tbl.Headers) != len(tt.row) {
				t.Errorf("%d headers for %d columns", len(tbl.Headers), len(tt.row))
			}
		})
	}
}

func TestCompareRunDir(t *testing.T) {
	tests := []struct {
		dir      string
		index, k int
		want     string
	}{
		{"runs/x", 0, 2, "runs/x/model0-code2"},
		{"/tmp/a/compare", 1, 64, "/tmp/a/compare/model1-code64"},
	}
	for _, tt := range tests {
		if got := CompareRunDir(tt.dir, tt.index, tt.k); got != tt.want {
			t.Errorf("CompareRunDir(%q, %d, %d) = %q, want %q", tt.dir, tt.index, tt.k, got, tt.want)
		}
	}
}

// TestCompareRunDirLoads checks that CompareRunDir names the folders CompareCodeSizes
// really trains into.
func TestCompareRunDirLoads(t *testing.T) {
	train, test := smallData(t)
	b, err := backend.NewWithConfig("go")
	if err != nil {
		t.Fatal(err)
	}
	cfg := model.Tutorial()
	cfg.Epochs, cfg.BatchSize, cfg.Hidden = 1, 64, []int{8}
	dir := filepath.Join(t.TempDir(), "compare")
	if _, err := CompareCodeSizes(b, train, test, []int{2}, CompareOptions{
		Models: []model.Config{model.LinearPCA(0), cfg},
		Fit:    model.FitOptions{RunDir: dir},
	}); err != nil {
		t.Fatal(err)
	}
	ae, err := model.Load(b, CompareRunDir(dir, 1, 2))
	if err != nil {
		t.Fatal(err)
	}
	if got := ae.Config().Layout(); got != "784-8-2-8-784" {
		t.Errorf("loaded %s, want the second model at code size 2", got)
	}
}

// TestLinearSubspaces trains linear autoencoders with TrainLinear, reads them back from
// the folders LinearRunDir names, and checks that their decoders lean towards PCA's
// subspace: far closer than a random subspace, whose angles in 784 dimensions are all
// near 90° (a few epochs on 2,000 images give about 10–20°; the notebooks train longer).
func TestLinearSubspaces(t *testing.T) {
	train, test := smallData(t)
	b, err := backend.NewWithConfig("go")
	if err != nil {
		t.Fatal(err)
	}
	lin := model.LinearPCA(0)
	lin.Epochs, lin.BatchSize, lin.LearningRate = 15, 32, 3e-3
	dir := filepath.Join(t.TempDir(), "linear")
	codes := []int{1, 2}
	var seen []int
	results, err := TrainLinear(b, lin, train, test, codes, LinearOptions{
		Fit:        model.FitOptions{RunDir: dir},
		Validation: 100,
		OnResult:   func(r Result) { seen = append(seen, r.CodeSize) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen, codes) || len(results) != len(codes) {
		t.Fatalf("OnResult saw %v, %d results; want %v", seen, len(results), codes)
	}
	p, err := pca.Fit(train.Images, train.Len(), mnist.Pixels, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		// Scored on the whole test set, like PCA: the linear autoencoder is close to PCA's error.
		pk, _ := p.Truncate(r.CodeSize)
		recon, _ := pk.Reconstruct(test.Images, test.Len())
		m, _ := PCAMetrics(test.Images, recon)
		if r.Model != AutoencoderName(withCode(lin, codes[i])) || r.Metrics.MSE > 1.1*m.MSE {
			t.Errorf("code %d: %s MSE %v, PCA's %v", r.CodeSize, r.Model, r.Metrics.MSE, m.MSE)
		}
	}
	checks, err := LinearSubspaces(b, p, dir, codes)
	if err != nil {
		t.Fatal(err)
	}
	if len(checks) != len(codes) {
		t.Fatalf("%d checks for %d code sizes", len(checks), len(codes))
	}
	for i, c := range checks {
		if c.CodeSize != codes[i] || len(c.Angles) != codes[i] || c.Model != results[i].Model {
			t.Errorf("check %d = %+v", i, c)
		}
		if !slices.IsSorted(c.Angles) || c.Largest != c.Angles[len(c.Angles)-1] {
			t.Errorf("code %d: angles %v not ascending or largest %v wrong", c.CodeSize, c.Angles, c.Largest)
		}
		if !(c.Mean >= 0 && c.Largest < 30) {
			t.Errorf("code %d: angles %v; a trained linear decoder should lean towards PCA's subspace", c.CodeSize, c.Angles)
		}
	}
	// A second call loads the finished runs instead of training: same results.
	again, err := TrainLinear(b, lin, train, test, codes, LinearOptions{Fit: model.FitOptions{RunDir: dir}})
	if err != nil || !slices.Equal(again, results) {
		t.Errorf("reloaded results %+v (err %v), want %+v", again, err, results)
	}

	errs := []struct {
		name   string
		run    func() error
		errHas string
	}{
		{"too few components", func() error {
			p1, _ := p.Truncate(1)
			_, err := LinearSubspaces(b, p1, dir, []int{2})
			return err
		}, "PCA has 1 components"},
		{"not trained", func() error { _, err := LinearSubspaces(b, p, dir, []int{3}); return err }, "code size 3"},
		{"no codes", func() error { _, err := LinearSubspaces(b, p, dir, nil); return err }, "no code sizes"},
		{"nil PCA", func() error { _, err := DecoderSubspace(nil, nil); return err }, "nil"},
		{"hidden layers", func() error {
			cfg := model.LinearPCA(2)
			cfg.Hidden = []int{4}
			ae, err := model.New(b, cfg)
			if err != nil {
				return nil
			}
			_, err = DecoderSubspace(ae, p)
			return err
		}, "hidden layers"},
		{"untrained model", func() error {
			ae, err := model.New(b, model.LinearPCA(2))
			if err != nil {
				return nil
			}
			_, err = DecoderSubspace(ae, p)
			return err
		}, "not found"},
		{"train: no codes", func() error { _, err := TrainLinear(b, lin, train, test, nil, LinearOptions{}); return err }, "no code sizes"},
		{"train: empty test", func() error {
			_, err := TrainLinear(b, lin, train, &mnist.Set{}, codes, LinearOptions{})
			return err
		}, "empty"},
		{"train: not linear", func() error {
			_, err := TrainLinear(b, model.Tutorial(), train, test, codes, LinearOptions{})
			return err
		}, "not a linear autoencoder"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("err = %v, want one containing %q", err, tt.errHas)
			}
		})
	}
}

func TestCheckLinear(t *testing.T) {
	mod := func(f func(*model.Config)) model.Config {
		c := model.LinearPCA(4)
		f(&c)
		return c
	}
	tests := []struct {
		name   string
		cfg    model.Config
		errHas string
	}{
		{"LinearPCA", model.LinearPCA(4), ""},
		{"other optimizer settings", mod(func(c *model.Config) { c.BatchSize, c.LearningRate = 128, 0.01 }), ""},
		{"tutorial", model.Tutorial(), "not a linear autoencoder"},
		{"relu code", mod(func(c *model.Config) { c.Activation = model.ReLU }), "activations relu/linear"},
		{"sigmoid output", mod(func(c *model.Config) { c.OutputActivation = model.Sigmoid }), "not a linear"},
		{"BCE", mod(func(c *model.Config) { c.Loss = model.BCE }), "trained with bce"},
		{"hidden", mod(func(c *model.Config) { c.Hidden = []int{32} }), "hidden layers [32]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckLinear(tt.cfg)
			if tt.errHas == "" {
				if err != nil {
					t.Errorf("unexpected error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("err = %v, want one containing %q", err, tt.errHas)
			}
		})
	}
}

func TestLinearRunDir(t *testing.T) {
	tests := []struct {
		dir  string
		k    int
		want string
	}{
		{"runs/x", 2, "runs/x/linear-code2"},
		{"/tmp/a", 64, "/tmp/a/linear-code64"},
	}
	for _, tt := range tests {
		if got := LinearRunDir(tt.dir, tt.k); got != tt.want {
			t.Errorf("LinearRunDir(%q, %d) = %q, want %q", tt.dir, tt.k, got, tt.want)
		}
	}
}
