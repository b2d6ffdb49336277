package plots

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/goautoencoders/autoencoders/aelib/atomicfile"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Default figure geometry.
const (
	// DefaultWidth is the width of a figure when a constructor has no
	// better, data-dependent choice.
	DefaultWidth = 6 * vg.Inch
	// DefaultHeight is the height of a figure when a constructor has no
	// better, data-dependent choice.
	DefaultHeight = 4 * vg.Inch
	// DefaultDPI is the PNG resolution used when Figure.DPI is zero.
	DefaultDPI = 96
	// maxPixels bounds each side of a rendered PNG, to fail cleanly
	// instead of allocating gigabytes on a mistyped size.
	maxPixels = 16384
)

// Figure is something drawable (a gonum plot, an image grid, or several
// figures combined) together with its size. Render it with PNG, SVG or Save.
//
// The exported fields may be changed before rendering; the With* methods
// do the same and return the figure for chaining.
type Figure struct {
	// Width and Height are the size of the figure in vg units
	// (vg.Inch = 72 points). Both must be positive.
	Width, Height vg.Length

	// DPI is the resolution of PNG output in dots per inch; zero means
	// DefaultDPI. It does not affect SVG output.
	DPI int

	// Title, when not empty, is drawn centred above the content. Plots
	// built by this package already carry their own title; this one is
	// meant for image grids and for combined figures (see Grid).
	Title string

	content func(c draw.Canvas)
	plot    *plot.Plot
}

// NewFigure wraps a gonum plot built by the caller, so it can be rendered,
// saved, combined with Grid, or shown in a notebook. The figure has the
// default size. It returns an error if p is nil.
func NewFigure(p *plot.Plot) (*Figure, error) {
	if p == nil {
		return nil, errors.New("plots: NewFigure: nil plot")
	}
	return newPlotFigure(p, DefaultWidth, DefaultHeight), nil
}

// newPlotFigure returns a figure that draws p inside small margins.
func newPlotFigure(p *plot.Plot, w, h vg.Length) *Figure {
	drawFn := func(c draw.Canvas) { p.Draw(withMargins(c)) }
	return &Figure{Width: w, Height: h, content: drawFn, plot: p}
}

// withMargins returns c less the outer margins of plot figures, so titles
// and end tick labels are not flush with the image border.
func withMargins(c draw.Canvas) draw.Canvas {
	return draw.Crop(c, vg.Points(4), -vg.Points(10), vg.Points(4), -vg.Points(6))
}

// newDrawFigure returns a figure drawn by a custom function.
func newDrawFigure(fn func(c draw.Canvas), w, h vg.Length) *Figure {
	return &Figure{Width: w, Height: h, content: fn}
}

// Plot returns the figure's gonum plot, for further customisation (axis
// ranges, extra plotters, …) before rendering. For Heatmap and CodeScatter
// it is the main plot, without the colour bar or the outside legend. It
// returns nil for image grids and combined figures.
func (f *Figure) Plot() *plot.Plot {
	if f == nil {
		return nil
	}
	return f.plot
}

// WithSize sets the figure size in vg units and returns the figure.
func (f *Figure) WithSize(width, height vg.Length) *Figure {
	f.Width, f.Height = width, height
	return f
}

// WithDPI sets the PNG resolution and returns the figure.
func (f *Figure) WithDPI(dpi int) *Figure {
	f.DPI = dpi
	return f
}

// WithTitle sets the figure-level title and returns the figure. The
// figure grows (or shrinks) by the height of the title so the content
// keeps its size; assigning the Title field directly does not resize.
func (f *Figure) WithTitle(title string) *Figure {
	f.Height += titleHeight(title) - titleHeight(f.Title)
	f.Title = title
	return f
}

// PixelSize returns the width and height in pixels of the figure's PNG.
func (f *Figure) PixelSize() (width, height int) {
	dpi := vg.Length(f.dpi())
	return int(f.Width/vg.Inch*dpi + 0.5), int(f.Height/vg.Inch*dpi + 0.5)
}

// dpi returns the effective PNG resolution.
func (f *Figure) dpi() int {
	if f.DPI == 0 {
		return DefaultDPI
	}
	return f.DPI
}

