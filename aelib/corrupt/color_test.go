package corrupt

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestPalette(t *testing.T) {
	for _, tc := range []struct {
		label int
		want  [3]float32
	}{
		{0, [3]float32{0.9, 0, 0}},    // hue 0°: red
		{1, [3]float32{0.9, 0.54, 0}}, // 36°: X = 0.9·(1 − |0.6 − 1|) = 0.54
		{5, [3]float32{0, 0.9, 0.9}},  // 180°: cyan
		{9, [3]float32{0.9, 0, 0.54}}, // 324°: X = 0.9·(1 − |5.4 mod 2 − 1|) = 0.54
	} {
		if got := ClassColor(tc.label); !close32(got[:], tc.want[:], 1e-6) {
			t.Errorf("ClassColor(%d) = %v, want %v", tc.label, got, tc.want)
		}
	}
	// Well separated: 36° of hue between any two classes, and at least 0.39 in RGB (the
	// nearest pairs, as orange (0.9, 0.54, 0) and yellow-green (0.72, 0.9, 0), are 0.40 apart).
	for a := range Classes {
		ca := ClassColor(a)
		for k, v := range ca {
			if v < 0 || v*(1+colorJitter) >= 1 {
				t.Errorf("ClassColor(%d)[%d] = %v: jittered by +10%% it would clip", a, k, v)
			}
		}
		ha, _ := Hue(ca)
		if math.Abs(ha-36*float64(a)) > 1e-4 {
			t.Errorf("hue of class %d = %v°, want %v°", a, ha, 36*a)
		}
		for b := a + 1; b < Classes; b++ {
			cb := ClassColor(b)
			hb, _ := Hue(cb)
			dh := math.Abs(ha - hb)
			dh = min(dh, 360-dh)
			rgb := math.Sqrt(float64((ca[0]-cb[0])*(ca[0]-cb[0]) + (ca[1]-cb[1])*(ca[1]-cb[1]) + (ca[2]-cb[2])*(ca[2]-cb[2])))
			if dh < 36-1e-4 || rgb < 0.39 {
				t.Errorf("classes %d and %d: %.1f° and %.2f apart in RGB; want ≥ 36° and ≥ 0.39", a, b, dh, rgb)
			}
		}
		// The nearest hue ignores brightness and added grey.
		for _, c := range [][3]float32{ca, {0.5 * ca[0], 0.5 * ca[1], 0.5 * ca[2]}, {0.7*ca[0] + 0.2, 0.7*ca[1] + 0.2, 0.7*ca[2] + 0.2}} {
			if got := NearestClassColor(c); got != a {
				t.Errorf("NearestClassColor(%v) = %d, want %d", c, got, a)
			}
		}
	}
	for _, bad := range []int{-1, Classes} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(r.(string), "not a digit 0–9") {
					t.Errorf("ClassColor(%d): panic %v, want one saying it is not a digit", bad, r)
				}
			}()
			ClassColor(bad)
		}()
	}
}

func TestHue(t *testing.T) {
	for _, tc := range []struct {
		rgb [3]float32
		deg float64
		ok  bool
	}{
		{[3]float32{1, 0, 0}, 0, true},
		{[3]float32{1, 1, 0}, 60, true},
		{[3]float32{0, 0.5, 0}, 120, true},
		{[3]float32{0, 1, 1}, 180, true},
		{[3]float32{0, 0, 1}, 240, true},
		{[3]float32{1, 0, 1}, 300, true},
		{[3]float32{1, 0, 0.5}, 330, true},
		{[3]float32{0.6, 0.4, 0.4}, 0, true},
		{[3]float32{0.3, 0.3, 0.3}, 0, false},
	} {
		deg, ok := Hue(tc.rgb)
		if ok != tc.ok || math.Abs(deg-tc.deg) > 1e-4 {
			t.Errorf("Hue(%v) = %v, %v; want %v, %v", tc.rgb, deg, ok, tc.deg, tc.ok)
		}
	}
	if got := NearestClassColor([3]float32{0.5, 0.5, 0.5}); got != -1 {
		t.Errorf("NearestClassColor(grey) = %d, want -1", got)
	}
	if got := NearestClassColor([3]float32{1, 0, 0.1}); got != 0 {
		t.Errorf("NearestClassColor of hue 354° = %d, want 0 (red, 6° away across 360°)", got)
	}
}

