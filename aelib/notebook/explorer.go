package notebook

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/plots"
)

// Decoder is what the latent explorer needs of a model: codes in, images out
// (*model.Autoencoder's Decode).
type Decoder interface {
	// Decode maps codes (the model's code size each) to images (Width·Height values
	// each, in [0, 1]).
	Decode(codes []float32) ([]float32, error)
}

// LatentAxis is one code unit that the explorer moves, over [Min, Max].
type LatentAxis struct {
	Unit     int
	Min, Max float64
}

// ExplorerOptions configures LatentExplorer and ExplorerGrid.
type ExplorerOptions struct {
	// Title is printed above the explorer.
	Title string
	// Base is the code the explorer starts from; its length is the model's code size. The
	// axes' units are moved from there, every other unit stays.
	Base []float32
	// Axes are the units with a slider (in the live explorer) and a row or an axis of the
	// static grid.
	Axes []LatentAxis
	// GridSteps is the number of values per axis in the static grid, from Min to Max
	// (default 7, at least 2).
	GridSteps int
	// Width and Height are the decoded image's size in pixels (default 28×28, MNIST).
	Width, Height int
	// Idle ends a live session after this long without a slider move (default 5 minutes);
	// the "done" button ends it at once.
	Idle time.Duration
}

// NoWidgetsEnv, set to 1, makes LatentExplorer leave out the live sliders: for headless
// runs (scripts/run-notebooks.sh sets it), where no browser would answer them.
const NoWidgetsEnv = "AELIB_NO_WIDGETS"

// Explorer defaults.
const (
	defaultGridSteps = 7
	defaultIdle      = 5 * time.Minute
	sliderSteps      = 100 // slider positions from Min to Max
	livePixelScale   = 6   // the live image: 28×28 drawn as 168×168
)

// withDefaults returns o with its zero fields set, or an error naming what is wrong.
func (o ExplorerOptions) withDefaults() (ExplorerOptions, error) {
	if o.GridSteps == 0 {
		o.GridSteps = defaultGridSteps
	}
	if o.Width == 0 && o.Height == 0 {
		o.Width, o.Height = 28, 28
	}
	if o.Idle == 0 {
		o.Idle = defaultIdle
	}
	switch {
	case len(o.Base) == 0:
		return o, errors.New("latent explorer: Base is empty: pass the code to start from (e.g. one test image's code, or zeros of the code size)")
	case len(o.Axes) == 0:
		return o, errors.New("latent explorer: no Axes: name at least one code unit to move (see AxesFromCodes)")
	case o.GridSteps < 2:
		return o, fmt.Errorf("latent explorer: GridSteps %d: need at least 2 values per axis", o.GridSteps)
	case o.Width < 1 || o.Height < 1:
		return o, fmt.Errorf("latent explorer: image size %d×%d: both must be positive", o.Width, o.Height)
	}
	seen := map[int]bool{}
	for _, a := range o.Axes {
		if a.Unit < 0 || a.Unit >= len(o.Base) {
			return o, fmt.Errorf("latent explorer: unit %d is outside the code (units 0–%d)", a.Unit, len(o.Base)-1)
		}
		if seen[a.Unit] {
			return o, fmt.Errorf("latent explorer: unit %d is named twice", a.Unit)
		}
		seen[a.Unit] = true
		if !(a.Max > a.Min) || math.IsInf(a.Min, 0) || math.IsInf(a.Max, 0) {
			return o, fmt.Errorf("latent explorer: unit %d: range [%g, %g] is empty or not finite: need Min < Max", a.Unit, a.Min, a.Max)
		}
	}
	return o, nil
}

// axisValue is the value of slider position pos (0…steps) on axis a.
func axisValue(a LatentAxis, pos, steps int) float64 {
	return a.Min + (a.Max-a.Min)*float64(pos)/float64(steps)
}

