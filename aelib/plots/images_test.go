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
