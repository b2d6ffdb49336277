package plots

import "testing"

// TestColorImageGrid: a red 2×1 image and a blue one come out in their colours, and a
// batch that is not whole RGB images is refused.
func TestColorImageGrid(t *testing.T) {
	red := []float32{1, 0, 0, 1, 0, 0}
	blue := []float32{0, 0, 1, 0, 0, 1}
	g, err := newImageGrid([][]float32{red, blue}, nil, 2, 1, 3, 4)
	if err != nil {
		t.Fatal(err)
	}
	if g.cols != 1 || len(g.rows[0]) != 6 {
		t.Fatalf("grid %d columns, row of %d values", g.cols, len(g.rows[0]))
	}
	img := rgbImage(blue, 2, 1, 2)
	if r, gg, b, _ := img.At(3, 1).RGBA(); r != 0 || gg != 0 || b != 0xffff {
		t.Errorf("blue pixel is %v %v %v", r, gg, b)
	}
	if _, err := ColorImageGrid([][]float32{red[:5]}, nil, 2, 1, 4); err == nil {
		t.Error("5 values as 2×1 RGB images: no error")
	}
	fig, err := ColorImageGrid([][]float32{red, blue}, []string{"red", "blue"}, 2, 1, 4)
	if err != nil {
		t.Fatal(err)
	}
	if png, err := fig.PNG(); err != nil || len(png) == 0 {
		t.Errorf("PNG: %v", err)
	}
}

// TestErrorVsParameters: the x axis is logarithmic with ticks at powers of ten (not one
// tick per data point), and a non-positive parameter count is refused.
func TestErrorVsParameters(t *testing.T) {
	s := []Series{{Name: "PCA", X: []float64{2352, 25872, 101136}, Y: []float64{0.05, 0.017, 0.004}}}
	fig, err := ErrorVsParameters(s, "test MSE")
	if err != nil {
		t.Fatal(err)
	}
	p := fig.Plot()
	if _, ok := p.X.Tick.Marker.(logTicker); !ok || p.Title.Text != "test MSE vs trained parameters" {
		t.Errorf("x ticks %T, title %q", p.X.Tick.Marker, p.Title.Text)
	}
	if _, err := ErrorVsParameters([]Series{{Name: "x", X: []float64{0, 10}, Y: []float64{1, 2}}}, "MSE"); err == nil {
		t.Error("zero parameters on a log axis: no error")
	}
}
