package plots

import (
	"errors"
	"fmt"
	"image"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Image-grid geometry, in points.
const (
	gridCell   = vg.Length(40) // side of one digit cell (about 53 px at 96 DPI)
	gridGap    = vg.Length(2)  // white gap between cells
	gridMargin = vg.Length(6)  // outer margin
	gridLabelX = vg.Length(8)  // gap between the row labels and the images
)

// imageGrid holds validated input of ImageGrid.
type imageGrid struct {
	rows   [][]float32 // the images of each row, only the shown ones
	labels []string    // one per row, or nil
	w, h   int         // image size in pixels
	ch     int         // values per pixel: 1 (gray) or 3 (interleaved RGB)
	cols   int         // number of image columns
}

// ImageGrid draws batches of images as a grid, one batch per row: row r
// shows the first perRow images of rows[r] (fewer if the batch is
// shorter), for example test digits over their reconstructions, or
// originals / autoencoder / PCA. Each batch holds n images of w×h pixels,
// row-major, values in [0, 1] (out-of-range values are clipped); images
// are drawn in grey scale with 1 as white on black, as MNIST digits, with
// thin gaps and sharp (nearest-neighbour) pixels.
//
// rowLabels, when not nil, must have one label per row; they are drawn on
// the left. The figure is sized from the grid; use WithTitle for a title.
func ImageGrid(rows [][]float32, rowLabels []string, w, h, perRow int) (*Figure, error) {
	g, err := newImageGrid(rows, rowLabels, w, h, 1, perRow)
	if err != nil {
		return nil, fmt.Errorf("plots: ImageGrid: %w", err)
	}
	width, height := g.naturalSize()
	return newDrawFigure(g.draw, width, height), nil
}

// ColorImageGrid is ImageGrid for colour images: each pixel is three values R, G, B in
// [0, 1], interleaved (image i is w·h·3 values).
func ColorImageGrid(rows [][]float32, rowLabels []string, w, h, perRow int) (*Figure, error) {
	g, err := newImageGrid(rows, rowLabels, w, h, 3, perRow)
	if err != nil {
		return nil, fmt.Errorf("plots: ColorImageGrid: %w", err)
	}
	width, height := g.naturalSize()
	return newDrawFigure(g.draw, width, height), nil
}

// newImageGrid validates the arguments of ImageGrid and ColorImageGrid.
func newImageGrid(rows [][]float32, rowLabels []string, w, h, ch, perRow int) (*imageGrid, error) {
	switch {
	case len(rows) == 0:
		return nil, errors.New("no rows")
	case w <= 0 || h <= 0:
		return nil, fmt.Errorf("image size %dx%d must be positive", w, h)
	case perRow <= 0:
		return nil, fmt.Errorf("perRow = %d must be positive", perRow)
	case rowLabels != nil && len(rowLabels) != len(rows):
		return nil, fmt.Errorf("%d row labels for %d rows", len(rowLabels), len(rows))
	}
	g := &imageGrid{labels: rowLabels, w: w, h: h, ch: ch, rows: make([][]float32, len(rows))}
	size := w * h * ch
	for r, batch := range rows {
		if len(batch) == 0 || len(batch)%size != 0 {
			return nil, fmt.Errorf("row %d has %d values, not a positive multiple of %dx%d", r, len(batch), w, h)
		}
		n := min(perRow, len(batch)/size)
		shown := batch[:n*size]
		if err := checkFinite32(fmt.Sprintf("rows[%d]", r), shown); err != nil {
			return nil, err
		}
		g.rows[r] = shown
		g.cols = max(g.cols, n)
	}
	return g, nil
}

// cellSize returns the size of one image cell in points, keeping the
// images' aspect ratio with the longer side gridCell.
func (g *imageGrid) cellSize() (vg.Length, vg.Length) {
	if g.w >= g.h {
		return gridCell, gridCell * vg.Length(g.h) / vg.Length(g.w)
	}
	return gridCell * vg.Length(g.w) / vg.Length(g.h), gridCell
}

// imagesSize returns the size of the images block, gaps included.
func (g *imageGrid) imagesSize() (vg.Length, vg.Length) {
	cw, ch := g.cellSize()
	width := vg.Length(g.cols)*cw + vg.Length(g.cols-1)*gridGap
	height := vg.Length(len(g.rows))*ch + vg.Length(len(g.rows)-1)*gridGap
	return width, height
}

// labelWidth returns the width of the row-label column (0 without labels).
func (g *imageGrid) labelWidth() vg.Length {
	if g.labels == nil {
		return 0
	}
	sty := textStyle(labelFontSize)
	var width vg.Length
	for _, l := range g.labels {
		width = max(width, sty.Width(l))
	}
	if width == 0 {
		return 0
	}
	return width + gridLabelX
}

// naturalSize returns the figure size that shows cells at gridCell.
func (g *imageGrid) naturalSize() (vg.Length, vg.Length) {
	iw, ih := g.imagesSize()
	return iw + g.labelWidth() + 2*gridMargin, ih + 2*gridMargin
}

// draw draws the grid centred in c, scaling the images (not the labels)
// to fit.
func (g *imageGrid) draw(c draw.Canvas) {
	labelW := g.labelWidth()
	iw, ih := g.imagesSize()
	availW := c.Max.X - c.Min.X - labelW - 2*gridMargin
	availH := c.Max.Y - c.Min.Y - 2*gridMargin
	scale := math.Min(float64(availW/iw), float64(availH/ih))
	if !(scale > 0) {
		return // no room at all
	}
	k := vg.Length(scale)
	left := c.Min.X + (c.Max.X-c.Min.X-labelW-iw*k)/2 + labelW
	top := c.Max.Y - (c.Max.Y-c.Min.Y-ih*k)/2
	cw, ch := g.cellSize()
	cw, ch, gap := cw*k, ch*k, gridGap*k
	upscale := upscaleFactor(c, cw, g.w)
	for r, batch := range g.rows {
		y := top - vg.Length(r)*(ch+gap)
		g.drawLabel(c, r, left-gridLabelX, y-ch/2)
		size := g.w * g.h * g.ch
		for i := 0; i*size < len(batch); i++ {
			x := left + vg.Length(i)*(cw+gap)
			var img image.Image = grayImage(batch[i*size:(i+1)*size], g.w, g.h, upscale)
			if g.ch == 3 {
				img = rgbImage(batch[i*size:(i+1)*size], g.w, g.h, upscale)
			}
			c.DrawImage(vg.Rectangle{Min: vg.Point{X: x, Y: y - ch}, Max: vg.Point{X: x + cw, Y: y}}, img)
		}
	}
}

// drawLabel draws the label of row r right-aligned at (x, y).
func (g *imageGrid) drawLabel(c draw.Canvas, r int, x, y vg.Length) {
	if g.labels == nil {
		return
	}
	sty := textStyle(labelFontSize)
	sty.XAlign = draw.XRight
	c.FillText(sty, vg.Point{X: x, Y: y}, g.labels[r])
}

// dpier is implemented by raster canvases (vgimg).
type dpier interface {
	DPI() float64
}

// upscaleFactor returns the integer nearest-neighbour upscale that makes a
// source of srcPixels pixels at least as large as a target of the given
// length on c, so the canvas only ever shrinks images slightly and pixels
// stay sharp. Vector canvases (SVG) are treated as 288 DPI, so viewers'
// smoothing of embedded images stays invisible.
func upscaleFactor(c draw.Canvas, target vg.Length, srcPixels int) int {
	const vectorDPI, maxFactor = 288, 64
	dpi := float64(vectorDPI)
	if d, ok := c.Canvas.(dpier); ok {
		dpi = d.DPI()
	}
	f := int(math.Ceil(target.Dots(dpi) / float64(srcPixels)))
	return min(max(f, 1), maxFactor)
}

// grayImage converts a w×h row-major image with values in [0, 1] to a
// grey image upscaled by factor with nearest-neighbour sampling.
func grayImage(pixels []float32, w, h, factor int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w*factor, h*factor))
	for y := range h * factor {
		row := pixels[(y/factor)*w : (y/factor+1)*w]
		for x := range w * factor {
			img.Pix[y*img.Stride+x] = grayLevel(row[x/factor])
		}
	}
	return img
}

// rgbImage converts a w×h image of interleaved R, G, B values in [0, 1] to an RGBA image
// upscaled by factor with nearest-neighbour sampling.
func rgbImage(values []float32, w, h, factor int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w*factor, h*factor))
	for y := range h * factor {
		for x := range w * factor {
			src := 3 * ((y/factor)*w + x/factor)
			dst := y*img.Stride + 4*x
			img.Pix[dst], img.Pix[dst+1], img.Pix[dst+2], img.Pix[dst+3] = grayLevel(values[src]), grayLevel(values[src+1]), grayLevel(values[src+2]), 255
		}
	}
	return img
}

// grayLevel maps v in [0, 1] to 0–255, clipping out-of-range values.
func grayLevel(v float32) uint8 {
	return uint8(math.Round(float64(min(max(v, 0), 1)) * 255))
}
