package corrupt

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestMarkBitmaps pins the shapes down cell by cell.
func TestMarkBitmaps(t *testing.T) {
	want := map[string][]string{
		MarkText: {
			".#..###",
			"#.#.#..",
			"###.##.",
			"#.#.#..",
			"#.#.###",
		},
		MarkLogo: {
			"..###..",
			".#...#.",
			"#.....#",
			"#.....#",
			"#.....#",
			".#...#.",
			"..###..",
		},
	}
	if !slices.Equal(MarkNames(), []string{MarkText, MarkLogo}) {
		t.Errorf("MarkNames() = %v", MarkNames())
	}
	for _, shape := range MarkNames() {
		if !slices.Equal(markBitmaps[shape], want[shape]) {
			t.Errorf("%s mark:\n%s\nwant\n%s", shape, strings.Join(markBitmaps[shape], "\n"), strings.Join(want[shape], "\n"))
		}
	}
	for _, tc := range []struct {
		shape  string
		w, h   int
		mw, mh int
	}{
		{MarkText, 28, 28, 14, 10},
		{MarkLogo, 28, 28, 14, 14},
		{MarkText, 7, 5, 7, 5},
		{MarkLogo, 100, 42, 21, 21},
	} {
		mw, mh, err := MarkSize(tc.shape, tc.w, tc.h)
		if err != nil || mw != tc.mw || mh != tc.mh {
			t.Errorf("MarkSize(%s, %d, %d) = %d, %d, %v; want %d, %d", tc.shape, tc.w, tc.h, mw, mh, err, tc.mw, tc.mh)
		}
	}
}

// TestWatermarksExact: a 7×5 image has room for the text mark at one place only, so the
// result is the bitmap itself: 0.5 becomes (1−α)·0.5 + α = 0.5 + α/2 under the ink, with
// one α ∈ [Opacity/2, Opacity) for the whole mark, and stays 0.5 elsewhere.
func TestWatermarksExact(t *testing.T) {
	x := []float32{
		0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
		0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
		0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
		0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
		0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
	}
	for seed := range uint64(5) {
		got, err := Watermarks(x, 7, 5, Mark{Shape: MarkText, Opacity: 0.8}, seed)
		if err != nil {
			t.Fatal(err)
		}
		alpha := 2 * (got[1] - 0.5) // cell (1,0) is inked
		if alpha < 0.4 || alpha >= 0.8 {
			t.Fatalf("seed %d: opacity %v, want one in [0.4, 0.8)", seed, alpha)
		}
		for p, v := range got {
			want := float32(0.5)
			if markBitmaps[MarkText][p/7][p%7] == '#' {
				want = 0.5*(1-alpha) + alpha
			}
			if math.Abs(float64(v-want)) > 1e-6 {
				t.Fatalf("seed %d: pixel (%d,%d) = %v, want %v", seed, p%7, p/7, v, want)
			}
		}
	}
	if x[1] != 0.5 {
		t.Error("Watermarks changed its input")
	}
}

