package plots

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Series is one named line of a line plot: Y[i] is plotted at X[i].
type Series struct {
	// Name is shown in the legend; an empty name leaves the series out of
	// the legend.
	Name string
	// X holds the abscissas. LossCurves accepts a nil X and then uses the
	// epochs 1, 2, …, len(Y).
	X []float64
	// Y holds the ordinates; it must have the same length as X.
	Y []float64
}

// points validates s and returns its points; with defaultX a nil X means
// 1, 2, …, len(Y).
func (s Series) points(defaultX bool) (plotter.XYs, error) {
	if len(s.Y) == 0 {
		return nil, errors.New("no points")
	}
	xs := s.X
	if xs == nil && defaultX {
		xs = make([]float64, len(s.Y))
		for i := range xs {
			xs[i] = float64(i + 1)
		}
	}
	if len(xs) != len(s.Y) {
		return nil, fmt.Errorf("len(X) = %d but len(Y) = %d", len(xs), len(s.Y))
	}
	if err := checkFinite64("X", xs); err != nil {
		return nil, err
	}
	if err := checkFinite64("Y", s.Y); err != nil {
		return nil, err
	}
	pts := make(plotter.XYs, len(xs))
	for i := range xs {
		pts[i] = plotter.XY{X: xs[i], Y: s.Y[i]}
	}
	return pts, nil
}

// lineSpec describes how lineFigure turns series into a plot.
type lineSpec struct {
	fn             string // function name, for errors
	title          string
	xLabel, yLabel string
	defaultX       bool // nil X means 1..n
	logX, logY     bool
	decadesX       bool // with logX: ticks at powers of ten, not at the data's x values
}

// LossCurves plots training curves, typically train and validation loss
// per epoch, as lines with points and a legend. A series with a nil X is
// plotted at epochs 1, 2, …, len(Y). The axes are labelled "epoch" and
// "loss" unless XLabel / YLabel are given; LogY puts the loss on a log
// scale (all values must then be positive).
func LossCurves(series []Series, title string, opts ...Option) (*Figure, error) {
	o := collect(opts)
	spec := lineSpec{
		fn:       "LossCurves",
		title:    title,
		xLabel:   label(o.xLabel, "epoch"),
		yLabel:   label(o.yLabel, "loss"),
		defaultX: true,
		logY:     o.logY,
	}
	return lineFigure(series, spec, o)
}

// ErrorVsCodeSize plots an error metric against the code (bottleneck)
// size for several models, e.g. PCA, a linear and a non-linear
// autoencoder: one series per model, X holding the code sizes (positive)
// and Y the metric. The X axis is logarithmic with a tick at every code
// size that occurs (2, 4, 8, …). metricName labels the Y axis and the
// title; LogY puts the metric on a log scale.
func ErrorVsCodeSize(series []Series, metricName string, opts ...Option) (*Figure, error) {
	o := collect(opts)
	spec := lineSpec{
		fn:     "ErrorVsCodeSize",
		title:  fmt.Sprintf("%s vs code size", metricName),
		xLabel: label(o.xLabel, "code size"),
		yLabel: label(o.yLabel, metricName),
		logX:   true,
		logY:   o.logY,
	}
	if metricName == "" {
		spec.title = "error vs code size"
		spec.yLabel = label(o.yLabel, "error")
	}
	return lineFigure(series, spec, o)
}

// ErrorVsParameters plots an error metric against a model's number of trained parameters,
// one line per series (X holds the parameter counts), both axes on log scales with ticks
// at powers of ten: who gets which error for how many numbers.
func ErrorVsParameters(series []Series, metricName string, opts ...Option) (*Figure, error) {
	o := collect(opts)
	spec := lineSpec{
		fn:       "ErrorVsParameters",
		title:    fmt.Sprintf("%s vs trained parameters", metricName),
		xLabel:   label(o.xLabel, "trained parameters"),
		yLabel:   label(o.yLabel, metricName),
		logX:     true,
		decadesX: true,
		logY:     true,
	}
	return lineFigure(series, spec, o)
}

