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

// TestLinearSubspaces trains linear autoencoders through CompareCodeSizes, reads them back
// from the folders CompareRunDir names, and checks that their decoders lean towards PCA's
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
	tutorial := model.Tutorial()
	tutorial.Epochs, tutorial.BatchSize = 1, 64
	tutorial.Hidden = []int{16}
	dir := filepath.Join(t.TempDir(), "compare")
	codes := []int{1, 2}
	if _, err := CompareCodeSizes(b, train, test, codes, CompareOptions{
		Models: []model.Config{lin, tutorial},
		Fit:    model.FitOptions{RunDir: dir},
	}); err != nil {
		t.Fatal(err)
	}
	p, err := pca.Fit(train.Images, train.Len(), mnist.Pixels, 2)
	if err != nil {
		t.Fatal(err)
	}
	checks, err := LinearSubspaces(b, p, dir, 0, codes)
	if err != nil {
		t.Fatal(err)
	}
	if len(checks) != len(codes) {
		t.Fatalf("%d checks for %d code sizes", len(checks), len(codes))
	}
	for i, c := range checks {
		if c.CodeSize != codes[i] || len(c.Angles) != codes[i] || c.Model != "linear autoencoder 784-"+[]string{"1", "2"}[i]+"-784" {
			t.Errorf("check %d = %+v", i, c)
		}
		if !slices.IsSorted(c.Angles) || c.Largest != c.Angles[len(c.Angles)-1] {
			t.Errorf("code %d: angles %v not ascending or largest %v wrong", c.CodeSize, c.Angles, c.Largest)
		}
		if !(c.Mean >= 0 && c.Largest < 30) {
			t.Errorf("code %d: angles %v; a trained linear decoder should lean towards PCA's subspace", c.CodeSize, c.Angles)
		}
	}

	errs := []struct {
		name   string
		run    func() error
		errHas string
	}{
		{"hidden layers", func() error { _, err := LinearSubspaces(b, p, dir, 1, []int{1}); return err }, "hidden layers"},
		{"too few components", func() error {
			p1, _ := p.Truncate(1)
			_, err := LinearSubspaces(b, p1, dir, 0, []int{2})
			return err
		}, "PCA has 1 components"},
		{"not trained", func() error { _, err := LinearSubspaces(b, p, dir, 0, []int{3}); return err }, "code size 3"},
		{"no codes", func() error { _, err := LinearSubspaces(b, p, dir, 0, nil); return err }, "no code sizes"},
		{"nil PCA", func() error { _, err := DecoderSubspace(nil, nil); return err }, "nil"},
		{"untrained model", func() error {
			ae, err := model.New(b, model.LinearPCA(2))
			if err != nil {
				return nil
			}
			_, err = DecoderSubspace(ae, p)
			return err
		}, "not found"},
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