// TestWatermarks: on black 28×28 images every image carries the whole mark (2×2-pixel
// cells), in one opacity from the documented range, at a place inside the image that
// changes from image to image; the draws are fixed by the seed and by the image's index.
func TestWatermarks(t *testing.T) {
	const n, opacity = 64, 0.6
	black := make([]float32, n*784)
	for _, shape := range MarkNames() {
		mark := Mark{Shape: shape, Opacity: opacity}
		got, err := Watermarks(black, 28, 28, mark, 3)
		if err != nil {
			t.Fatal(err)
		}
		bm := markBitmaps[shape]
		places, alphas := map[[2]int]bool{}, map[float32]bool{}
		for i := range n {
			img := got[i*784 : (i+1)*784]
			// The bounding box of the lit pixels is the mark's box: both shapes ink their
			// first and last rows and columns.
			x0, y0, x1, y1 := 28, 28, -1, -1
			var alpha float32
			for p, v := range img {
				if v == 0 {
					continue
				}
				if alpha == 0 {
					alpha = v
				}
				if v != alpha {
					t.Fatalf("%s image %d: lit pixels %v and %v, want one opacity", shape, i, alpha, v)
				}
				x0, y0, x1, y1 = min(x0, p%28), min(y0, p/28), max(x1, p%28), max(y1, p/28)
			}
			if alpha < opacity/2 || alpha >= opacity {
				t.Errorf("%s image %d: opacity %v, want one in [%v, %v)", shape, i, alpha, opacity/2, opacity)
			}
			if x1-x0+1 != 2*len(bm[0]) || y1-y0+1 != 2*len(bm) {
				t.Fatalf("%s image %d: the mark spans %d×%d pixels, want %d×%d", shape, i, x1-x0+1, y1-y0+1, 2*len(bm[0]), 2*len(bm))
			}
			for y := y0; y <= y1; y++ {
				for x := x0; x <= x1; x++ {
					inked := bm[(y-y0)/2][(x-x0)/2] == '#'
					if lit := img[y*28+x] != 0; lit != inked {
						t.Fatalf("%s image %d: pixel (%d,%d) lit %v, want %v", shape, i, x, y, lit, inked)
					}
				}
			}
			places[[2]int{x0, y0}], alphas[alpha] = true, true
		}
		if len(places) < n/2 || len(alphas) < n/2 {
			t.Errorf("%s: %d places and %d opacities over %d images; want them to vary", shape, len(places), len(alphas), n)
		}
		again, _ := Watermarks(black, 28, 28, mark, 3)
		other, _ := Watermarks(black, 28, 28, mark, 4)
		first, _ := Watermarks(black[:5*784], 28, 28, mark, 3)
		if !slices.Equal(got, again) || slices.Equal(got, other) {
			t.Errorf("%s: want the same marks for a seed and other marks for another", shape)
		}
		if !slices.Equal(first, got[:5*784]) {
			t.Errorf("%s: the first 5 images alone got other marks than in the batch of %d", shape, n)
		}
	}
}

// TestWatermarksBounds: the overlay keeps pixels in [0,1] and never darkens one, with any
// input in [0,1] and at full opacity.
func TestWatermarksBounds(t *testing.T) {
	x, _ := UniformNoise(20, 28, 28, 9)
	x[0], x[1] = 1, 0
	for _, shape := range MarkNames() {
		got, err := Watermarks(x, 28, 28, Mark{Shape: shape, Opacity: 1}, 1)
		if err != nil {
			t.Fatal(err)
		}
		for p, v := range got {
			if v < x[p]-1e-6 || v > 1 {
				t.Fatalf("%s: pixel %d went from %v to %v; want a brightening within [0,1]", shape, p, x[p], v)
			}
		}
	}
}

func TestWatermarksErrors(t *testing.T) {
	x := make([]float32, 784)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"unknown shape", second(Watermarks(x, 28, 28, Mark{Shape: "star", Opacity: 0.5}, 1)), `unknown shape "star" (want "text" or "logo")`},
		{"zero opacity", second(Watermarks(x, 28, 28, Mark{Shape: MarkText}, 1)), "opacity must be in (0,1], got 0"},
		{"opacity above 1", second(Watermarks(x, 28, 28, Mark{Shape: MarkLogo, Opacity: 2}, 1)), "opacity must be in (0,1]"},
		{"NaN opacity", second(Watermarks(x, 28, 28, Mark{Shape: MarkLogo, Opacity: math.NaN()}, 1)), "opacity must be in (0,1]"},
		{"ragged", second(Watermarks(x[:100], 28, 28, Mark{Shape: MarkText, Opacity: 0.5}, 1)), "100 values are not a whole number of 28×28 images"},
		{"too small", second(Watermarks(make([]float32, 36), 6, 6, Mark{Shape: MarkLogo, Opacity: 0.5}, 1)), "the logo mark is 7×7 pixels and does not fit a 6×6 image; use images of at least 7×7"},
		{"too low", second(Watermarks(make([]float32, 28), 7, 4, Mark{Shape: MarkText, Opacity: 0.5}, 1)), "does not fit a 7×4 image"},
	}
	for _, tt := range tests {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one containing %q", tt.name, tt.err, tt.want)
		}
	}
	if _, _, err := MarkSize("star", 28, 28); err == nil {
		t.Error("MarkSize of an unknown shape: no error")
	}
}