// validate checks that the figure can be rendered.
func (f *Figure) validate() error {
	if f == nil {
		return errors.New("nil figure")
	}
	if f.content == nil {
		return errors.New("figure has nothing to draw (use the package constructors)")
	}
	if !positiveFinite(float64(f.Width)) || !positiveFinite(float64(f.Height)) {
		return fmt.Errorf("figure size %vx%v must be positive and finite", f.Width, f.Height)
	}
	if f.DPI < 0 {
		return fmt.Errorf("figure DPI %d is negative", f.DPI)
	}
	if w, h := f.PixelSize(); w > maxPixels || h > maxPixels {
		return fmt.Errorf("figure of %dx%d pixels exceeds the %d pixel limit", w, h, maxPixels)
	}
	return nil
}

// positiveFinite reports whether v is a finite number above zero.
func positiveFinite(v float64) bool {
	return v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v)
}

// PNG renders the figure as a PNG image of PixelSize pixels.
func (f *Figure) PNG() ([]byte, error) {
	if err := f.validate(); err != nil {
		return nil, fmt.Errorf("plots: rendering PNG: %w", err)
	}
	c := vgimg.NewWith(
		vgimg.UseWH(f.Width, f.Height),
		vgimg.UseDPI(f.dpi()),
		vgimg.UseBackgroundColor(color.White),
	)
	return f.render("PNG", draw.New(c), vgimg.PngCanvas{Canvas: c})
}

// SVG renders the figure as a stand-alone SVG document (no scripts, no
// external resources; fonts are referenced by name, images are embedded).
func (f *Figure) SVG() ([]byte, error) {
	if err := f.validate(); err != nil {
		return nil, fmt.Errorf("plots: rendering SVG: %w", err)
	}
	c := vgsvg.New(f.Width, f.Height)
	return f.render("SVG", draw.New(c), c)
}

// render draws the figure onto dc and serialises the canvas with w.
func (f *Figure) render(format string, dc draw.Canvas, w io.WriterTo) ([]byte, error) {
	if err := f.drawSafely(dc); err != nil {
		return nil, fmt.Errorf("plots: rendering %s: %w", format, err)
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plots: encoding %s: %w", format, err)
	}
	return buf.Bytes(), nil
}

// drawSafely draws the figure, turning a panic inside gonum/plot into an
// error: input is validated up front, this is only a safety net.
func (f *Figure) drawSafely(c draw.Canvas) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("drawing figure: %v", r)
		}
	}()
	f.draw(c)
	return nil
}

// draw draws the optional figure title and then the content.
func (f *Figure) draw(c draw.Canvas) {
	if f.Title != "" {
		c = drawFigureTitle(c, f.Title)
	}
	f.content(c)
}

// figureTitlePad is the space above and below a figure-level title.
const figureTitlePad = vg.Length(5)

// titleHeight returns the vertical space taken by a figure-level title.
func titleHeight(title string) vg.Length {
	if title == "" {
		return 0
	}
	return titleStyle().Height(title) + 2*figureTitlePad
}

// drawFigureTitle draws title at the top of c and returns the remaining
// canvas below it.
func drawFigureTitle(c draw.Canvas, title string) draw.Canvas {
	sty := titleStyle()
	sty.YAlign = draw.YTop
	c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y - figureTitlePad}, title)
	c.Max.Y -= titleHeight(title)
	return c
}

// Save renders the figure and writes it to path; the format comes from the
// extension (".png" or ".svg", any case). The file is written to a
// temporary file in the same directory and renamed into place, so readers
// never see a partial image.
func (f *Figure) Save(path string) error {
	data, err := f.encodeFor(path)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(path, data); err != nil {
		return fmt.Errorf("plots: saving %s: %w", path, err)
	}
	return nil
}

// encodeFor renders the figure in the format named by path's extension.
func (f *Figure) encodeFor(path string) ([]byte, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".png":
		return f.PNG()
	case ".svg":
		return f.SVG()
	default:
		return nil, fmt.Errorf("plots: saving %s: unsupported extension %q (want .png or .svg)", path, ext)
	}
}
