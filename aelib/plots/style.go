package plots

import (
	"image/color"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Font sizes, in points.
const (
	titleFontSize  = 14
	labelFontSize  = 12
	tickFontSize   = 11
	legendFontSize = 11
)

// sansFont is the typeface used for all text (bundled with gonum/plot, so
// PNG output never depends on system fonts).
var sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// tab10 is the 10-colour categorical palette (Tableau 10, as in
// matplotlib's "tab10") used for digits 0–9 and for series.
var tab10 = [10]color.NRGBA{
	{0x1f, 0x77, 0xb4, 0xff}, // blue
	{0xff, 0x7f, 0x0e, 0xff}, // orange
	{0x2c, 0xa0, 0x2c, 0xff}, // green
	{0xd6, 0x27, 0x28, 0xff}, // red
	{0x94, 0x67, 0xbd, 0xff}, // purple
	{0x8c, 0x56, 0x4b, 0xff}, // brown
	{0xe3, 0x77, 0xc2, 0xff}, // pink
	{0x7f, 0x7f, 0x7f, 0xff}, // grey
	{0xbc, 0xbd, 0x22, 0xff}, // olive
	{0x17, 0xbe, 0xcf, 0xff}, // cyan
}

// Color returns colour i of the categorical palette used for digits 0–9
// and for series (Tableau 10, as matplotlib's "tab10"; i cycles modulo
// 10), for custom plots that should match this package's figures.
func Color(i int) color.NRGBA {
	return tab10[((i%len(tab10))+len(tab10))%len(tab10)]
}

// seriesColor returns the palette colour for series i (cycling).
func seriesColor(i int) color.NRGBA {
	return Color(i)
}

// withAlpha returns c with its alpha set to a (0–255).
func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}

// seriesGlyphs are the point shapes given to successive series, so that
// series stay distinguishable in grey-scale prints.
var seriesGlyphs = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{},
	draw.RingGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{},
	draw.CrossGlyph{}, draw.PlusGlyph{},
}

// seriesGlyph returns the point shape for series i (cycling).
func seriesGlyph(i int) draw.GlyphDrawer {
	return seriesGlyphs[i%len(seriesGlyphs)]
}

// textStyle returns a plain-text style in the package font.
func textStyle(size vg.Length) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.From(sansFont, size),
		XAlign:  draw.XCenter,
		YAlign:  draw.YCenter,
		Handler: plot.DefaultTextHandler,
	}
}

// titleStyle returns the bold style used for plot and figure titles.
func titleStyle() text.Style {
	sty := textStyle(titleFontSize)
	sty.Font.Weight = xfont.WeightBold
	return sty
}

// newPlot returns a plot with the package's fonts, title, axis labels and
// a light background grid.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle = titleStyle()
	p.Title.TextStyle.YAlign = draw.YTop
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	styleAxis(&p.X)
	styleAxis(&p.Y)
	p.X.Tick.Marker = linearTicker{}
	p.Y.Tick.Marker = linearTicker{}
	p.Legend.TextStyle.Font = font.From(sansFont, legendFontSize)
	p.Legend.Top = true
	p.Legend.XOffs = -vg.Points(4)
	p.Legend.YOffs = -vg.Points(4)
	return p
}

// styleAxis sets the package fonts on an axis, keeping its alignments.
func styleAxis(a *plot.Axis) {
	a.Label.TextStyle.Font = font.From(sansFont, labelFontSize)
	a.Label.Padding = vg.Points(4)
	a.Tick.Label.Font = font.From(sansFont, tickFontSize)
}

// addGrid adds light grey grid lines behind the data and returns them.
func addGrid(p *plot.Plot) *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 220}
	g.Horizontal.Color = color.Gray{Y: 220}
	g.Vertical.Width = vg.Points(0.5)
	g.Horizontal.Width = vg.Points(0.5)
	p.Add(g)
	return g
}

// Option customises a figure built by this package. Options that do not
// apply to a figure kind are ignored by it (each option says where it
// applies).
type Option func(*options)

// options collects the effect of Option values.
type options struct {
	logY              bool
	density           bool
	xLabel, yLabel    *string
	rowLabels         []string
	colLabels         []string
	legendBottomRight bool
	legendTopLeft     bool
}

// collect applies opts in order.
func collect(opts []Option) options {
	var o options
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// LogY draws the Y axis on a log scale (LossCurves, ErrorVsCodeSize,
// Histogram, Histograms). All Y values must then be positive; histogram
// bins that are empty are left out.
func LogY() Option {
	return func(o *options) { o.logY = true }
}

// Density normalises histograms to unit area, so groups of different sizes
// can be compared (Histogram, Histograms).
func Density() Option {
	return func(o *options) { o.density = true }
}

// XLabel overrides the default X axis label (LossCurves, ErrorVsCodeSize,
// CodeScatter, Histogram, Histograms, Bars).
func XLabel(label string) Option {
	return func(o *options) { o.xLabel = &label }
}

// YLabel overrides the default Y axis label (LossCurves, ErrorVsCodeSize,
// Histogram, Histograms, CodeScatter).
func YLabel(label string) Option {
	return func(o *options) { o.yLabel = &label }
}

// RowLabels names the rows of a Heatmap (default: 0, 1, 2, …). There must
// be exactly one label per row.
func RowLabels(labels ...string) Option {
	return func(o *options) { o.rowLabels = labels }
}

// ColLabels names the columns of a Heatmap (default: 0, 1, 2, …). There
// must be exactly one label per column.
func ColLabels(labels ...string) Option {
	return func(o *options) { o.colLabels = labels }
}

// LegendBottomRight moves the legend to the bottom-right corner of the data
// area (LossCurves, ErrorVsCodeSize, Histogram, Histograms); the default is
// the top-right corner.
func LegendBottomRight() Option {
	return func(o *options) { o.legendBottomRight = true }
}

// LegendTopLeft moves the legend to the top-left corner of the data area
// (LossCurves, ErrorVsCodeSize, Histogram, Histograms); the default is the
// top-right corner.
func LegendTopLeft() Option {
	return func(o *options) { o.legendTopLeft = true }
}

// label returns the override if set, else def.
func label(override *string, def string) string {
	if override != nil {
		return *override
	}
	return def
}

// placeLegend applies the legend position options to p.
func placeLegend(p *plot.Plot, o options) {
	switch {
	case o.legendBottomRight:
		p.Legend.Top = false
		p.Legend.YOffs = vg.Points(4)
	case o.legendTopLeft:
		p.Legend.Left = true
		p.Legend.XOffs = vg.Points(4)
	}
}
