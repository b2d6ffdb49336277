package plots

import (
	"bytes"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// digitImages returns n synthetic 28×28 "digits" (rings and bars), values
// in [0, 1]; blur > 0 softens them, as a reconstruction would.
func digitImages(n int, blur float64) []float32 {
	const w, h = 28, 28
	out := make([]float32, n*w*h)
	for i := range n {
		cx, cy := 14+float64(i%3-1)*2, 14+float64(i%2)*2
		radius := 5 + float64(i%5)
		for y := range h {
			for x := range w {
				dx, dy := float64(x)-cx, float64(y)-cy
				d := math.Abs(math.Hypot(dx, dy) - radius)
				if i%4 == 1 { // a vertical bar, like a "1"
					d = math.Abs(dx)
					if math.Abs(dy) > 9 {
						d = 10
					}
				}
				v := math.Exp(-d * d / (2 * (1.2 + blur) * (1.2 + blur)))
				out[i*w*h+y*w+x] = float32(v)
			}
		}
	}
	return out
}

// clusterCodes returns n 2-D codes around 10 centres with their labels.
func clusterCodes(n int) ([]float32, []uint8) {
	r := rand.New(rand.NewPCG(1, 2))
	codes := make([]float32, 2*n)
	labels := make([]uint8, n)
	for i := range n {
		d := uint8(r.IntN(10))
		angle := float64(d) / 10 * 2 * math.Pi
		codes[2*i] = float32(3*math.Cos(angle) + r.NormFloat64()*0.7)
		codes[2*i+1] = float32(3*math.Sin(angle) + r.NormFloat64()*0.7)
		labels[i] = d
	}
	return codes, labels
}

// lossSeries returns decaying train and validation losses.
func lossSeries(epochs int) []Series {
	train := make([]float64, epochs)
	val := make([]float64, epochs)
	for e := range epochs {
		train[e] = 0.02 + 0.2*math.Exp(-float64(e)/4)
		val[e] = 0.024 + 0.19*math.Exp(-float64(e)/4.5) + 0.0002*float64(e)
	}
	return []Series{{Name: "train", Y: train}, {Name: "validation", Y: val}}
}

// codeSizeSeries returns errors of three models against code size.
func codeSizeSeries() []Series {
	sizes := []float64{2, 4, 8, 16, 32, 64}
	var pca, lin, ae []float64
	for _, s := range sizes {
		pca = append(pca, 0.06/math.Sqrt(s)+0.005)
		lin = append(lin, 0.061/math.Sqrt(s)+0.0052)
		ae = append(ae, 0.04/math.Sqrt(s)+0.003)
	}
	return []Series{
		{Name: "PCA", X: sizes, Y: pca},
		{Name: "linear AE", X: sizes, Y: lin},
		{Name: "non-linear AE", X: sizes, Y: ae},
	}
}

// codeMatrix returns 10×32 codes with both signs.
func codeMatrix() []float32 {
	v := make([]float32, 10*32)
	for r := range 10 {
		for c := range 32 {
			v[r*32+c] = float32(math.Sin(float64(r*c)/7) * (1 + float64(r)/10))
		}
	}
	return v
}

// errorSamples returns log-normal reconstruction errors around median.
func errorSamples(n int, median, spread float64, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 7))
	out := make([]float64, n)
	for i := range out {
		out[i] = median * math.Exp(r.NormFloat64()*spread)
	}
	return out
}

