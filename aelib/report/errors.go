package report

import (
	"errors"
	"fmt"
	"math"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/plots"
)

// ErrorHistogram overlays the per-image errors of each input set (from
// analysis.ReconstructionErrors) on a log scale: one density histogram of log10 of the
// per-image MSE per set, 60 shared bins. Errors that span decades — digits against noise —
// stay readable side by side.
func ErrorHistogram(title string, errs []analysis.SetErrors) (*plots.Figure, error) {
	if len(errs) == 0 {
		return nil, errors.New("error histogram: no input sets")
	}
	groups := make([]plots.Group, 0, len(errs))
	for _, e := range errs {
		logs := make([]float64, len(e.PerImage))
		for i, v := range e.PerImage {
			if !(v > 0) || math.IsInf(v, 1) {
				return nil, fmt.Errorf("error histogram: %s: error %v of image %d has no logarithm", e.Name, v, i)
			}
			logs[i] = math.Log10(v)
		}
		groups = append(groups, plots.Group{Name: e.Name, Values: logs})
	}
	fig, err := plots.Histograms(groups, 60, title, "log10 of per-image MSE", plots.Density(), plots.LegendTopLeft())
	if err != nil {
		return nil, fmt.Errorf("error histogram: %w", err)
	}
	return fig, nil
}

// SetErrorsTable lays out one row per method: its label cells, its mean error on each
// input set (%.5f, errs[m] from analysis.ReconstructionErrors, the same sets for every
// method) and the ratio of its error on the last set to its error on the first (%.2f) —
// e.g. a model fitted on digits 0–4, scored on 0–4 and on 5–9. headers names every column.
func SetErrorsTable(headers []string, labels [][]string, errs [][]analysis.SetErrors) (Table, error) {
	if len(labels) == 0 || len(labels) != len(errs) {
		return Table{}, fmt.Errorf("set errors table: %d labels for %d error lists", len(labels), len(errs))
	}
	sets := len(errs[0])
	if sets < 2 {
		return Table{}, fmt.Errorf("set errors table: %d input sets, need at least 2 for a ratio", sets)
	}
	t := Table{Headers: headers}
	for m, e := range errs {
		if len(e) != sets {
			return Table{}, fmt.Errorf("set errors table: method %d has %d sets, the first %d", m, len(e), sets)
		}
		if len(headers) != len(labels[m])+sets+1 {
			return Table{}, fmt.Errorf("set errors table: %d headers for %d label, %d error and 1 ratio columns", len(headers), len(labels[m]), sets)
		}
		if !(e[0].Mean > 0) {
			return Table{}, fmt.Errorf("set errors table: method %d's error %v on %s is not positive", m, e[0].Mean, e[0].Name)
		}
		row := append([]string(nil), labels[m]...)
		for _, s := range e {
			row = append(row, fmt.Sprintf("%.5f", s.Mean))
		}
		t.Rows = append(t.Rows, append(row, fmt.Sprintf("%.2f", e[sets-1].Mean/e[0].Mean)))
	}
	return t, nil
}

// DigitTable lays out per-digit values (from analysis.MeanByDigit), one row per name, one
// column per digit 0–9 (%.4f); corner heads the name column.
func DigitTable(corner string, names []string, values [][mnist.NumClasses]float64) (Table, error) {
	if len(names) != len(values) {
		return Table{}, fmt.Errorf("digit table: %d names for %d rows of values", len(names), len(values))
	}
	t := Table{Headers: []string{corner}}
	for d := range mnist.NumClasses {
		t.Headers = append(t.Headers, fmt.Sprint(d))
	}
	for i, v := range values {
		row := []string{names[i]}
		for _, x := range v {
			row = append(row, fmt.Sprintf("%.4f", x))
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// LogitGradientFigure draws how hard binary cross-entropy and squared error push a
// sigmoid output p = σ(z) towards a target pixel value: |∂loss/∂z| of each (see
// analysis.LogitGradients) for p from 0.001 to 0.999 in steps of 0.001.
func LogitGradientFigure(target float64) (*plots.Figure, error) {
	if !(target >= 0 && target <= 1) {
		return nil, fmt.Errorf("logit gradient figure: target %v is not a pixel value in [0,1]", target)
	}
	var ps []float64
	for p := 0.001; p < 1; p += 0.001 {
		ps = append(ps, p)
	}
	bce, mse := analysis.LogitGradients(target, ps)
	for i := range ps {
		bce[i], mse[i] = math.Abs(bce[i]), math.Abs(mse[i])
	}
	return plots.LossCurves([]plots.Series{{Name: "BCE", X: ps, Y: bce}, {Name: "MSE", X: ps, Y: mse}},
		fmt.Sprintf("gradient on the logit, target pixel = %g", target),
		plots.XLabel("output p = σ(z)"), plots.YLabel("|∂loss/∂z|"))
}
