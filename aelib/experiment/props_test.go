package experiment

import (
	"bytes"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/pca"
	"gonum.org/v1/gonum/mat"
)

func TestRunName(t *testing.T) {
	deep := model.Tutorial()
	deep.Hidden, deep.Epochs = []int{128}, 5
	mse := model.Tutorial()
	mse.Loss, mse.LearningRate = model.MSE, 3e-4
	tests := []struct {
		name string
		cfg  model.Config
		want string
	}{
		{"tutorial", model.Tutorial(), "784-32-784_relu-sigmoid_bce_adam_lr0.001_b256_e50_s1"},
		{"hidden layer", deep, "784-128-32-128-784_relu-sigmoid_bce_adam_lr0.001_b256_e5_s1"},
		{"mse", mse, "784-32-784_relu-sigmoid_mse_adam_lr0.0003_b256_e50_s1"},
		{"linear", model.LinearPCA(8), "784-8-784_linear-linear_mse_adam_lr0.001_b256_e50_s1"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := RunName(tc.cfg)
			if got != tc.want {
				t.Errorf("RunName = %q, want %q", got, tc.want)
			}
			if strings.ContainsAny(got, "/ ") {
				t.Errorf("RunName %q is not a plain folder name", got)
			}
			if seen[got] {
				t.Errorf("RunName %q repeats", got)
			}
			seen[got] = true
		})
	}
}

func TestSelectDigits(t *testing.T) {
	s := &mnist.Set{Labels: []uint8{3, 0, 4, 9, 0, 5}, Images: make([]float32, 6*mnist.Pixels)}
	for i := range s.Labels {
		s.Images[i*mnist.Pixels] = float32(i) / 10 // mark each image by its position
	}
	tests := []struct {
		name    string
		digits  []uint8
		want    []int // positions in s
		wantErr bool
	}{
		{"low digits", []uint8{0, 1, 2, 3, 4}, []int{0, 1, 2, 4}, false},
		{"one digit", []uint8{9}, []int{3}, false},
		{"order kept", []uint8{5, 3}, []int{0, 5}, false},
		{"none", []uint8{7}, nil, true},
		{"no digits", nil, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SelectDigits(s, tc.digits...)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if got.Len() != len(tc.want) {
				t.Fatalf("%d examples, want %d", got.Len(), len(tc.want))
			}
			for k, i := range tc.want {
				if got.Labels[k] != s.Labels[i] || got.Image(k)[0] != s.Image(i)[0] {
					t.Errorf("example %d is not position %d", k, i)
				}
			}
		})
	}
	if _, err := SelectDigits(nil, 1); err == nil {
		t.Error("nil set: no error")
	}
}

