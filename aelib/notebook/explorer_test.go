package notebook

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"strings"
	"testing"
)

// unitDecoder decodes a code of k units to a w×h image whose pixel p is code[p mod k]:
// the images show the code, so tests can read it back.
type unitDecoder struct {
	k, pixels int
	calls     int
	fail      error
}

func (d *unitDecoder) Decode(codes []float32) ([]float32, error) {
	d.calls++
	if d.fail != nil {
		return nil, d.fail
	}
	n := len(codes) / d.k
	out := make([]float32, 0, n*d.pixels)
	for i := range n {
		for p := range d.pixels {
			out = append(out, codes[i*d.k+p%d.k])
		}
	}
	return out, nil
}

func TestDecodePNG(t *testing.T) {
	dec := &unitDecoder{k: 2, pixels: 4}
	data, err := DecodePNG(dec, []float32{0, 1}, 2, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b != image.Rect(0, 0, 6, 6) {
		t.Fatalf("bounds %v, want 6×6 (2×2 pixels at scale 3)", b)
	}
	// Pixel p is code[p mod 2]: columns alternate black (0) and white (1), 3 px wide.
	for _, tc := range []struct{ x, y, want int }{{0, 0, 0}, {2, 5, 0}, {3, 0, 255}, {5, 5, 255}} {
		g, _, _, _ := img.At(tc.x, tc.y).RGBA()
		if int(g>>8) != tc.want {
			t.Errorf("pixel (%d,%d) = %d, want %d", tc.x, tc.y, g>>8, tc.want)
		}
	}
	// Out-of-range values are clipped.
	data, err = DecodePNG(dec, []float32{-3, 7}, 2, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	img, _ = png.Decode(bytes.NewReader(data))
	if g, _, _, _ := img.At(1, 0).RGBA(); g>>8 != 255 {
		t.Errorf("value 7 drawn as %d, want 255", g>>8)
	}

	for _, tc := range []struct {
		name    string
		dec     Decoder
		code    []float32
		w, h, s int
		wantErr string
	}{
		{"wrong image size", &unitDecoder{k: 2, pixels: 4}, []float32{0, 1}, 28, 28, 1, "set Width and Height"},
		{"decoder error", &unitDecoder{k: 2, pixels: 4, fail: errors.New("boom")}, []float32{0, 1}, 2, 2, 1, "decoding: boom"},
		{"no model", nil, []float32{0, 1}, 2, 2, 1, "nil decoder"},
		{"bad scale", &unitDecoder{k: 2, pixels: 4}, []float32{0, 1}, 2, 2, 0, "must be positive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := DecodePNG(tc.dec, tc.code, tc.w, tc.h, tc.s); err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestGridCodes(t *testing.T) {
	base := []float32{5, 5, 5}
	t.Run("two axes span a plane", func(t *testing.T) {
		codes, rows, cols, labels, err := GridCodes(ExplorerOptions{Base: base, GridSteps: 3,
			Axes: []LatentAxis{{Unit: 0, Min: -1, Max: 1}, {Unit: 2, Min: 0, Max: 4}}})
		if err != nil {
			t.Fatal(err)
		}
		if rows != 3 || cols != 3 || len(codes) != 9*3 {
			t.Fatalf("shape %d×%d, %d values", rows, cols, len(codes))
		}
		at := func(r, c int) []float32 { return codes[(r*cols+c)*3 : (r*cols+c+1)*3] }
		// Top left: x at Min, y at Max; bottom right: x at Max, y at Min; unit 1 stays.
		for _, tc := range []struct {
			r, c int
			want []float32
		}{{0, 0, []float32{-1, 5, 4}}, {2, 2, []float32{1, 5, 0}}, {1, 1, []float32{0, 5, 2}}} {
			if got := at(tc.r, tc.c); !equal(got, tc.want) {
				t.Errorf("code (%d,%d) = %v, want %v", tc.r, tc.c, got, tc.want)
			}
		}
		if strings.Join(labels, ",") != "z2=+4.00,z2=+2.00,z2=+0.00" {
			t.Errorf("labels = %q", labels)
		}
	})
	t.Run("other counts: one row per unit", func(t *testing.T) {
		codes, rows, cols, labels, err := GridCodes(ExplorerOptions{Base: base, GridSteps: 2,
			Axes: []LatentAxis{{Unit: 0, Min: 0, Max: 1}, {Unit: 1, Min: 2, Max: 3}, {Unit: 2, Min: -1, Max: 0}}})
		if err != nil {
			t.Fatal(err)
		}
		want := []float32{0, 5, 5, 1, 5, 5, 5, 2, 5, 5, 3, 5, 5, 5, -1, 5, 5, 0}
		if rows != 3 || cols != 2 || !equal(codes, want) {
			t.Errorf("GridCodes = %v (%d×%d), want %v (3×2)", codes, rows, cols, want)
		}
		if strings.Join(labels, ",") != "unit 0,unit 1,unit 2" {
			t.Errorf("labels = %q", labels)
		}
	})
	for _, tc := range []struct {
		name    string
		opts    ExplorerOptions
		wantErr string
	}{
		{"no base", ExplorerOptions{Axes: []LatentAxis{{0, 0, 1}}}, "Base is empty"},
		{"no axes", ExplorerOptions{Base: base}, "no Axes"},
		{"unit outside", ExplorerOptions{Base: base, Axes: []LatentAxis{{3, 0, 1}}}, "unit 3 is outside the code (units 0–2)"},
		{"unit twice", ExplorerOptions{Base: base, Axes: []LatentAxis{{1, 0, 1}, {1, 0, 2}}}, "named twice"},
		{"empty range", ExplorerOptions{Base: base, Axes: []LatentAxis{{1, 1, 1}}}, "need Min < Max"},
		{"one step", ExplorerOptions{Base: base, Axes: []LatentAxis{{1, 0, 1}}, GridSteps: 1}, "at least 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, _, _, err := GridCodes(tc.opts); err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func equal(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAxesFromCodes(t *testing.T) {
	// Unit 0 is dead, unit 1 spans 0–10, unit 2 spans 0–1, unit 3 spans 0–5.
	var codes []float32
	for i := range 101 {
		f := float32(i) / 100
		codes = append(codes, 0, 10*f, f, 5*f)
	}
	axes, err := AxesFromCodes(codes, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(axes) != 2 || axes[0].Unit != 1 || axes[1].Unit != 3 {
		t.Fatalf("axes = %+v, want units 1 and 3 (the widest)", axes)
	}
	if d := axes[0].Min - 0.2; d > 1e-6 || d < -1e-6 || axes[0].Max < 9.79 || axes[0].Max > 9.81 {
		t.Errorf("unit 1 range [%g, %g], want its 2nd–98th percentile [0.2, 9.8]", axes[0].Min, axes[0].Max)
	}
	if _, err := AxesFromCodes(codes, 4, 4); err == nil || !strings.Contains(err.Error(), "only 3 of 4 units vary") {
		t.Errorf("dead unit asked for: error = %v", err)
	}
	if _, err := AxesFromCodes(codes[:5], 4, 1); err == nil {
		t.Errorf("ragged codes: no error")
	}
}

func TestLatentExplorer(t *testing.T) {
	opts := ExplorerOptions{Title: "move the units", Base: []float32{0.5, 0.5}, Width: 2, Height: 2, GridSteps: 3,
		Axes: []LatentAxis{{Unit: 0, Min: 0, Max: 1}, {Unit: 1, Min: 0, Max: 1}}}
	tests := []struct {
		name      string
		notebook  bool
		noWidgets bool
		opts      ExplorerOptions
		wantLive  bool
		wantCalls []string // kinds of front-end calls
		wantErr   string
	}{
		{name: "live notebook: grid, then sliders", notebook: true, opts: opts, wantLive: true, wantCalls: []string{"html", "png"}},
		{name: "headless run: grid only", notebook: true, noWidgets: true, opts: opts, wantCalls: []string{"html", "png"}},
		{name: "outside a notebook: nothing", opts: opts},
		{name: "bad options fail outside a notebook too", opts: ExplorerOptions{Base: opts.Base}, wantErr: "no Axes"},
		{name: "wrong image size", notebook: true, opts: ExplorerOptions{Base: opts.Base, Axes: opts.Axes}, wantErr: "set Width and Height"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := useFake(t, tc.notebook)
			if tc.noWidgets {
				t.Setenv(NoWidgetsEnv, "1")
			} else {
				t.Setenv(NoWidgetsEnv, "")
			}
			live := 0
			old := liveExplorer
			liveExplorer = func(Decoder, ExplorerOptions) (bool, error) { live++; return true, nil }
			t.Cleanup(func() { liveExplorer = old })

			err := LatentExplorer(&unitDecoder{k: 2, pixels: 4}, tc.opts)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, c := range f.calls {
				kinds = append(kinds, c.kind)
			}
			if strings.Join(kinds, ",") != strings.Join(tc.wantCalls, ",") {
				t.Errorf("front-end calls %q, want %q", kinds, tc.wantCalls)
			}
			if (live == 1) != tc.wantLive || live > 1 {
				t.Errorf("live explorer started %d times, want live=%v", live, tc.wantLive)
			}
			if len(f.calls) > 0 {
				caption := f.calls[0].data
				for _, want := range []string{"move the units", "unit 0 from +0.00 to +1.00 left to right", "unit 1 from +0.00 to +1.00 bottom to top"} {
					if !strings.Contains(caption, want) {
						t.Errorf("caption lacks %q: %s", want, caption)
					}
				}
				if _, err := png.Decode(strings.NewReader(f.calls[1].data)); err != nil {
					t.Errorf("grid is not a PNG: %v", err)
				}
			}
		})
	}
}
