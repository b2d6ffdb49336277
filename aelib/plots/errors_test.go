package plots

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

func TestBadInput(t *testing.T) {
	nan := math.NaN()
	img := make([]float32, 4) // one 2×2 image
	tests := []struct {
		name    string
		build   func() (*Figure, error)
		wantErr string
	}{
		{"ImageGrid no rows", func() (*Figure, error) { return ImageGrid(nil, nil, 2, 2, 1) }, "no rows"},
		{"ImageGrid bad size", func() (*Figure, error) { return ImageGrid([][]float32{img}, nil, 0, 2, 1) }, "must be positive"},
		{"ImageGrid bad perRow", func() (*Figure, error) { return ImageGrid([][]float32{img}, nil, 2, 2, 0) }, "perRow"},
		{"ImageGrid partial image", func() (*Figure, error) { return ImageGrid([][]float32{img[:3]}, nil, 2, 2, 1) }, "not a positive multiple"},
		{"ImageGrid empty row", func() (*Figure, error) { return ImageGrid([][]float32{img, {}}, nil, 2, 2, 1) }, "row 1"},
		{"ImageGrid labels mismatch", func() (*Figure, error) { return ImageGrid([][]float32{img}, []string{"a", "b"}, 2, 2, 1) }, "row labels"},
		{"ImageGrid NaN", func() (*Figure, error) {
			return ImageGrid([][]float32{{0, float32(nan), 0, 0}}, nil, 2, 2, 1)
		}, "not finite"},
		{"LossCurves no series", func() (*Figure, error) { return LossCurves(nil, "t") }, "no series"},
		{"LossCurves empty series", func() (*Figure, error) { return LossCurves([]Series{{Name: "a"}}, "t") }, "no points"},
		{"LossCurves length mismatch", func() (*Figure, error) {
			return LossCurves([]Series{{X: []float64{1, 2}, Y: []float64{1}}}, "t")
		}, "len(X) = 2 but len(Y) = 1"},
		{"LossCurves NaN", func() (*Figure, error) { return LossCurves([]Series{{Y: []float64{1, nan}}}, "t") }, "Y[1]"},
		{"LossCurves Inf X", func() (*Figure, error) {
			return LossCurves([]Series{{X: []float64{math.Inf(1)}, Y: []float64{1}}}, "t")
		}, "X[0]"},
		{"LossCurves log of zero", func() (*Figure, error) { return LossCurves([]Series{{Y: []float64{1, 0}}}, "t", LogY()) }, "positive"},
		{"ErrorVsCodeSize missing X", func() (*Figure, error) { return ErrorVsCodeSize([]Series{{Y: []float64{1}}}, "MSE") }, "len(X) = 0"},
		{"ErrorVsCodeSize zero code size", func() (*Figure, error) {
			return ErrorVsCodeSize([]Series{{X: []float64{0, 2}, Y: []float64{1, 2}}}, "MSE")
		}, "positive"},
		{"CodeScatter empty", func() (*Figure, error) { return CodeScatter(nil, nil, "t") }, "no codes"},
		{"CodeScatter odd", func() (*Figure, error) { return CodeScatter([]float32{1, 2, 3}, []uint8{0}, "t") }, "odd"},
		{"CodeScatter labels mismatch", func() (*Figure, error) { return CodeScatter([]float32{1, 2}, []uint8{0, 1}, "t") }, "2 labels for 1 points"},
		{"CodeScatter label 10", func() (*Figure, error) { return CodeScatter([]float32{1, 2}, []uint8{10}, "t") }, "outside 0–9"},
		{"CodeScatter NaN", func() (*Figure, error) { return CodeScatter([]float32{1, float32(nan)}, []uint8{1}, "t") }, "codes[1]"},
		{"Heatmap shape", func() (*Figure, error) { return Heatmap(make([]float32, 5), 2, 3, "t", "x", "y") }, "rows×cols = 6"},
		{"Heatmap zero rows", func() (*Figure, error) { return Heatmap(nil, 0, 3, "t", "x", "y") }, "must be positive"},
		{"Heatmap NaN", func() (*Figure, error) { return Heatmap([]float32{float32(nan)}, 1, 1, "t", "x", "y") }, "not finite"},
		{"Heatmap row labels", func() (*Figure, error) {
			return Heatmap(make([]float32, 6), 2, 3, "t", "x", "y", RowLabels("a"))
		}, "1 row labels for 2 rows"},
		{"Heatmap col labels", func() (*Figure, error) {
			return Heatmap(make([]float32, 6), 2, 3, "t", "x", "y", ColLabels("a"))
		}, "1 column labels for 3 columns"},
		{"Histogram empty", func() (*Figure, error) { return Histogram(nil, 10, "t", "x") }, "no values"},
		{"Histogram bins", func() (*Figure, error) { return Histogram([]float64{1}, 0, "t", "x") }, "bins = 0"},
		{"Histogram NaN", func() (*Figure, error) { return Histogram([]float64{1, nan}, 3, "t", "x") }, "not finite"},
		{"Histograms none", func() (*Figure, error) { return Histograms(nil, 3, "t", "x") }, "no groups"},
		{"Histograms empty group", func() (*Figure, error) {
			return Histograms([]Group{{Name: "a", Values: []float64{1}}, {Name: "b"}}, 3, "t", "x")
		}, `group 1 ("b") has no values`},
		{"Bars empty", func() (*Figure, error) { return Bars(nil, nil, "t", "y") }, "no values"},
		{"Bars mismatch", func() (*Figure, error) { return Bars([]string{"a"}, []float64{1, 2}, "t", "y") }, "1 labels for 2 values"},
		{"Bars Inf", func() (*Figure, error) { return Bars([]string{"a"}, []float64{math.Inf(-1)}, "t", "y") }, "not finite"},
		{"Grid no figures", func() (*Figure, error) { return Grid(2) }, "no figures"},
		{"Grid bad cols", func() (*Figure, error) { return Grid(0, &Figure{}) }, "cols = 0"},
		{"Grid nil figure", func() (*Figure, error) { return Side(nil) }, "nil figure"},
		{"NewFigure nil", func() (*Figure, error) { return NewFigure(nil) }, "nil plot"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fig, err := tc.build()
			if err == nil {
				t.Fatalf("got figure %v, want error containing %q", fig, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %q does not contain %q", err, tc.wantErr)
			}
			if !strings.HasPrefix(err.Error(), "plots: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	good, err := Bars([]string{"a"}, []float64{1}, "t", "y")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		fig     *Figure
		wantErr string
	}{
		{"nil figure", nil, "nil figure"},
		{"zero value", &Figure{Width: 10, Height: 10}, "nothing to draw"},
		{"zero size", (&Figure{content: good.content}).WithSize(0, 10), "must be positive"},
		{"NaN size", (&Figure{content: good.content}).WithSize(vg.Length(math.NaN()), 10), "must be positive"},
		{"negative DPI", (&Figure{content: good.content, Width: 10, Height: 10}).WithDPI(-1), "negative"},
		{"huge", (&Figure{content: good.content}).WithSize(1000*vg.Inch, 10), "pixel limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.fig.PNG(); err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("PNG() error = %v, want %q", err, tc.wantErr)
			}
			if _, err := tc.fig.SVG(); err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("SVG() error = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestPanicBecomesError(t *testing.T) {
	fig := newDrawFigure(func(c draw.Canvas) { panic("boom") }, 10, 10)
	if _, err := fig.PNG(); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("PNG() error = %v, want the panic as error", err)
	}
}

func TestSave(t *testing.T) {
	fig, err := Histogram([]float64{1, 2, 2, 3}, 3, "t", "x")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tests := []struct {
		file    string
		prefix  string
		wantErr string
	}{
		{"a.png", "\x89PNG", ""},
		{"b.SVG", "<?xml", ""},
		{"c.jpg", "", "unsupported extension"},
		{"noext", "", "unsupported extension"},
		{"new/dir/d.png", "\x89PNG", ""}, // folders are created
		{"a.png/e.png", "", "not a directory"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			err := fig.Save(path)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Save error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(data), tc.prefix) {
				t.Errorf("file starts with %q, want %q", data[:min(len(data), 8)], tc.prefix)
			}
		})
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 {
		t.Errorf("directory holds %d entries, want 3: a.png, b.SVG, new/ (no temporary files left)", len(entries))
	}
}

func TestSizeAndTitle(t *testing.T) {
	fig, err := ImageGrid([][]float32{make([]float32, 28*28*3)}, []string{"x"}, 28, 28, 10)
	if err != nil {
		t.Fatal(err)
	}
	h0 := fig.Height
	fig.WithTitle("hello")
	if fig.Height <= h0 {
		t.Errorf("WithTitle did not grow the figure: %v -> %v", h0, fig.Height)
	}
	fig.WithTitle("")
	if math.Abs(float64(fig.Height-h0)) > 1e-9 {
		t.Errorf("removing the title left height %v, want %v", fig.Height, h0)
	}
	fig.WithSize(3*vg.Inch, 2*vg.Inch).WithDPI(100)
	if w, h := fig.PixelSize(); w != 300 || h != 200 {
		t.Errorf("PixelSize() = %d, %d, want 300, 200", w, h)
	}
	checkPNG(t, fig)
}

func TestPlotAccessor(t *testing.T) {
	p := plot.New()
	fig, err := NewFigure(p)
	if err != nil {
		t.Fatal(err)
	}
	if fig.Plot() != p {
		t.Errorf("Plot() does not return the wrapped plot")
	}
	grid, err := ImageGrid([][]float32{make([]float32, 4)}, nil, 2, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if grid.Plot() != nil {
		t.Errorf("image grid Plot() = %v, want nil", grid.Plot())
	}
	checkPNG(t, fig)
}

func TestDegenerateData(t *testing.T) {
	tests := []struct {
		name  string
		build func() (*Figure, error)
	}{
		{"one point", func() (*Figure, error) { return LossCurves([]Series{{Y: []float64{0.5}}}, "") }},
		{"long series", func() (*Figure, error) {
			return LossCurves([]Series{{Name: "per batch", Y: make([]float64, 5000)}}, "")
		}},
		{"one point log", func() (*Figure, error) { return LossCurves([]Series{{Y: []float64{0.5}}}, "", LogY()) }},
		{"flat log", func() (*Figure, error) { return LossCurves([]Series{{Y: []float64{2, 2, 2}}}, "", LogY()) }},
		{"narrow log", func() (*Figure, error) {
			return LossCurves([]Series{{Y: []float64{0.1230, 0.1231, 0.1232}}}, "", LogY())
		}},
		{"one code size", func() (*Figure, error) {
			return ErrorVsCodeSize([]Series{{X: []float64{32}, Y: []float64{0.01}}}, "")
		}},
		{"constant heatmap", func() (*Figure, error) { return Heatmap([]float32{1, 1, 1, 1}, 2, 2, "", "", "") }},
		{"1x1 heatmap", func() (*Figure, error) { return Heatmap([]float32{-3}, 1, 1, "", "", "") }},
		{"constant histogram", func() (*Figure, error) { return Histogram([]float64{3, 3, 3}, 5, "", "") }},
		{"log histogram", func() (*Figure, error) { return Histogram([]float64{1, 2, 2, 2, 2, 9}, 4, "", "", LogY()) }},
		{"single bar zero", func() (*Figure, error) { return Bars([]string{""}, []float64{0}, "", "") }},
		{"scatter one point", func() (*Figure, error) { return CodeScatter([]float32{1, 1}, []uint8{9}, "") }},
		{"images out of range", func() (*Figure, error) {
			return ImageGrid([][]float32{{-1, 2, 0.5, 1}}, []string{""}, 2, 2, 5)
		}},
		{"non-square images", func() (*Figure, error) {
			return ImageGrid([][]float32{make([]float32, 3*5*2)}, nil, 3, 5, 2)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fig, err := tc.build()
			if err != nil {
				t.Fatal(err)
			}
			checkPNG(t, fig)
			checkSVG(t, fig)
		})
	}
}