// GridCodes returns the codes of the static grid, row after row, and its shape. With two
// axes it is the plane they span: columns go through the first axis from Min to Max, rows
// through the second from Max (top) to Min, as a plot's y axis. With one or three and
// more axes each row moves one unit through its range, the others staying at Base.
// labels name the rows.
func GridCodes(opts ExplorerOptions) (codes []float32, rows, cols int, labels []string, err error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, 0, 0, nil, err
	}
	n := o.GridSteps
	code := func() []float32 { return append([]float32(nil), o.Base...) }
	if len(o.Axes) == 2 {
		ax, ay := o.Axes[0], o.Axes[1]
		for i := range n {
			y := axisValue(ay, n-1-i, n-1)
			labels = append(labels, fmt.Sprintf("z%d=%+.2f", ay.Unit, y))
			for j := range n {
				c := code()
				c[ax.Unit], c[ay.Unit] = float32(axisValue(ax, j, n-1)), float32(y)
				codes = append(codes, c...)
			}
		}
		return codes, n, n, labels, nil
	}
	for _, a := range o.Axes {
		labels = append(labels, fmt.Sprintf("unit %d", a.Unit))
		for j := range n {
			c := code()
			c[a.Unit] = float32(axisValue(a, j, n-1))
			codes = append(codes, c...)
		}
	}
	return codes, len(o.Axes), n, labels, nil
}

// ExplorerGrid decodes the static grid's codes (GridCodes) and draws them.
func ExplorerGrid(dec Decoder, opts ExplorerOptions) (*plots.Figure, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	codes, rows, cols, labels, err := GridCodes(o)
	if err != nil {
		return nil, err
	}
	images, err := decodeChecked(dec, codes, rows*cols, o.Width*o.Height)
	if err != nil {
		return nil, err
	}
	batches := make([][]float32, rows)
	for r := range rows {
		batches[r] = images[r*cols*o.Width*o.Height : (r+1)*cols*o.Width*o.Height]
	}
	fig, err := plots.ImageGrid(batches, labels, o.Width, o.Height, cols)
	if err != nil {
		return nil, fmt.Errorf("latent explorer: %w", err)
	}
	return fig, nil
}

// decodeChecked decodes n codes and checks that n images of pixels values came back.
func decodeChecked(dec Decoder, codes []float32, n, pixels int) ([]float32, error) {
	if dec == nil {
		return nil, errors.New("latent explorer: no model (nil decoder)")
	}
	images, err := dec.Decode(codes)
	if err != nil {
		return nil, fmt.Errorf("latent explorer: decoding: %w", err)
	}
	if len(images) != n*pixels {
		return nil, fmt.Errorf("latent explorer: the model decoded %d codes to %d values, want %d images of %d pixels: set Width and Height to the model's image size", n, len(images), n, pixels)
	}
	return images, nil
}