func TestGray(t *testing.T) {
	got := Gray([]float32{1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 0.5, 0.5, 0.5})
	want := []float32{0.299, 0.587, 0.114, 1, 0.5}
	if !close32(got, want, 1e-6) {
		t.Errorf("Gray = %v, want %v", got, want)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "not whole RGB pixels") {
			t.Errorf("Gray of 4 values: panic %v, want one about whole RGB pixels", r)
		}
	}()
	Gray(make([]float32, 4))
}

// TestColorizeExact: a 3×1 image 0, ½, 1 of class 0: the background, half background
// half stroke, and the stroke colour j·(0.9, 0, 0) with j ∈ [0.9, 1.1).
func TestColorizeExact(t *testing.T) {
	bg := BackgroundColor()
	if bg != [3]float32{0.10, 0.08, 0.16} {
		t.Errorf("BackgroundColor() = %v", bg)
	}
	for seed := range uint64(5) {
		got, err := Colorize([]float32{0, 0.5, 1}, []uint8{0}, 3, 1, seed)
		if err != nil {
			t.Fatal(err)
		}
		j := got[6] / 0.9
		if j < 0.9-1e-6 || j >= 1.1 {
			t.Fatalf("seed %d: brightness jitter %v, want one in [0.9, 1.1)", seed, j)
		}
		want := []float32{
			bg[0], bg[1], bg[2],
			0.5*bg[0] + 0.5*j*0.9, 0.5 * bg[1], 0.5 * bg[2],
			j * 0.9, 0, 0,
		}
		if !close32(got, want, 1e-6) {
			t.Errorf("seed %d: Colorize = %v, want %v", seed, got, want)
		}
	}
}

// strokeDigits returns n 28×28 gray images with soft edges: random strokes blurred by a
// 3×3 box, so the gray values take many levels between 0 and 1 as MNIST's do.
func strokeDigits(t *testing.T, n int, seed uint64) []float32 {
	t.Helper()
	s, err := RandomStrokes(n, 28, 28, 2, seed)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float32, len(s))
	for i := range n {
		for y := range 28 {
			for x := range 28 {
				var sum float32
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						if xx, yy := x+dx, y+dy; xx >= 0 && yy >= 0 && xx < 28 && yy < 28 {
							sum += s[i*784+yy*28+xx]
						}
					}
				}
				out[i*784+y*28+x] = sum / 9
			}
		}
	}
	return out
}

