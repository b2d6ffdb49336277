package corrupt

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// Watermark shapes, the values of Mark.Shape.
const (
	// MarkText is the letters "AE" in a 3×5-pixel font of our own (a 1-cell gap between
	// the letters): 7×5 cells, 20 of them inked.
	MarkText = "text"
	// MarkLogo is a ring 7×7 cells across with a 1-cell stroke, 16 cells inked: a round
	// logo unlike the straight strokes of MarkText, to test a model trained on the text on
	// a watermark shape it never saw.
	MarkLogo = "logo"
)

// MarkNames lists the watermark shapes, MarkText first.
func MarkNames() []string { return []string{MarkText, MarkLogo} }

// Mark is a watermark for Watermarks: a shape (MarkText or MarkLogo) and the largest
// opacity it is stamped with, in (0,1]; each image draws its opacity from
// [Opacity/2, Opacity).
type Mark struct {
	Shape   string
	Opacity float64
}

// Validate reports an unknown shape or an opacity outside (0,1].
func (m Mark) Validate() error {
	if _, ok := markBitmaps[m.Shape]; !ok {
		return fmt.Errorf("watermark: unknown shape %q (want %q or %q)", m.Shape, MarkText, MarkLogo)
	}
	if !(m.Opacity > 0 && m.Opacity <= 1) {
		return fmt.Errorf("watermark: the opacity must be in (0,1], got %v", m.Opacity)
	}
	return nil
}

// MarkSize is the size in pixels of the mark shape on w×h images: the shape's cells
// scaled by s = max(1, ⌊min(w,h)/14⌋), so a 28×28 image gets 2×2-pixel cells (the text
// 14×10 pixels, the logo 14×14).
func MarkSize(shape string, w, h int) (mw, mh int, err error) {
	bm, ok := markBitmaps[shape]
	if !ok {
		return 0, 0, fmt.Errorf("watermark: unknown shape %q (want %q or %q)", shape, MarkText, MarkLogo)
	}
	s := markScale(w, h)
	return len(bm[0]) * s, len(bm) * s, nil
}

// Watermarks returns x with mark stamped on every w×h image at a random place and with a
// random opacity: the inputs of the tutorial's watermark-removal application.
//
// Image i draws, from its own generator seeded by (seed, i), first its opacity
// α = Opacity·(1+u)/2 with u uniform in [0,1), so α ∈ [Opacity/2, Opacity), then the
// top-left corner of the mark, uniform over the places that keep the whole mark inside
// the image (no clipping; see MarkSize for its size). Image i's mark therefore depends
// only on seed and i, not on the other images: a batch and its first k images get the
// same first k marks. Where the mark covers a pixel it is an overlay of brightness 1 at
// opacity α, elsewhere the pixel is unchanged:
//
//	out = (1−α)·x + α·1, clipped to [0,1].
//
// Unlike Watermark (one fixed band added with the same strength to every image), the
// mark moves and fades from image to image, so a model must find it rather than subtract
// a constant pattern.
func Watermarks(x []float32, w, h int, mark Mark, seed uint64) ([]float32, error) {
	n, err := images("watermarks", x, w, h)
	if err != nil {
		return nil, err
	}
	if err := mark.Validate(); err != nil {
		return nil, err
	}
	if err := markFits(mark.Shape, w, h); err != nil {
		return nil, err
	}
	bm, s := markBitmaps[mark.Shape], markScale(w, h)
	mw, mh := len(bm[0])*s, len(bm)*s
	out := slices.Clone(x)
	pcg := rand.NewPCG(0, 0)
	r := rand.New(pcg)
	for i := range n {
		pcg.Seed(seed, imageStream(i, 0xa0761d6478bd642f))
		alpha := float32(mark.Opacity * (1 + r.Float64()) / 2)
		x0, y0 := r.IntN(w-mw+1), r.IntN(h-mh+1)
		img := out[i*w*h : (i+1)*w*h]
		for cy, row := range bm {
			for cx, c := range row {
				if c != '#' {
					continue
				}
				for dy := range s {
					line := img[(y0+cy*s+dy)*w+x0+cx*s:]
					for dx := range s {
						line[dx] = clip01((1-alpha)*line[dx] + alpha)
					}
				}
			}
		}
	}
	return out, nil
}

// markFits reports a mark shape larger than a w×h image.
func markFits(shape string, w, h int) error {
	mw, mh, err := MarkSize(shape, w, h)
	if err != nil {
		return err
	}
	if mw > w || mh > h {
		return fmt.Errorf("watermark: the %s mark is %d×%d pixels and does not fit a %d×%d image; use images of at least %d×%d", shape, mw, mh, w, h, mw, mh)
	}
	return nil
}

// markScale is the side in pixels of one cell of a mark on w×h images.
func markScale(w, h int) int { return max(1, min(w, h)/14) }

// imageStream is the second PCG seed of image i: distinct images get distinct streams, and
// salt keeps the streams of different corruptions apart.
func imageStream(i int, salt uint64) uint64 { return uint64(i)*0x9e3779b97f4a7c15 ^ salt }

// font3x5 is a tiny bitmap font of our own: 3 columns × 5 rows per glyph, '#' inked.
var font3x5 = map[rune][5]string{
	'A': {
		".#.",
		"#.#",
		"###",
		"#.#",
		"#.#",
	},
	'E': {
		"###",
		"#..",
		"##.",
		"#..",
		"###",
	},
}

// text3x5 sets s in font3x5, one empty column between the glyphs.
func text3x5(s string) []string {
	rows := make([]string, 5)
	for i, c := range s {
		g := font3x5[c]
		for y := range rows {
			if i > 0 {
				rows[y] += "."
			}
			rows[y] += g[y]
		}
	}
	return rows
}

// markBitmaps holds the cells of every mark shape, '#' inked.
var markBitmaps = map[string][]string{
	MarkText: text3x5("AE"),
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
