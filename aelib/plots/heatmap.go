package plots

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colour-bar geometry.
const (
	colorBarGap   = vg.Length(10) // between the heat map and the bar
	colorBarWidth = vg.Length(12)
	colorBarStrip = vg.Length(70) // bar plus its tick labels
	colorBarSteps = 256
)

// heatmapData holds validated input of Heatmap.
type heatmapData struct {
	values     []float32
	rows, cols int
	rowLabels  []string
	colLabels  []string
}

// Heatmap draws a rows×cols matrix (values row-major, e.g. the 32-number
// codes of 10 digits, one digit per row) as a heat map with a colour bar
// on the right. Row 0 is at the top. Data with both signs uses a diverging
// blue–white–red map centred on zero; otherwise a viridis-like sequential
// map. Rows and columns are numbered from 0 unless RowLabels / ColLabels
// are given.
func Heatmap(values []float32, rows, cols int, title, xLabel, yLabel string, opts ...Option) (*Figure, error) {
	o := collect(opts)
	d, err := newHeatmapData(values, rows, cols, o)
	if err != nil {
		return nil, fmt.Errorf("plots: Heatmap: %w", err)
	}
	cm, err := heatColorMap(d.values)
	if err != nil {
		return nil, fmt.Errorf("plots: Heatmap: %w", err)
	}
	p := newPlot(title, xLabel, yLabel)
	p.Add(&cellsPlotter{
		img:  heatImage(d, cm),
		xmin: -0.5, xmax: float64(cols) - 0.5,
		ymin: -0.5, ymax: float64(rows) - 0.5,
	})
	p.X.Padding, p.Y.Padding = 0, 0
	p.X.Tick.Marker = indexTicks(d.colLabels, cols, false)
	p.Y.Tick.Marker = indexTicks(d.rowLabels, rows, true)
	width, height := heatmapSize(rows, cols)
	fig := newDrawFigure(func(c draw.Canvas) { drawWithColorBar(c, p, cm) }, width, height)
	fig.plot = p
	return fig, nil
}

// newHeatmapData validates the arguments of Heatmap.
func newHeatmapData(values []float32, rows, cols int, o options) (*heatmapData, error) {
	switch {
	case rows <= 0 || cols <= 0:
		return nil, fmt.Errorf("shape %dx%d must be positive", rows, cols)
	case len(values) != rows*cols:
		return nil, fmt.Errorf("len(values) = %d, want rows×cols = %d", len(values), rows*cols)
	case o.rowLabels != nil && len(o.rowLabels) != rows:
		return nil, fmt.Errorf("%d row labels for %d rows", len(o.rowLabels), rows)
	case o.colLabels != nil && len(o.colLabels) != cols:
		return nil, fmt.Errorf("%d column labels for %d columns", len(o.colLabels), cols)
	}
	if err := checkFinite32("values", values); err != nil {
		return nil, err
	}
	return &heatmapData{values: values, rows: rows, cols: cols, rowLabels: o.rowLabels, colLabels: o.colLabels}, nil
}

// heatmapSize picks a figure size giving roughly square cells.
func heatmapSize(rows, cols int) (vg.Length, vg.Length) {
	const chrome = 60 // axis labels, ticks, title
	cell := min(vg.Length(28), vg.Length(560)/vg.Length(cols), vg.Length(400)/vg.Length(rows))
	cell = max(cell, vg.Length(4))
	width := vg.Length(cols)*cell + chrome + colorBarStrip + colorBarGap
	height := vg.Length(rows)*cell + chrome + 20
	return max(width, 4*vg.Inch), max(height, 2*vg.Inch)
}

// viridis holds control points of matplotlib's viridis colour map.
var viridis = []color.Color{
	color.NRGBA{0x44, 0x01, 0x54, 0xff}, color.NRGBA{0x48, 0x28, 0x78, 0xff},
	color.NRGBA{0x3e, 0x49, 0x89, 0xff}, color.NRGBA{0x31, 0x68, 0x8e, 0xff},
	color.NRGBA{0x26, 0x82, 0x8e, 0xff}, color.NRGBA{0x1f, 0x9e, 0x89, 0xff},
	color.NRGBA{0x35, 0xb7, 0x79, 0xff}, color.NRGBA{0x6e, 0xce, 0x58, 0xff},
	color.NRGBA{0xb5, 0xde, 0x2b, 0xff}, color.NRGBA{0xfd, 0xe7, 0x25, 0xff},
}

// heatColorMap returns the colour map for values: diverging and symmetric
// about zero when values have both signs, sequential otherwise.
func heatColorMap(values []float32) (palette.ColorMap, error) {
	lo, hi := minMax32(values)
	var cm palette.ColorMap
	if lo < 0 && hi > 0 {
		m := math.Max(-lo, hi)
		lo, hi = -m, m
		cm = moreland.SmoothBlueRed()
	} else {
		seq, err := moreland.NewLuminance(viridis)
		if err != nil {
			return nil, fmt.Errorf("building colour map: %w", err)
		}
		cm = seq
	}
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	cm.SetMin(lo)
	cm.SetMax(hi)
	return cm, nil
}

// minMax32 returns the smallest and largest of values (not empty).
func minMax32(values []float32) (lo, hi float64) {
	lo, hi = float64(values[0]), float64(values[0])
	for _, v := range values[1:] {
		lo = math.Min(lo, float64(v))
		hi = math.Max(hi, float64(v))
	}
	return lo, hi
}

