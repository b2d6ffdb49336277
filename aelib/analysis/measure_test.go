package analysis_test

import (
	"math"
	"sort"
	"sync"
	"testing"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/aelib/corrupt"
	"github.com/goautoencoders/autoencoders/aelib/lab"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/report"
)

var (
	once    sync.Once
	small   lab.Data
	be      compute.Backend
	loadErr error
)

// fixture returns 1,000 training, 300 validation and 300 test digits and the Go backend.
func fixture(t *testing.T) (lab.Data, compute.Backend) {
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
		small = lab.Data{Name: "mnist-small", Train: tr, Validation: val, Test: te}
		be, loadErr = backend.NewWithConfig("go")
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return small, be
}

// images makes n images whose every pixel is v.
func images(n int, v float32) []float32 {
	x := make([]float32, n*mnist.Pixels)
	for i := range x {
		x[i] = v
	}
	return x
}

func TestRestoreHandComputed(t *testing.T) {
	clean := images(3, 0.5)
	corrupted := images(3, 0.7)
	zero := analysis.Func("zeros", func(x []float32) ([]float32, error) { return make([]float32, len(x)), nil })
	r, err := analysis.Restore("brighter", clean, corrupted, []analysis.Method{analysis.Input("input"), zero})
	if err != nil {
		t.Fatal(err)
	}
	// input: MSE 0.2² = 0.04 → PSNR 10·log10(25); zeros: MSE 0.25 → 10·log10(4).
	want := []float64{10 * math.Log10(25), 10 * math.Log10(4)}
	for i, w := range want {
		if math.Abs(r.PSNR[i]-w) > 1e-4 {
			t.Errorf("%s: PSNR %v, want %v", r.Methods[i], r.PSNR[i], w)
		}
	}
	if math.Abs(r.MSE[0]-0.04) > 1e-6 || len(r.Outputs) != 2 || r.Corruption != "brighter" {
		t.Errorf("restoration %+v", r)
	}
	if _, err := analysis.Restore("short", clean, corrupted[:10], []analysis.Method{analysis.Input("input")}); err == nil {
		t.Error("mismatched lengths: no error")
	}
}

func TestPSNRCurveFallsWithNoise(t *testing.T) {
	data, _ := fixture(t)
	clean := data.Test.Images[:50*mnist.Pixels]
	levels := []float64{0.1, 0.3, 0.6}
	psnr, err := analysis.PSNRCurve(clean, corrupt.Gaussian, levels, 3, []analysis.Method{analysis.Input("noisy")})
	if err != nil {
		t.Fatal(err)
	}
	if len(psnr) != 1 || len(psnr[0]) != 3 {
		t.Fatalf("shape %v", psnr)
	}
	if !(psnr[0][0] > psnr[0][1] && psnr[0][1] > psnr[0][2]) {
		t.Errorf("the noisy input's PSNR should fall as σ grows: %v", psnr[0])
	}
	if _, err := analysis.PSNRCurve(clean, "sparkles", levels, 3, []analysis.Method{analysis.Input("noisy")}); err == nil {
		t.Error("unknown noise kind: no error")
	}
}

func TestSeparationAUC(t *testing.T) {
	zeros := func(x []float32) ([]float32, error) { return make([]float32, len(x)), nil }
	// Scores are mean x²: dark normal images score below bright anomalies.
	auc, err := analysis.SeparationAUC(zeros, images(4, 0.1), images(5, 0.9))
	if err != nil || auc != 1 {
		t.Errorf("AUC %v, %v; want 1", auc, err)
	}
	auc, err = analysis.SeparationAUC(zeros, images(4, 0.9), images(5, 0.1))
	if err != nil || auc != 0 {
		t.Errorf("reversed AUC %v, %v; want 0", auc, err)
	}
}