// DecodePNG decodes one code into a grey-scale PNG of w×h pixels, each drawn as a
// scale×scale square (1 is white on black, as MNIST digits; values are clipped to
// [0, 1]). It is what the live explorer shows after every slider move.
func DecodePNG(dec Decoder, code []float32, w, h, scale int) ([]byte, error) {
	if w < 1 || h < 1 || scale < 1 {
		return nil, fmt.Errorf("latent explorer: image %d×%d at scale %d: all must be positive", w, h, scale)
	}
	pixels, err := decodeChecked(dec, code, 1, w*h)
	if err != nil {
		return nil, err
	}
	img := image.NewGray(image.Rect(0, 0, w*scale, h*scale))
	for y := range h * scale {
		for x := range w * scale {
			v := float64(pixels[(y/scale)*w+x/scale])
			if math.IsNaN(v) {
				v = 0
			}
			img.SetGray(x, y, color.Gray{Y: uint8(math.Round(255 * min(max(v, 0), 1)))})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("latent explorer: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// AxesFromCodes picks the n code units that vary most over codes (rows of codeSize values,
// e.g. the codes of test images) and gives each the range from its 2nd to its 98th
// percentile, so the sliders stay where the data is. Units that never vary (dead ReLUs)
// are never picked; the axes come in unit order.
func AxesFromCodes(codes []float32, codeSize, n int) ([]LatentAxis, error) {
	if codeSize < 1 || len(codes) == 0 || len(codes)%codeSize != 0 {
		return nil, fmt.Errorf("latent axes: %d values are not whole codes of size %d", len(codes), codeSize)
	}
	if n < 1 || n > codeSize {
		return nil, fmt.Errorf("latent axes: %d units asked of a code of %d", n, codeSize)
	}
	rows := len(codes) / codeSize
	type unit struct {
		axis   LatentAxis
		spread float64
	}
	var units []unit
	col := make([]float64, rows)
	for u := range codeSize {
		for r := range rows {
			col[r] = float64(codes[r*codeSize+u])
		}
		sort.Float64s(col)
		lo, hi := percentile(col, 0.02), percentile(col, 0.98)
		if hi > lo {
			units = append(units, unit{LatentAxis{Unit: u, Min: lo, Max: hi}, hi - lo})
		}
	}
	if len(units) < n {
		return nil, fmt.Errorf("latent axes: only %d of %d units vary over these %d codes, %d asked", len(units), codeSize, rows, n)
	}
	sort.SliceStable(units, func(i, j int) bool { return units[i].spread > units[j].spread })
	axes := make([]LatentAxis, n)
	for i := range n {
		axes[i] = units[i].axis
	}
	sort.Slice(axes, func(i, j int) bool { return axes[i].Unit < axes[j].Unit })
	return axes, nil
}

// percentile of sorted values, by linear interpolation.
func percentile(sorted []float64, p float64) float64 {
	pos := p * float64(len(sorted)-1)
	i := int(pos)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (pos-float64(i))*(sorted[i+1]-sorted[i])
}

// liveExplorer runs the interactive part in GoNB; tests replace it. It reports whether a
// live session ran (false when no browser answered).
var liveExplorer = gonbLiveExplorer

// LatentExplorer shows how the decoder draws codes near opts.Base. It always leaves a
// static grid of decodings in the cell's output (GridCodes: the same values the sliders
// reach), so an executed notebook saved as HTML shows them without a kernel; then, in a
// live notebook with GoNB's widgets, it adds one slider per axis and redraws the decoded
// image at every move, until the "done" button or opts.Idle without a move, and leaves the
// last image and its code in the output. Where no browser answers (a headless run, or
// AELIB_NO_WIDGETS=1) only the grid is shown. Outside a notebook it checks the options
// and shows nothing.
func LatentExplorer(dec Decoder, opts ExplorerOptions) error {
	o, err := opts.withDefaults()
	if err != nil {
		return err
	}
	if !front.isNotebook() {
		return nil
	}
	fig, err := ExplorerGrid(dec, o)
	if err != nil {
		return err
	}
	Print(gridCaption(o))
	if err := Show(fig); err != nil {
		return err
	}
	if os.Getenv(NoWidgetsEnv) == "1" {
		return nil
	}
	if _, err := liveExplorer(dec, o); err != nil {
		return fmt.Errorf("latent explorer: live sliders: %w", err)
	}
	return commError("LatentExplorer")
}

// gridCaption says what the static grid shows.
func gridCaption(o ExplorerOptions) string {
	var sb strings.Builder
	if o.Title != "" {
		sb.WriteString(o.Title + "\n")
	}
	if len(o.Axes) == 2 {
		ax, ay := o.Axes[0], o.Axes[1]
		fmt.Fprintf(&sb, "static grid: code unit %d from %+.2f to %+.2f left to right, unit %d from %+.2f to %+.2f bottom to top; the other units as in the start code\n",
			ax.Unit, ax.Min, ax.Max, ay.Unit, ay.Min, ay.Max)
		return sb.String()
	}
	fmt.Fprintf(&sb, "static grid: each row moves one code unit through %d values, left to right, the others as in the start code:", o.GridSteps)
	for _, a := range o.Axes {
		fmt.Fprintf(&sb, " unit %d %+.2f…%+.2f;", a.Unit, a.Min, a.Max)
	}
	return strings.TrimSuffix(sb.String(), ";") + "\n"
}

// codeLine lists the axes' values of code: "unit 3 = +1.20, unit 7 = -0.40".
func codeLine(o ExplorerOptions, code []float32) string {
	var parts []string
	for _, a := range o.Axes {
		parts = append(parts, fmt.Sprintf("unit %d = %+.2f", a.Unit, code[a.Unit]))
	}
	return strings.Join(parts, ", ")
}
