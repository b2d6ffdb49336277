package plots

import (
	"errors"
	"fmt"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Scatter geometry.
const (
	legendStripWidth = vg.Length(62) // room for the outside legend
	legendTitle      = "digit"
)

// CodeScatter scatters 2-D codes, codes holding n points as n×2 values
// (x0, y0, x1, y1, …), each coloured by its digit label 0–9 with the
// categorical palette (see Color) and a legend outside the plot on the right. Points
// are drawn in the given order, small and slightly transparent, so 10,000
// points render quickly and overlaps stay visible. The axes are labelled
// "code[0]" and "code[1]" unless XLabel / YLabel are given.
func CodeScatter(codes []float32, labels []uint8, title string, opts ...Option) (*Figure, error) {
	pts, err := codePoints(codes, labels)
	if err != nil {
		return nil, fmt.Errorf("plots: CodeScatter: %w", err)
	}
	o := collect(opts)
	p := newPlot(title, label(o.xLabel, "code[0]"), label(o.yLabel, "code[1]"))
	addGrid(p)
	sc, err := digitScatter(pts, labels)
	if err != nil {
		return nil, fmt.Errorf("plots: CodeScatter: %w", err)
	}
	p.Add(sc)
	fixDegenerateRanges(p, false, false)
	legend := digitLegend(labels, sc.Radius)
	fig := newDrawFigure(func(c draw.Canvas) { drawWithSideLegend(c, p, legend) },
		DefaultWidth+legendStripWidth, DefaultWidth*5/6)
	fig.plot = p
	return fig, nil
}

// codePoints validates the codes and labels and returns the points.
func codePoints(codes []float32, labels []uint8) (plotter.XYs, error) {
	switch {
	case len(codes) == 0:
		return nil, errors.New("no codes")
	case len(codes)%2 != 0:
		return nil, fmt.Errorf("len(codes) = %d is odd; want n×2 values", len(codes))
	case len(labels) != len(codes)/2:
		return nil, fmt.Errorf("%d labels for %d points", len(labels), len(codes)/2)
	}
	if err := checkFinite32("codes", codes); err != nil {
		return nil, err
	}
	for i, l := range labels {
		if int(l) >= len(tab10) {
			return nil, fmt.Errorf("labels[%d] = %d is outside 0–%d", i, l, len(tab10)-1)
		}
	}
	pts := make(plotter.XYs, len(labels))
	for i := range pts {
		pts[i] = plotter.XY{X: float64(codes[2*i]), Y: float64(codes[2*i+1])}
	}
	return pts, nil
}

// digitScatter returns a scatter whose point i has the colour of labels[i];
// points shrink as their number grows.
func digitScatter(pts plotter.XYs, labels []uint8) (*plotter.Scatter, error) {
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, err
	}
	sc.Radius = pointRadius(len(pts))
	styles := digitStyles(sc.Radius)
	sc.GlyphStyleFunc = func(i int) draw.GlyphStyle { return styles[labels[i]] }
	return sc, nil
}

// pointRadius returns a marker radius suited to n points.
func pointRadius(n int) vg.Length {
	switch {
	case n <= 500:
		return vg.Points(3)
	case n <= 3000:
		return vg.Points(2)
	default:
		return vg.Points(1.4)
	}
}

// digitStyles returns the glyph style of each digit, slightly transparent.
func digitStyles(radius vg.Length) [10]draw.GlyphStyle {
	var styles [10]draw.GlyphStyle
	for d := range styles {
		styles[d] = draw.GlyphStyle{
			Color:  withAlpha(tab10[d], 200),
			Radius: radius,
			Shape:  draw.CircleGlyph{},
		}
	}
	return styles
}

// digitLegend returns a legend with one entry per digit that occurs.
func digitLegend(labels []uint8, radius vg.Length) plot.Legend {
	var present [10]bool
	for _, l := range labels {
		present[l] = true
	}
	legend := plot.NewLegend()
	legend.TextStyle = textStyle(legendFontSize)
	legend.TextStyle.XAlign, legend.TextStyle.YAlign = draw.XLeft, draw.YBottom
	legend.Padding = vg.Points(2)
	legend.Top = true
	legend.Left = true
	legend.ThumbnailWidth = vg.Points(10)
	for d, ok := range present {
		if !ok {
			continue
		}
		thumb := legendThumb{style: draw.GlyphStyle{
			Color: tab10[d], Radius: max(radius, vg.Points(3.5)), Shape: draw.CircleGlyph{},
		}}
		legend.Add(strconv.Itoa(d), thumb)
	}
	return legend
}

// drawWithSideLegend draws p on c less a strip on the right, and the
// legend, headed by legendTitle, in that strip aligned with the top of the
// data area.
func drawWithSideLegend(c draw.Canvas, p *plot.Plot, legend plot.Legend) {
	c = withMargins(c)
	plotC := c
	plotC.Max.X -= legendStripWidth
	p.Draw(plotC)
	strip := c
	strip.Min.X = plotC.Max.X + vg.Points(8)
	data := p.DataCanvas(plotC)
	strip.Max.Y = data.Max.Y
	strip.Min.Y = data.Min.Y
	head := textStyle(legendFontSize)
	head.XAlign, head.YAlign = draw.XLeft, draw.YTop
	head.Font.Weight = titleStyle().Font.Weight
	c.FillText(head, vg.Point{X: strip.Min.X, Y: strip.Max.Y}, legendTitle)
	strip.Max.Y -= head.Height(legendTitle) + vg.Points(4)
	legend.Draw(strip)
}

// legendThumb is a legend thumbnail drawing a single glyph.
type legendThumb struct {
	style draw.GlyphStyle
}

// Thumbnail implements plot.Thumbnailer.
func (t legendThumb) Thumbnail(c *draw.Canvas) {
	c.DrawGlyphNoClip(t.style, c.Center())
}

// Compile-time check that the legend thumbnail satisfies gonum's interface.
var _ plot.Thumbnailer = legendThumb{}
