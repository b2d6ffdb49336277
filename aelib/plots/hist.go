package plots

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// maxBins bounds the number of histogram bins.
const maxBins = 10000

// Group is a named sample of values, one histogram of Histograms.
type Group struct {
	// Name is shown in the legend.
	Name string
	// Values are the samples; they must be finite and not empty.
	Values []float64
}

// Histogram plots the distribution of values in bins equal-width bins.
// The Y axis shows counts, or densities with the Density option; LogY puts
// it on a log scale.
func Histogram(values []float64, bins int, title, xLabel string, opts ...Option) (*Figure, error) {
	fig, err := histogramFigure([]Group{{Values: values}}, bins, title, xLabel, opts)
	if err != nil {
		return nil, fmt.Errorf("plots: Histogram: %w", err)
	}
	return fig, nil
}

// Histograms overlays the histograms of several named groups, with shared
// bins over the range of all values, semi-transparent fills and a legend;
// for example reconstruction errors on the test set against out-of-
// distribution inputs. Use Density when the groups differ in size.
func Histograms(groups []Group, bins int, title, xLabel string, opts ...Option) (*Figure, error) {
	fig, err := histogramFigure(groups, bins, title, xLabel, opts)
	if err != nil {
		return nil, fmt.Errorf("plots: Histograms: %w", err)
	}
	return fig, nil
}

// histogramFigure validates the groups and builds the histogram plot.
func histogramFigure(groups []Group, bins int, title, xLabel string, opts []Option) (*Figure, error) {
	if err := checkGroups(groups, bins); err != nil {
		return nil, err
	}
	o := collect(opts)
	yDefault := "count"
	if o.density {
		yDefault = "density"
	}
	p := newPlot(title, label(o.xLabel, xLabel), label(o.yLabel, yDefault))
	if o.logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicker{}
	}
	addGrid(p)
	lo, width := sharedBins(groups, bins)
	for i, g := range groups {
		h := groupHistogram(g.Values, lo, width, bins, o.density)
		styleHistogram(h, i, len(groups))
		h.LogY = o.logY
		p.Add(h)
		if g.Name != "" {
			p.Legend.Add(g.Name, h)
		}
	}
	addHeadroom(p, o.logY)
	placeLegend(p, o)
	return newPlotFigure(p, DefaultWidth, DefaultHeight), nil
}

// checkGroups validates histogram input.
func checkGroups(groups []Group, bins int) error {
	if len(groups) == 0 {
		return errors.New("no groups")
	}
	if bins <= 0 || bins > maxBins {
		return fmt.Errorf("bins = %d, want 1–%d", bins, maxBins)
	}
	for i, g := range groups {
		if len(g.Values) == 0 {
			return fmt.Errorf("group %d (%q) has no values", i, g.Name)
		}
		if err := checkFinite64(fmt.Sprintf("group %d (%q) values", i, g.Name), g.Values); err != nil {
			return err
		}
	}
	return nil
}

// sharedBins returns the left edge and width of bins covering all groups.
func sharedBins(groups []Group, bins int) (lo, width float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, g := range groups {
		glo, ghi := minMax(g.Values)
		lo, hi = math.Min(lo, glo), math.Max(hi, ghi)
	}
	if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	return lo, (hi - lo) / float64(bins)
}

// groupHistogram counts values into bins [lo+i·width, lo+(i+1)·width); the
// maximum goes into the last bin. With density the counts are divided by
// len(values)·width so the area is one.
func groupHistogram(values []float64, lo, width float64, bins int, density bool) *plotter.Histogram {
	h := &plotter.Histogram{Bins: make([]plotter.HistogramBin, bins), Width: width}
	for i := range h.Bins {
		h.Bins[i].Min = lo + float64(i)*width
		h.Bins[i].Max = lo + float64(i+1)*width
	}
	for _, v := range values {
		b := min(max(int((v-lo)/width), 0), bins-1)
		h.Bins[b].Weight++
	}
	if density {
		scale := 1 / (float64(len(values)) * width)
		for i := range h.Bins {
			h.Bins[i].Weight *= scale
		}
	}
	return h
}

// styleHistogram colours histogram i of n: opaque for a lone histogram,
// semi-transparent when overlaid.
func styleHistogram(h *plotter.Histogram, i, n int) {
	c := seriesColor(i)
	alpha := uint8(110)
	if n == 1 {
		alpha = 200
	}
	h.FillColor = withAlpha(c, alpha)
	h.LineStyle = plotter.DefaultLineStyle
	h.LineStyle.Color = c
	h.LineStyle.Width = vg.Points(0.75)
}

// addHeadroom raises the top of the Y axis a little so the tallest bin does
// not touch the frame, and widens a degenerate log range.
func addHeadroom(p *plot.Plot, logY bool) {
	if logY {
		fixDegenerateRanges(p, false, true)
		p.Y.Max *= 1.3
		return
	}
	p.Y.Max += 0.05 * (p.Y.Max - p.Y.Min)
}