func TestInkMassAndDirection(t *testing.T) {
	x := append(images(1, 0.25), images(1, 0.75)...)
	ink, err := analysis.InkMass(x)
	if err != nil || ink[0] != 0.25 || ink[1] != 0.75 {
		t.Fatalf("InkMass %v, %v", ink, err)
	}
	if _, err := analysis.InkMass(x[:100]); err == nil {
		t.Error("ragged images: no error")
	}
	// Codes of size 2 for 4 images; attr ranks images 3,1 on top, 0,2 at the bottom.
	codes := []float32{0, 0, 2, 4, 0, 2, 4, 8}
	attr := []float64{1, 3, 2, 4}
	d, err := analysis.AttributeDirection(codes, 2, attr, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	// mean(top {3,1}) = (3,6); mean(bottom {2,0}) = (0,1).
	if d[0] != 3 || d[1] != 5 {
		t.Errorf("direction %v, want [3 5]", d)
	}
	if _, err := analysis.AttributeDirection(codes, 2, attr, 0.9); err == nil {
		t.Error("fraction 0.9: no error")
	}
}

func TestVary(t *testing.T) {
	x := images(2, 0.2)
	dir := make([]float32, mnist.Pixels)
	for i := range dir {
		dir[i] = 0.1
	}
	v, err := analysis.Vary(identity{}, x, dir, []float64{-1, 0, 2, 10}, analysis.InkMass)
	if err != nil {
		t.Fatal(err)
	}
	// 0.2 + α·0.1, clipped to [0,1].
	want := []float64{0.1, 0.2, 0.4, 1}
	for i, w := range want {
		if math.Abs(v.Attribute[i]-w) > 1e-6 {
			t.Errorf("step %g: ink %v, want %v", v.Steps[i], v.Attribute[i], w)
		}
	}
	if len(v.Images) != 4 || len(v.Images[0]) != len(x) {
		t.Errorf("images %d×%d", len(v.Images), len(v.Images[0]))
	}
}

func TestCodeKNNWithPCA(t *testing.T) {
	data, _ := fixture(t)
	p, _, err := lab.PCA(data, 16)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := analysis.CodeKNN(analysis.PCA("PCA 16", p), data.Train, data.Test, 5)
	if err != nil {
		t.Fatal(err)
	}
	// 16 principal components keep most of what tells digits apart.
	if !(acc > 0.7 && acc <= 1) {
		t.Errorf("k-NN accuracy on 16 PCA components %v, want > 0.7", acc)
	}
}

func TestBilinearAndPSNRColumns(t *testing.T) {
	data, _ := fixture(t)
	clean := data.Test.Images[:20*mnist.Pixels]
	noise := corrupt.Noise{Kind: corrupt.LowRes, Level: 2}
	r, err := analysis.RestoreNoise(clean, noise, 1, []analysis.Method{analysis.Input("blocky"), analysis.Bilinear("bilinear", 2)})
	if err != nil {
		t.Fatal(err)
	}
	// Bilinear interpolation of the 14×14 image beats repeating its pixels.
	if !(r.PSNR[1] > r.PSNR[0]) {
		t.Errorf("bilinear PSNR %v not above nearest %v", r.PSNR[1], r.PSNR[0])
	}
	r2, err := analysis.RestoreNoise(clean, corrupt.Noise{Kind: corrupt.Gaussian, Level: 0.3}, 1, []analysis.Method{analysis.Input("blocky"), analysis.Bilinear("bilinear", 2)})
	if err != nil {
		t.Fatal(err)
	}
	methods, cols, names, err := analysis.PSNRColumns(r, r2)
	if err != nil || len(methods) != 2 || len(cols) != 2 || cols[1][0] != r2.PSNR[0] || names[0] != "lowres ×2" {
		t.Errorf("PSNRColumns %v %v %v %v", methods, cols, names, err)
	}
	if _, _, _, err := analysis.PSNRColumns(r, analysis.Restoration{Corruption: "other", Methods: []string{"one"}}); err == nil {
		t.Error("different method lists: no error")
	}
}

// TestLayerKNN checks each layer's k-NN accuracy against an independent computation: the
// layer's activations worked out in float64 from the model's weights, and a brute-force
// k-NN vote over every reference.
func TestLayerKNN(t *testing.T) {
	data, b := fixture(t)
	cfg := model.Tutorial()
	cfg.Hidden, cfg.CodeSize, cfg.Epochs, cfg.BatchSize = []int{64}, 8, 10, 32
	ae, _, err := lab.Train(b, cfg, data, lab.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := data.Train.Subset(500)
	query, _ := data.Test.Subset(100)
	const k = 5
	names, acc, err := analysis.LayerKNN(ae, ref, query, k)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"pixels (784)", "hidden layer 1 (64)", "code (8)"}
	if len(names) != 3 || names[0] != want[0] || names[1] != want[1] || names[2] != want[2] {
		t.Fatalf("layers %v, want %v", names, want)
	}
	hidden := denseReLU(t, ae, "/encoder/hidden_0", mnist.Pixels, 64)
	code := denseReLU(t, ae, "/encoder/code", 64, 8)
	layers := []func([]float64) []float64{
		func(x []float64) []float64 { return x },
		hidden,
		func(x []float64) []float64 { return code(hidden(x)) },
	}
	for i, f := range layers {
		r, q := mapRows(ref.Images, mnist.Pixels, f), mapRows(query.Images, mnist.Pixels, f)
		brute := bruteKNN(r, ref.Labels, q, query.Labels, k)
		// Up to one query in a hundred may vote differently: float32 and float64
		// activations can order two nearly equidistant neighbours differently.
		if math.Abs(acc[i]-brute) > 0.011 {
			t.Errorf("%s: LayerKNN accuracy %v, brute force %v", names[i], acc[i], brute)
		}
		t.Logf("%s: %v (brute force %v)", names[i], acc[i], brute)
	}
}

// denseReLU returns the float64 map x ↦ relu(x·W + b) of the dense layer at path (its
// weights in either layout the backend uses).
func denseReLU(t *testing.T, ae *model.Autoencoder, path string, in, out int) func([]float64) []float64 {
	t.Helper()
	w, dims, err := ae.Parameter(path + "/weights")
	if err != nil {
		t.Fatal(err)
	}
	bias, _, err := ae.Parameter(path + "/biases")
	if err != nil {
		t.Fatal(err)
	}
	at := func(i, j int) float64 { return float64(w[i*out+j]) } // [in, out]
	if dims[0] == out && dims[1] == in {
		at = func(i, j int) float64 { return float64(w[j*in+i]) } // [out, in]
	}
	return func(x []float64) []float64 {
		y := make([]float64, out)
		for j := range out {
			s := float64(bias[j])
			for i, v := range x {
				s += v * at(i, j)
			}
			y[j] = max(s, 0)
		}
		return y
	}
}

// mapRows applies f to every row of d values of x.
func mapRows(x []float32, d int, f func([]float64) []float64) [][]float64 {
	rows := make([][]float64, len(x)/d)
	for i := range rows {
		row := make([]float64, d)
		for j := range d {
			row[j] = float64(x[i*d+j])
		}
		rows[i] = f(row)
	}
	return rows
}

// bruteKNN is the share of queries whose k nearest references (squared Euclidean
// distance, ties by index) vote for their label; a tied vote goes to the label of the
// nearest reference among the tied.
func bruteKNN(ref [][]float64, refLabels []uint8, query [][]float64, queryLabels []uint8, k int) float64 {
	right := 0
	for qi, q := range query {
		idx := make([]int, len(ref))
		dist := make([]float64, len(ref))
		for j, r := range ref {
			idx[j] = j
			for t := range r {
				dist[j] += (r[t] - q[t]) * (r[t] - q[t])
			}
		}
		sort.SliceStable(idx, func(a, b int) bool { return dist[idx[a]] < dist[idx[b]] })
		votes := map[uint8]int{}
		for _, j := range idx[:k] {
			votes[refLabels[j]]++
		}
		best := refLabels[idx[0]]
		for _, j := range idx[:k] {
			if votes[refLabels[j]] > votes[best] {
				best = refLabels[j]
			}
		}
		if best == queryLabels[qi] {
			right++
		}
	}
	return float64(right) / float64(len(query))
}

func TestTransfer(t *testing.T) {
	data, _ := fixture(t)
	low, err := data.Digits(0, 1, 2, 3, 4)
	if err != nil {
		t.Fatal(err)
	}
	if low.Name != "mnist-small-digits0-4" {
		t.Errorf("name %q", low.Name)
	}
	for _, y := range low.Test.Labels {
		if y > 4 {
			t.Fatalf("label %d in digits 0-4", y)
		}
	}
	p, _, err := lab.PCA(low, 16)
	if err != nil {
		t.Fatal(err)
	}
	high, err := data.Digits(5, 6, 7, 8, 9)
	if err != nil {
		t.Fatal(err)
	}
	reps := []analysis.Method{analysis.Input("pixels (from scratch)"), analysis.PCA("PCA 16 of digits 0-4", p)}
	acc, err := analysis.Transfer(reps, high.Train, high.Test, []int{50, 400})
	if err != nil {
		t.Fatal(err)
	}
	for r := range reps {
		// Five classes: chance is 0.2; a linear classifier on either does far better, and
		// more labels help.
		if !(acc[r][0] > 0.4 && acc[r][1] > acc[r][0]) {
			t.Errorf("%s: accuracies %v", reps[r].Name, acc[r])
		}
	}
	tab, err := report.TransferTable(reps, []int{50, 400}, acc)
	if err != nil || len(tab.Rows) != 2 || tab.Headers[2] != "test accuracy, 400 labels" {
		t.Errorf("table %+v, %v", tab, err)
	}
	if _, err := analysis.Transfer(reps, high.Train, high.Test, []int{100000}); err == nil {
		t.Error("more labels than images: no error")
	}
}

// TestOnePCAScore: the restoration method PCA scores the same reconstructions as lab's PCA
// row (one rule: raw reconstructions, not clipped), so a PCA-32 MSE is one number
// whichever table shows it.
func TestOnePCAScore(t *testing.T) {
	data, _ := fixture(t)
	p, row, err := lab.PCA(data, 32)
	if err != nil {
		t.Fatal(err)
	}
	res, err := analysis.Restore("none", data.Test.Images, data.Test.Images, []analysis.Method{analysis.PCA("PCA 32", p)})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res.MSE[0]-row.Metrics.MSE) > 1e-9 {
		t.Errorf("PCA-32 test MSE: restoration %v, lab row %v; want one number", res.MSE[0], row.Metrics.MSE)
	}
}