// heatImage renders one pixel per cell, row 0 at the top.
func heatImage(d *heatmapData, cm palette.ColorMap) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, d.cols, d.rows))
	for r := range d.rows {
		for c := range d.cols {
			img.Set(c, r, colorAt(cm, float64(d.values[r*d.cols+c])))
		}
	}
	return img
}

// colorAt returns the colour of v, clamped into the map's range.
func colorAt(cm palette.ColorMap, v float64) color.Color {
	v = math.Min(math.Max(v, cm.Min()), cm.Max())
	col, err := cm.At(v)
	if err != nil {
		return color.Black
	}
	return col
}

// indexTicks labels positions 0..n-1 with labels (or their indices), at
// most about 16 labels. With fromTop, position i is drawn at n-1-i so row
// 0 is at the top.
func indexTicks(labels []string, n int, fromTop bool) plot.ConstantTicks {
	step := tickStep(n)
	if labels != nil {
		step = max(1, (n+24)/25)
	}
	ticks := make(plot.ConstantTicks, 0, n)
	for i := 0; i < n; i += step {
		text := strconv.Itoa(i)
		if labels != nil {
			text = labels[i]
		}
		v := float64(i)
		if fromTop {
			v = float64(n - 1 - i)
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: text})
	}
	return ticks
}

// tickStep returns a round step (1, 2, 5, 10, 20, …) giving at most 16
// numeric labels for n positions.
func tickStep(n int) int {
	for step := 1; ; step *= 10 {
		for _, m := range []int{1, 2, 5} {
			if n <= 16*m*step {
				return m * step
			}
		}
	}
}

// cellsPlotter draws an image over a data rectangle with sharp
// (nearest-neighbour) pixels.
type cellsPlotter struct {
	img                    *image.NRGBA
	xmin, xmax, ymin, ymax float64
}

// Plot implements plot.Plotter.
func (cp *cellsPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	rect := vg.Rectangle{
		Min: vg.Point{X: trX(cp.xmin), Y: trY(cp.ymin)},
		Max: vg.Point{X: trX(cp.xmax), Y: trY(cp.ymax)},
	}
	b := cp.img.Bounds()
	f := max(upscaleFactor(c, rect.Max.X-rect.Min.X, b.Dx()), upscaleFactor(c, rect.Max.Y-rect.Min.Y, b.Dy()))
	c.DrawImage(rect, upscaleNRGBA(cp.img, f))
}

// DataRange implements plot.DataRanger.
func (cp *cellsPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	return cp.xmin, cp.xmax, cp.ymin, cp.ymax
}

// upscaleNRGBA enlarges src by an integer factor, nearest neighbour.
func upscaleNRGBA(src *image.NRGBA, factor int) *image.NRGBA {
	b := src.Bounds()
	dst := image.NewNRGBA(image.Rect(0, 0, b.Dx()*factor, b.Dy()*factor))
	for y := range dst.Rect.Dy() {
		for x := range dst.Rect.Dx() {
			so := src.PixOffset(b.Min.X+x/factor, b.Min.Y+y/factor)
			do := dst.PixOffset(x, y)
			copy(dst.Pix[do:do+4], src.Pix[so:so+4])
		}
	}
	return dst
}

// drawWithColorBar draws p on c less a strip on the right, and a vertical
// colour bar for cm in the strip, as tall as the plot's data area.
func drawWithColorBar(c draw.Canvas, p *plot.Plot, cm palette.ColorMap) {
	c = withMargins(c)
	plotC := c
	plotC.Max.X -= colorBarStrip + colorBarGap
	p.Draw(plotC)
	data := p.DataCanvas(plotC)
	bar := vg.Rectangle{
		Min: vg.Point{X: plotC.Max.X + colorBarGap, Y: data.Min.Y},
		Max: vg.Point{X: plotC.Max.X + colorBarGap + colorBarWidth, Y: data.Max.Y},
	}
	drawColorBar(c, bar, cm)
}

// drawColorBar fills bar with the gradient of cm (minimum at the bottom),
// outlines it and labels it with ticks on its right.
func drawColorBar(c draw.Canvas, bar vg.Rectangle, cm palette.ColorMap) {
	img := image.NewNRGBA(image.Rect(0, 0, 1, colorBarSteps))
	for i := range colorBarSteps {
		v := cm.Min() + (cm.Max()-cm.Min())*(float64(i)+0.5)/colorBarSteps
		img.Set(0, colorBarSteps-1-i, colorAt(cm, v))
	}
	c.DrawImage(bar, img)
	outline := draw.LineStyle{Color: color.Black, Width: vg.Points(0.5)}
	c.StrokeLines(outline, []vg.Point{
		bar.Min, {X: bar.Max.X, Y: bar.Min.Y}, bar.Max, {X: bar.Min.X, Y: bar.Max.Y}, bar.Min,
	})
	drawColorBarTicks(c, bar, cm.Min(), cm.Max(), outline)
}

// drawColorBarTicks draws labelled ticks for [lo, hi] right of bar.
func drawColorBarTicks(c draw.Canvas, bar vg.Rectangle, lo, hi float64, sty draw.LineStyle) {
	label := textStyle(tickFontSize)
	label.XAlign = draw.XLeft
	for _, t := range (linearTicker{}).Ticks(lo, hi) {
		if t.Label == "" || t.Value < lo || t.Value > hi {
			continue
		}
		y := bar.Min.Y + (bar.Max.Y-bar.Min.Y)*vg.Length((t.Value-lo)/(hi-lo))
		c.StrokeLine2(sty, bar.Max.X, y, bar.Max.X+vg.Points(4), y)
		c.FillText(label, vg.Point{X: bar.Max.X + vg.Points(6), Y: y}, t.Label)
	}
}