// TestColorize: the colour follows the label (HueClass gives it back on every image), the
// jitter makes images of one class differ a little, the seed fixes everything, and the
// values stay in [0,1].
func TestColorize(t *testing.T) {
	const n = 200
	x := strokeDigits(t, n, 4)
	labels := make([]uint8, n)
	for i := range labels {
		labels[i] = uint8((i * 7) % Classes)
	}
	rgb, err := Colorize(x, labels, 28, 28, 11)
	if err != nil {
		t.Fatal(err)
	}
	if len(rgb) != 3*len(x) {
		t.Fatalf("Colorize gave %d values, want %d", len(rgb), 3*len(x))
	}
	for _, v := range rgb {
		if v < 0 || v > 1 {
			t.Fatalf("colour value %v outside [0,1]", v)
		}
	}
	jitters := map[float32]bool{}
	for i := range n {
		img, g := rgb[i*3*784:(i+1)*3*784], x[i*784:(i+1)*784]
		if got := HueClass(img, g); got != int(labels[i]) {
			t.Errorf("image %d: HueClass = %d, want its label %d", i, got, labels[i])
		}
		// The brightness of the ink: the fitted colour's largest channel over 0.9.
		c := ClassColor(int(labels[i]))
		var num, den float64
		k := 0
		for ch := range 3 {
			if c[ch] > c[k] {
				k = ch
			}
		}
		for p, gv := range g {
			num += float64(gv) * (float64(img[3*p+k]) - (1-float64(gv))*float64(background[k]))
			den += float64(gv) * float64(gv)
		}
		j := num / den / 0.9
		if j < 0.9-1e-4 || j > 1.1+1e-4 {
			t.Errorf("image %d: stroke brightness ×%.3f, want within ±10%%", i, j)
		}
		jitters[float32(math.Round(j*1000))] = true
	}
	if len(jitters) < n/4 {
		t.Errorf("only %d distinct stroke brightnesses over %d images; want a jitter", len(jitters), n)
	}
	again, _ := Colorize(x, labels, 28, 28, 11)
	other, _ := Colorize(x, labels, 28, 28, 12)
	first, _ := Colorize(x[:3*784], labels[:3], 28, 28, 11)
	if !slices.Equal(rgb, again) || slices.Equal(rgb, other) {
		t.Error("want the same colours for a seed and other jitter for another")
	}
	if !slices.Equal(first, rgb[:3*3*784]) {
		t.Error("the first 3 images alone got other colours than in the batch")
	}
	// Luma of the colouring is a monotone function of the gray within an image.
	g0 := Gray(rgb[:3*784])
	for p := range 784 {
		for q := range 784 {
			if x[p] < x[q] && g0[p] > g0[q]+1e-6 {
				t.Fatalf("pixels %d and %d: gray %v < %v but luma %v > %v", p, q, x[p], x[q], g0[p], g0[q])
			}
		}
	}
}

func TestHueClassEdges(t *testing.T) {
	if got := HueClass(make([]float32, 12), make([]float32, 4)); got != -1 {
		t.Errorf("HueClass of an image without ink = %d, want -1", got)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "3 RGB values per gray pixel") {
			t.Errorf("HueClass with mismatched lengths: panic %v", r)
		}
	}()
	HueClass(make([]float32, 10), make([]float32, 4))
}

func TestColorizeErrors(t *testing.T) {
	x := make([]float32, 2*784)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"too few labels", second(Colorize(x, []uint8{1}, 28, 28, 1)), "1 labels for 2 images; pass one label per image"},
		{"label 10", second(Colorize(x, []uint8{1, 10}, 28, 28, 1)), "label 10 of image 1 is not a digit 0–9"},
		{"ragged", second(Colorize(x[:1000], []uint8{1}, 28, 28, 1)), "1000 values are not a whole number of 28×28 images"},
		{"no images", second(Colorize(nil, nil, 28, 28, 1)), "no images"},
	}
	for _, tt := range tests {
		if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one containing %q", tt.name, tt.err, tt.want)
		}
	}
}

// TestGrayscaleNoise: the grayscale kind replaces each RGB triple by its luma, three
// times, and refuses values that are not triples.
func TestGrayscaleNoise(t *testing.T) {
	rgb := []float32{1, 0, 0, 0, 1, 0.5}
	got, err := Noise{Kind: Grayscale}.Apply(rgb, 9)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{0.299, 0.299, 0.299, 0.644, 0.644, 0.644}
	for i := range want {
		if math.Abs(float64(got[i]-want[i])) > 1e-6 {
			t.Fatalf("Apply = %v, want %v", got, want)
		}
	}
	if _, err := (Noise{Kind: Grayscale}).Apply(rgb[:5], 9); err == nil {
		t.Error("5 values: no error")
	}
	if s := (Noise{Kind: Grayscale}).String(); s != "grayscale" {
		t.Errorf("String() = %q", s)
	}
}
