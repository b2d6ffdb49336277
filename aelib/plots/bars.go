package plots

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bars draws one bar per label with its value written above it, e.g. the
// validation loss of each setting of a hyper-parameter sweep. labels and
// values must have the same, non-zero length and values must be finite.
// Long or many labels are drawn slanted. XLabel sets an X axis label.
func Bars(labels []string, values []float64, title, yLabel string, opts ...Option) (*Figure, error) {
	if err := checkBars(labels, values); err != nil {
		return nil, fmt.Errorf("plots: Bars: %w", err)
	}
	o := collect(opts)
	p := newPlot(title, label(o.xLabel, ""), yLabel)
	addGrid(p).Vertical.Color = nil
	bars, err := plotter.NewBarChart(plotter.Values(values), barWidth(len(values)))
	if err != nil {
		return nil, fmt.Errorf("plots: Bars: %w", err)
	}
	bars.Color = seriesColor(0)
	bars.LineStyle.Width = 0
	p.Add(bars, &barValueLabels{values: values})
	p.NominalX(labels...)
	p.X.Min, p.X.Max = -0.5, float64(len(values))-0.5
	slantLabelsIfCrowded(p, labels)
	includeZeroAndHeadroom(p, values)
	return newPlotFigure(p, DefaultWidth, DefaultHeight), nil
}

// checkBars validates the input of Bars.
func checkBars(labels []string, values []float64) error {
	switch {
	case len(values) == 0:
		return errors.New("no values")
	case len(labels) != len(values):
		return fmt.Errorf("%d labels for %d values", len(labels), len(values))
	}
	return checkFinite64("values", values)
}

// barWidth returns a bar width that leaves gaps between n bars on a
// default-sized figure.
func barWidth(n int) vg.Length {
	const dataWidth = DefaultWidth - 70 // less the Y axis
	return min(vg.Points(40), dataWidth*0.7/vg.Length(n))
}

// slantLabelsIfCrowded rotates the X tick labels by 30° when they would not
// fit side by side.
func slantLabelsIfCrowded(p *plot.Plot, labels []string) {
	var total vg.Length
	for _, l := range labels {
		total += p.X.Tick.Label.Width(l) + vg.Points(6)
	}
	if total < DefaultWidth-80 {
		return
	}
	p.X.Tick.Label.Rotation = math.Pi / 6
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YCenter
}

// includeZeroAndHeadroom makes the Y range include zero and leaves room
// above (and below, for negative values) for the value labels.
func includeZeroAndHeadroom(p *plot.Plot, values []float64) {
	lo, hi := minMax(values)
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	span := hi - lo
	if span == 0 {
		span = 1
	}
	p.Y.Max = hi + 0.1*span
	if lo < 0 {
		p.Y.Min = lo - 0.1*span
	} else {
		p.Y.Min = 0
	}
}

// barValueLabels writes each bar's value just above (or below, when
// negative) its end.
type barValueLabels struct {
	values []float64
}

// Plot implements plot.Plotter.
func (b *barValueLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := textStyle(tickFontSize - 1)
	for i, v := range b.values {
		pt := vg.Point{X: trX(float64(i)), Y: trY(v) + vg.Points(3)}
		sty.YAlign = draw.YBottom
		if v < 0 {
			pt.Y = trY(v) - vg.Points(3)
			sty.YAlign = draw.YTop
		}
		c.FillText(sty, pt, formatValue(v))
	}
}

// formatValue formats a bar value with four significant digits.
func formatValue(v float64) string {
	return strconv.FormatFloat(v, 'g', 4, 64)
}