func TestAbsDiff(t *testing.T) {
	tests := []struct {
		name    string
		x, y    []float32
		want    []float32
		wantErr bool
	}{
		{"mixed", []float32{0, 1, 0.25, 0.5}, []float32{1, 0, 0.5, 0.5}, []float32{1, 1, 0.25, 0}, false},
		{"empty", nil, nil, []float32{}, false},
		{"length mismatch", []float32{0, 1}, []float32{0}, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AbsDiff(tc.x, tc.y)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err == nil && !slices.Equal(got, tc.want) {
				t.Errorf("AbsDiff = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestWorst(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		n      int
		want   []int
	}{
		{"top two", []float64{0.1, 0.5, 0.3, 0.9}, 2, []int{3, 1}},
		{"ties keep order", []float64{0.2, 0.7, 0.7, 0.1}, 3, []int{1, 2, 0}},
		{"n too large", []float64{0.2, 0.1}, 5, []int{0, 1}},
		{"n zero", []float64{0.2, 0.1}, 0, []int{}},
		{"n negative", []float64{0.2}, -1, []int{}},
		{"empty", nil, 3, []int{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Worst(tc.values, tc.n); !slices.Equal(got, tc.want) {
				t.Errorf("Worst = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMeanByDigit(t *testing.T) {
	tests := []struct {
		name    string
		values  []float64
		labels  []uint8
		want    map[int]float64 // digits not listed must be NaN
		wantErr bool
	}{
		{"two digits", []float64{1, 3, 10}, []uint8{2, 2, 7}, map[int]float64{2: 2, 7: 10}, false},
		{"all empty", nil, nil, map[int]float64{}, false},
		{"length mismatch", []float64{1}, []uint8{1, 2}, nil, true},
		{"bad label", []float64{1}, []uint8{10}, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := MeanByDigit(tc.values, tc.labels)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			for d, v := range got {
				want, ok := tc.want[d]
				if !ok {
					want = math.NaN()
				}
				if !(v == want || math.IsNaN(v) && math.IsNaN(want)) {
					t.Errorf("digit %d: %v, want %v", d, v, want)
				}
			}
		})
	}
}

func TestJumpTable(t *testing.T) {
	ae := []SetErrors{{Name: "digits", Mean: 0.01}, {Name: "noise", Mean: 0.25}}
	pc := []SetErrors{{Name: "digits", Mean: 0.02}, {Name: "noise", Mean: 0.1}}
	other := []SetErrors{{Name: "digits", Mean: 0.02}, {Name: "strokes", Mean: 0.1}}
	zero := []SetErrors{{Name: "digits", Mean: 0}, {Name: "noise", Mean: 0.1}}
	tests := []struct {
		name     string
		methods  []string
		errs     [][]SetErrors
		wantRows [][]string
		wantErr  string
	}{
		{"two methods", []string{"AE", "PCA"}, [][]SetErrors{ae, pc},
			[][]string{{"digits", "0.01000", "1.0", "0.02000", "1.0"}, {"noise", "0.25000", "25.0", "0.10000", "5.0"}}, ""},
		{"one method", []string{"AE"}, [][]SetErrors{ae},
			[][]string{{"digits", "0.01000", "1.0"}, {"noise", "0.25000", "25.0"}}, ""},
		{"names mismatch", []string{"AE", "PCA"}, [][]SetErrors{ae, other}, nil, "set 1"},
		{"count mismatch", []string{"AE", "PCA"}, [][]SetErrors{ae, pc[:1]}, nil, "has 1 sets"},
		{"methods mismatch", []string{"AE"}, [][]SetErrors{ae, pc}, nil, "method names"},
		{"zero reference", []string{"AE"}, [][]SetErrors{zero}, nil, "not positive"},
		{"no sets", []string{"AE"}, [][]SetErrors{{}}, nil, "no input sets"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := JumpTable(tc.methods, tc.errs)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Headers) != 1+2*len(tc.methods) || got.Headers[2] != tc.methods[0]+" ×digits" {
				t.Errorf("headers = %q", got.Headers)
			}
			if len(got.Rows) != len(tc.wantRows) {
				t.Fatalf("rows = %q, want %q", got.Rows, tc.wantRows)
			}
			for i := range got.Rows {
				if !slices.Equal(got.Rows[i], tc.wantRows[i]) {
					t.Errorf("row %d = %q, want %q", i, got.Rows[i], tc.wantRows[i])
				}
			}
		})
	}
}

func TestLogitGradients(t *testing.T) {
	tests := []struct {
		name             string
		target, p        float64
		wantBCE, wantMSE float64
	}{
		{"right", 1, 1, 0, 0},
		{"half", 1, 0.5, -0.5, -0.25},
		{"saturated wrong", 1, 0.01, -0.99, -2 * 0.99 * 0.01 * 0.99},
		{"target zero", 0, 0.9, 0.9, 2 * 0.9 * 0.9 * 0.1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bce, mse := LogitGradients(tc.target, []float64{tc.p})
			if math.Abs(bce[0]-tc.wantBCE) > 1e-12 || math.Abs(mse[0]-tc.wantMSE) > 1e-12 {
				t.Errorf("gradients %v, %v; want %v, %v", bce[0], mse[0], tc.wantBCE, tc.wantMSE)
			}
			// Both are derivatives with respect to the logit: check against finite differences.
			z := math.Log(tc.p / (1 - tc.p))
			if math.IsInf(z, 0) {
				return
			}
			const h = 1e-6
			sig := func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
			bceLoss := func(z float64) float64 {
				p := sig(z)
				return -(tc.target*math.Log(p) + (1-tc.target)*math.Log(1-p))
			}
			mseLoss := func(z float64) float64 { d := sig(z) - tc.target; return d * d }
			if d := (bceLoss(z+h) - bceLoss(z-h)) / (2 * h); math.Abs(d-bce[0]) > 1e-5 {
				t.Errorf("BCE gradient %v, finite difference %v", bce[0], d)
			}
			if d := (mseLoss(z+h) - mseLoss(z-h)) / (2 * h); math.Abs(d-mse[0]) > 1e-5 {
				t.Errorf("MSE gradient %v, finite difference %v", mse[0], d)
			}
		})
	}
}

func TestDigitsName(t *testing.T) {
	tests := []struct {
		digits []uint8
		want   string
	}{
		{[]uint8{0, 1, 2, 3, 4}, "digits 0–4"},
		{[]uint8{5, 6, 7, 8, 9}, "digits 5–9"},
		{[]uint8{1, 7}, "digits 1,7"},
		{[]uint8{3}, "digits 3"},
		{[]uint8{0, 2, 5}, "digits 0,2,5"},
	}
	for _, tc := range tests {
		if got := DigitsName(tc.digits...); got != tc.want {
			t.Errorf("DigitsName(%v) = %q, want %q", tc.digits, got, tc.want)
		}
	}
}

func TestPCAResults(t *testing.T) {
	train, test := smallData(t)
	p, err := pca.Fit(train.Images, train.Len(), mnist.Pixels, 32)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		codes   []int
		wantErr bool
	}{
		{"sweep", []int{2, 8, 32}, false},
		{"unsorted", []int{16, 4}, false},
		{"none", nil, true},
		{"more than fitted", []int{8, 33}, true},
		{"zero", []int{0}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := PCAResults(p, 1.5, test, tc.codes)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if len(rs) != len(tc.codes) {
				t.Fatalf("%d results for %d code sizes", len(rs), len(tc.codes))
			}
			for i, r := range rs {
				if r.Model != "PCA" || r.CodeSize != tc.codes[i] || r.TrainSeconds != 1.5 {
					t.Errorf("row %d = %s k=%d, %v s", i, r.Model, r.CodeSize, r.TrainSeconds)
				}
				// Each row must equal the PCA truncated to its code size, scored by PCAMetrics.
				pk, err := p.Truncate(r.CodeSize)
				if err != nil {
					t.Fatal(err)
				}
				recon, err := pk.Reconstruct(test.Images, test.Len())
				if err != nil {
					t.Fatal(err)
				}
				m, err := PCAMetrics(test.Images, recon)
				if err != nil {
					t.Fatal(err)
				}
				if m != r.Metrics {
					t.Errorf("k=%d: row %+v, recomputed %+v", r.CodeSize, r.Metrics, m)
				}
			}
		})
	}
	if _, err := PCAResults(nil, 0, test, []int{2}); err == nil {
		t.Error("nil PCA: no error")
	}
	if _, err := PCAResults(p, 0, &mnist.Set{}, []int{2}); err == nil {
		t.Error("empty test set: no error")
	}
}

func TestCachedPCA(t *testing.T) {
	train, _ := smallData(t)
	other, err := train.Subset(1000)
	if err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/pca.gob"
	// want is the first k axes of a fit with fitted components.
	want := func(s *mnist.Set, fitted, k int) *mat.Dense {
		p, err := pca.Fit(s.Images, s.Len(), mnist.Pixels, fitted)
		if err != nil {
			t.Fatal(err)
		}
		if p, err = p.Truncate(k); err != nil {
			t.Fatal(err)
		}
		return p.Components
	}
	// Steps run in order on the same file.
	steps := []struct {
		name     string
		train    *mnist.Set
		k        int
		fitted   int  // components of the fit the result comes from
		wantLoad bool // loaded from the file, not fitted
		wantErr  bool
	}{
		{"first fit", train, 16, 16, false, false},
		{"same k loads", train, 16, 16, true, false},
		{"smaller k loads", train, 4, 16, true, false},
		{"larger k refits", train, 24, 24, false, false},
		{"other data refits", other, 24, 24, false, false},
		{"k zero", train, 0, 0, false, true},
		{"k too large", train, 785, 0, false, true},
		{"no data", &mnist.Set{}, 4, 0, false, true},
	}
	var lastSecs float64
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			before, _ := os.ReadFile(path)
			p, secs, err := CachedPCA(path, st.train, st.k)
			if (err != nil) != st.wantErr {
				t.Fatalf("err = %v, want error %v", err, st.wantErr)
			}
			if err != nil {
				return
			}
			after, _ := os.ReadFile(path)
			if loaded := bytes.Equal(before, after); loaded != st.wantLoad {
				t.Errorf("file unchanged = %v, want loaded = %v", loaded, st.wantLoad)
			}
			if st.wantLoad && secs != lastSecs {
				t.Errorf("loaded fit seconds %v, saved %v", secs, lastSecs)
			}
			lastSecs = secs
			if p.K() != st.k || p.NSamples != st.train.Len() || !mat.Equal(p.Components, want(st.train, st.fitted, st.k)) {
				t.Errorf("k=%d n=%d: components differ from a fit with %d", p.K(), p.NSamples, st.fitted)
			}
		})
	}
	if err := os.WriteFile(path, []byte("not a gob"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := CachedPCA(path, train, 4); err == nil {
		t.Error("corrupt file: no error")
	}
}

func TestTrainModel(t *testing.T) {
	train, test := smallData(t)
	b, err := backend.NewWithConfig("go")
	if err != nil {
		t.Fatal(err)
	}
	cfg := model.Tutorial()
	cfg.CodeSize, cfg.Epochs, cfg.BatchSize = 8, 2, 64
	dir := t.TempDir() + "/" + RunName(cfg)
	ae, r, err := TrainModel(b, cfg, train, test, model.FitOptions{RunDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if r.Model != "autoencoder 784-8-784" || r.CodeSize != 8 || ae.History().Len() != 2 {
		t.Fatalf("result %+v after %d epochs", r, ae.History().Len())
	}
	recon, err := ae.Reconstruct(test.Images)
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := metrics.Summarize(test.Images, recon, mnist.Pixels); m != r.Metrics {
		t.Errorf("result metrics %+v, recomputed %+v", r.Metrics, m)
	}
	// A second call with the same folder loads the model: same scores, same history.
	ae2, r2, err := TrainModel(b, cfg, train, test, model.FitOptions{RunDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if r2.Metrics != r.Metrics || ae2.History().Len() != 2 || r2.TrainSeconds != r.TrainSeconds {
		t.Errorf("reloaded %+v, trained %+v", r2, r)
	}
	if _, _, err := TrainModel(b, cfg, train, &mnist.Set{}, model.FitOptions{}); err == nil {
		t.Error("empty test set: no error")
	}
}