// demoFigures returns one figure of each kind, by file name.
func demoFigures(t *testing.T) map[string]*Figure {
	t.Helper()
	must := func(f *Figure, err error) *Figure {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	figs := map[string]*Figure{}
	figs["imagegrid"] = must(ImageGrid(
		[][]float32{digitImages(10, 0), digitImages(10, 1.2), digitImages(10, 2.5)},
		[]string{"original", "autoencoder", "PCA"}, 28, 28, 10))
	figs["imagegrid"].WithTitle("Test digits and reconstructions (code size 32)")
	figs["imagegrid_2x10"] = must(ImageGrid(
		[][]float32{digitImages(12, 0), digitImages(12, 1.5)}, nil, 28, 28, 10))
	figs["loss"] = must(LossCurves(lossSeries(30), "Training the autoencoder"))
	figs["loss_logy"] = must(LossCurves(lossSeries(30), "Training (log scale)", LogY()))
	figs["error_vs_code"] = must(ErrorVsCodeSize(codeSizeSeries(), "test MSE"))
	codes, labels := clusterCodes(10000)
	figs["scatter"] = must(CodeScatter(codes, labels, "2-D codes of 10,000 test digits"))
	figs["heatmap"] = must(Heatmap(codeMatrix(), 10, 32, "Codes of ten digits", "code unit", "digit"))
	pos := codeMatrix()
	for i := range pos {
		pos[i] = float32(math.Abs(float64(pos[i])))
	}
	figs["heatmap_positive"] = must(Heatmap(pos, 10, 32, "Non-negative codes", "code unit", "digit",
		RowLabels("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")))
	figs["histogram"] = must(Histogram(errorSamples(10000, 0.01, 0.4, 1), 50,
		"Reconstruction error on MNIST test", "MSE per image"))
	figs["histograms"] = must(Histograms([]Group{
		{Name: "MNIST test", Values: errorSamples(10000, 0.01, 0.4, 1)},
		{Name: "Fashion-MNIST (OOD)", Values: errorSamples(2000, 0.05, 0.3, 2)},
	}, 60, "Out-of-distribution inputs reconstruct badly", "MSE per image", Density()))
	figs["bars"] = must(Bars([]string{"1e-4", "3e-4", "1e-3", "3e-3", "1e-2"},
		[]float64{0.0213, 0.0151, 0.0122, 0.0139, 0.0302}, "Learning-rate sweep", "validation MSE",
		XLabel("learning rate")))
	figs["bars_long"] = must(Bars(
		[]string{"dense 64", "dense 128", "dense 256", "dense 512", "conv 16/32", "conv 32/64", "conv 64/128", "deep dense"},
		[]float64{0.021, 0.017, 0.015, 0.0149, 0.011, 0.0092, 0.0088, -0.002}, "Architecture sweep", "validation MSE"))
	side := must(Side(figs["loss"], figs["error_vs_code"]))
	figs["side"] = side.WithTitle("Side by side")
	figs["grid"] = must(Grid(2, figs["imagegrid_2x10"], figs["histograms"], figs["bars"]))
	return figs
}

func TestFiguresRender(t *testing.T) {
	for name, fig := range demoFigures(t) {
		t.Run(name, func(t *testing.T) {
			checkPNG(t, fig)
			checkSVG(t, fig)
		})
	}
}

// checkPNG renders fig as PNG and checks it decodes with the right size.
func checkPNG(t *testing.T, fig *Figure) {
	t.Helper()
	data, err := fig.PNG()
	if err != nil {
		t.Fatalf("PNG: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decoding PNG: %v", err)
	}
	w, h := fig.PixelSize()
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Errorf("PNG is %dx%d, want %dx%d", b.Dx(), b.Dy(), w, h)
	}
}

// checkSVG renders fig as SVG and checks it is a script-free document.
func checkSVG(t *testing.T, fig *Figure) {
	t.Helper()
	data, err := fig.SVG()
	if err != nil {
		t.Fatalf("SVG: %v", err)
	}
	s := string(data)
	if !strings.HasPrefix(s, "<?xml") && !strings.HasPrefix(s, "<svg") {
		t.Errorf("SVG starts with %q", s[:min(len(s), 20)])
	}
	if !strings.Contains(s, "</svg>") {
		t.Errorf("SVG is not closed")
	}
	if strings.Contains(strings.ToLower(s), "<script") {
		t.Errorf("SVG contains a script")
	}
}

// TestDemo writes one PNG of each figure kind to $PLOTS_DEMO_DIR (a temporary folder
// when unset), for looking at them, and checks every file was written.
func TestDemo(t *testing.T) {
	dir := os.Getenv("PLOTS_DEMO_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, fig := range demoFigures(t) {
		if err := fig.Save(filepath.Join(dir, name+".png")); err != nil {
			t.Fatal(err)
		}
	}
	if err := demoFigures(t)["heatmap"].Save(filepath.Join(dir, "heatmap.svg")); err != nil {
		t.Fatal(err)
	}
	for name := range demoFigures(t) {
		if st, err := os.Stat(filepath.Join(dir, name+".png")); err != nil || st.Size() < 1000 {
			t.Errorf("%s.png not written or too small: %v", name, err)
		}
	}
}