func TestColoring(t *testing.T) {
	data, b := fixture(t)
	col, err := data.Colored(3)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := data.Colored(3)
	if col.Name != "mnist-small-colored" || col.Train.Channels != 3 || col.Test.Dim() != 3*mnist.Pixels ||
		col.Train.Validate() != nil || again.Test.Images[1234] != col.Test.Images[1234] {
		t.Fatalf("colored data %q, channels %d, dim %d", col.Name, col.Train.Channels, col.Test.Dim())
	}
	truth := col.Test.Images
	oracle := analysis.Func("truth", func([]float32) ([]float32, error) { return truth, nil })
	mean, err := analysis.MeanColor("mean colour", col.Train)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := analysis.PCARegression("PCA regression", col.Train, 16, 1000)
	if err != nil {
		t.Fatal(err)
	}
	cfg := model.Tutorial()
	cfg.InputDim, cfg.Epochs, cfg.BatchSize = 3*mnist.Pixels, 60, 32
	cfg.Denoise = &corrupt.Noise{Kind: corrupt.Grayscale}
	ae, _, err := lab.Train(b, cfg, col, lab.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := analysis.Color(col.Test, []analysis.Method{oracle, mean, reg, analysis.Autoencoder("colouring autoencoder", ae)})
	if err != nil {
		t.Fatal(err)
	}
	if c.MSE[0] != 0 || c.Hue[0] != 1 {
		t.Errorf("the true colours: MSE %v, hue %v; want 0 and 1", c.MSE[0], c.Hue[0])
	}
	// One colour law for all digits gets about one class in ten right; a linear map from
	// the shape's PCA codes gets more of them (about a third here).
	t.Logf("hue accuracy %v, MSE %v", c.Hue, c.MSE)
	if !(c.Hue[1] < 0.2 && c.Hue[2] > 2*c.Hue[1]) {
		t.Errorf("hue accuracy mean %v, PCA regression %v; MSE %v vs %v", c.Hue[1], c.Hue[2], c.MSE[1], c.MSE[2])
	}
	// The colouring autoencoder (60 epochs on 1,000 digits: about 0.6 of the hues right,
	// MSE 0.0135 against the mean colour's 0.0152) must beat the mean colour on both.
	if !(c.Hue[3] > 3*c.Hue[1] && c.MSE[3] < c.MSE[1]) {
		t.Errorf("colouring autoencoder: hue accuracy %v, MSE %v; the mean colour %v, %v: want more than 3× its hues and a lower MSE",
			c.Hue[3], c.MSE[3], c.Hue[1], c.MSE[1])
	}
	if fig, err := report.ColorGrid(col.Test, c, 4); err != nil || fig == nil {
		t.Errorf("color grid: %v", err)
	}
	if _, err := analysis.Color(data.Test, []analysis.Method{mean}); err == nil {
		t.Error("gray test set: no error")
	}
}

// identity is a codec whose code is the image itself.
type identity struct{}

func (identity) Encode(x []float32) ([]float32, error) { return x, nil }
func (identity) Decode(z []float32) ([]float32, error) { return z, nil }

func TestInkVariation(t *testing.T) {
	data, _ := fixture(t)
	p, _, err := lab.PCA(data, 16)
	if err != nil {
		t.Fatal(err)
	}
	ref, x := data.Train.Images[:500*mnist.Pixels], data.Test.Images[:4*mnist.Pixels]
	v, err := analysis.InkVariation(analysis.PCACodec{PCA: p}, ref, x, []float64{-1, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	// Along the ink direction the decoded digits carry more ink, step by step.
	if !(v.Attribute[0] < v.Attribute[1] && v.Attribute[1] < v.Attribute[2]) {
		t.Errorf("ink along the direction %v, want increasing", v.Attribute)
	}
	if fig, err := report.VariationGrid(v, 4); err != nil || fig == nil {
		t.Errorf("variation grid: %v", err)
	}
}