// lineFigure validates series and builds the line plot described by spec.
func lineFigure(series []Series, spec lineSpec, o options) (*Figure, error) {
	all, err := seriesPoints(series, spec)
	if err != nil {
		return nil, fmt.Errorf("plots: %s: %w", spec.fn, err)
	}
	p := newPlot(spec.title, spec.xLabel, spec.yLabel)
	switch {
	case spec.logX && spec.decadesX:
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = logTicker{}
	case spec.logX:
		setLogX(p, all)
	}
	if spec.logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicker{}
	}
	addGrid(p)
	for i, pts := range all {
		if err := addLinePoints(p, series[i].Name, pts, i); err != nil {
			return nil, fmt.Errorf("plots: %s: series %d: %w", spec.fn, i, err)
		}
	}
	fixDegenerateRanges(p, spec.logX, spec.logY)
	if spec.logY {
		snapLogRange(&p.Y)
	}
	placeLegend(p, o)
	return newPlotFigure(p, DefaultWidth, DefaultHeight), nil
}

// seriesPoints validates every series, including positivity on log axes.
func seriesPoints(series []Series, spec lineSpec) ([]plotter.XYs, error) {
	if len(series) == 0 {
		return nil, errors.New("no series")
	}
	all := make([]plotter.XYs, len(series))
	for i, s := range series {
		pts, err := s.points(spec.defaultX)
		if err == nil && spec.logX {
			err = checkPositive("X", xsOf(pts))
		}
		if err == nil && spec.logY {
			err = checkPositive("Y", s.Y)
		}
		if err != nil {
			return nil, fmt.Errorf("series %d (%q): %w", i, s.Name, err)
		}
		all[i] = pts
	}
	return all, nil
}

// xsOf returns the X coordinates of pts.
func xsOf(pts plotter.XYs) []float64 {
	xs := make([]float64, len(pts))
	for i, pt := range pts {
		xs[i] = pt.X
	}
	return xs
}

// maxMarkedPoints is the longest series drawn with point markers; longer
// ones (e.g. per-batch losses) are drawn as plain lines.
const maxMarkedPoints = 100

// addLinePoints adds one series as a line with point markers, styled by
// its index, and its legend entry.
func addLinePoints(p *plot.Plot, name string, pts plotter.XYs, i int) error {
	line, points, err := plotter.NewLinePoints(pts)
	if err != nil {
		return err
	}
	c := seriesColor(i)
	line.Color = c
	line.Width = vg.Points(1.5)
	points.Color = c
	points.Shape = seriesGlyph(i)
	points.Radius = vg.Points(2.5)
	thumbs := []plot.Thumbnailer{line, points}
	if len(pts) > maxMarkedPoints {
		p.Add(line)
		thumbs = thumbs[:1]
	} else {
		p.Add(line, points)
	}
	if name != "" {
		p.Legend.Add(name, thumbs...)
	}
	return nil
}

// setLogX makes the X axis logarithmic with ticks at the distinct X values
// (the code sizes).
func setLogX(p *plot.Plot, all []plotter.XYs) {
	p.X.Scale = plot.LogScale{}
	var xs []float64
	for _, pts := range all {
		xs = append(xs, xsOf(pts)...)
	}
	p.X.Tick.Marker = valueTicks(xs)
}

// fixDegenerateRanges widens axes whose data range is a single value,
// which gonum would otherwise widen additively (invalid on a log axis).
func fixDegenerateRanges(p *plot.Plot, logX, logY bool) {
	widen := func(a *plot.Axis, log bool) {
		if a.Min != a.Max {
			return
		}
		switch {
		case log:
			a.Min, a.Max = a.Min/2, a.Max*2
		case a.Min == 0:
			a.Min, a.Max = -1, 1
		default:
			d := math.Abs(a.Min) / 2
			a.Min, a.Max = a.Min-d, a.Max+d
		}
	}
	widen(&p.X, logX)
	widen(&p.Y, logY)
}
