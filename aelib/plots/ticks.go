package plots

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
)

// linearTicker marks a linear axis with about six labelled ticks at round
// steps (1, 2, 2.5 or 5 × 10^k), and unlabelled minor ticks halfway.
type linearTicker struct{}

// targetTicks is the number of labelled ticks linearTicker aims for.
const targetTicks = 6

// Ticks implements plot.Ticker.
func (linearTicker) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return fallbackTicks(lo, hi)
	}
	step := niceStep((hi - lo) / targetTicks)
	decimals := stepDecimals(step)
	var ticks []plot.Tick
	for i := math.Ceil(lo/step - 0.5); ; i++ {
		major := i * step
		minor := major - step/2
		if minor >= lo && minor <= hi {
			ticks = append(ticks, plot.Tick{Value: minor})
		}
		if major > hi+step*1e-9 {
			break
		}
		if major >= lo-step*1e-9 {
			ticks = append(ticks, plot.Tick{Value: major, Label: formatStepTick(major, decimals)})
		}
	}
	return ticks
}

// niceStep returns the smallest round step (1, 2, 2.5 or 5 × 10^k) that is
// at least raw.
func niceStep(raw float64) float64 {
	mag := math.Pow10(int(math.Floor(math.Log10(raw))))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// stepDecimals returns the number of decimals needed to print multiples of
// step exactly (0 for steps ≥ 1 without fraction).
func stepDecimals(step float64) int {
	for d := 0; d < 12; d++ {
		scaled := step * math.Pow10(d)
		if math.Abs(scaled-math.Round(scaled)) < 1e-6*scaled {
			return d
		}
	}
	return 12
}

// formatStepTick formats a tick value with the given number of decimals,
// switching to exponent notation for very large or small magnitudes.
func formatStepTick(v float64, decimals int) string {
	if v == 0 {
		return "0"
	}
	if a := math.Abs(v); a >= 1e6 || decimals > 5 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return fmt.Sprintf("%.*f", decimals, v)
}

// valueTicks returns one labelled tick per distinct value, at most about
// 16 labels (extra values become unlabelled minor ticks).
func valueTicks(values []float64) plot.ConstantTicks {
	uniq := distinctSorted(values)
	step := (len(uniq) + 15) / 16
	ticks := make(plot.ConstantTicks, len(uniq))
	for i, v := range uniq {
		ticks[i] = plot.Tick{Value: v}
		if i%step == 0 {
			ticks[i].Label = formatTick(v)
		}
	}
	return ticks
}

// distinctSorted returns the distinct values in increasing order.
func distinctSorted(values []float64) []float64 {
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	out := sorted[:0]
	for i, v := range sorted {
		if i == 0 || v != sorted[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// formatTick formats a tick value compactly ("0.05", "128", "1e-06").
func formatTick(v float64) string {
	a := math.Abs(v)
	if a != 0 && (a < 1e-4 || a >= 1e6) {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// logTicker marks a log axis with labelled ticks at 1×10^k, or at 1, 2 and
// 5×10^k, or at every m×10^k, whichever first gives at least three labels
// in range; other multiples become minor ticks. When even that is too
// coarse (a range much narrower than a decade) it falls back to gonum's
// linear ticks.
type logTicker struct{}

// mantissaSets are tried in order by logTicker.
var mantissaSets = [][]int{{1}, {1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}}

// Ticks implements plot.Ticker.
func (logTicker) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 0) {
		return fallbackTicks(lo, hi)
	}
	for _, labelled := range mantissaSets {
		ticks := decadeTicks(lo, hi, labelled)
		if countLabelled(ticks) >= 3 {
			return ticks
		}
	}
	return fallbackTicks(lo, hi)
}

// fallbackTicks returns gonum's default ticks for a valid finite range,
// and a single labelled tick (or none) otherwise, where gonum would panic.
func fallbackTicks(lo, hi float64) []plot.Tick {
	finite := !math.IsInf(lo, 0) && !math.IsInf(hi, 0) && !math.IsNaN(lo) && !math.IsNaN(hi)
	switch {
	case finite && hi > lo:
		return plot.DefaultTicks{}.Ticks(lo, hi)
	case finite:
		return []plot.Tick{{Value: lo, Label: formatTick(lo)}}
	default:
		return nil
	}
}

// decadeTicks returns ticks at m×10^k within [lo, hi] for m = 1..9,
// labelled when m is in labelled.
func decadeTicks(lo, hi float64, labelled []int) []plot.Tick {
	const eps = 1e-9
	var ticks []plot.Tick
	for e := int(math.Floor(math.Log10(lo))); e <= int(math.Ceil(math.Log10(hi))); e++ {
		for m := 1; m <= 9; m++ {
			v := mantissaValue(m, e)
			if v < lo*(1-eps) || v > hi*(1+eps) {
				continue
			}
			tick := plot.Tick{Value: v}
			if containsInt(labelled, m) {
				tick.Label = formatTick(v)
			}
			ticks = append(ticks, tick)
		}
	}
	return ticks
}

// mantissaValue returns m×10^e parsed from its decimal form, so that for
// example 3×10^-2 is exactly the float64 closest to 0.03.
func mantissaValue(m, e int) float64 {
	v, err := strconv.ParseFloat(fmt.Sprintf("%de%d", m, e), 64)
	if err != nil {
		return float64(m) * math.Pow10(e)
	}
	return v
}

// containsInt reports whether xs contains x.
func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// countLabelled returns how many ticks have a label.
func countLabelled(ticks []plot.Tick) int {
	n := 0
	for _, t := range ticks {
		if t.Label != "" {
			n++
		}
	}
	return n
}

// snapLogRange extends a log axis to the nearest 1, 2 or 5 × 10^k below its
// minimum and above its maximum when that widens the range by less than
// 1.5×, so both ends of the data get a labelled tick nearby.
func snapLogRange(a *plot.Axis) {
	if !(a.Min > 0) || !(a.Max > a.Min) {
		return
	}
	if lo := roundLogDown(a.Min); a.Min/lo < 1.5 {
		a.Min = lo
	}
	if hi := roundLogUp(a.Max); hi/a.Max < 1.5 {
		a.Max = hi
	}
}

// roundLogDown returns the largest 1, 2 or 5 × 10^k not above v (v > 0).
func roundLogDown(v float64) float64 {
	e := int(math.Floor(math.Log10(v)))
	best := mantissaValue(1, e)
	for _, m := range []int{2, 5, 10} {
		if c := mantissaValue(m, e); c <= v*(1+1e-12) {
			best = c
		}
	}
	return best
}

// roundLogUp returns the smallest 1, 2 or 5 × 10^k not below v (v > 0).
func roundLogUp(v float64) float64 {
	e := int(math.Floor(math.Log10(v)))
	for _, m := range []int{1, 2, 5} {
		if c := mantissaValue(m, e); c >= v*(1-1e-12) {
			return c
		}
	}
	return mantissaValue(1, e+1)
}
