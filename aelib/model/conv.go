package model

import (
	"fmt"
	"slices"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/layers/activation"
	gomlxmodel "github.com/gomlx/gomlx/ml/model"
)

// ConvImpl names how convolutions are computed. Both read the same variables (a kernel
// "weights" [k, k, in, out] and "biases" [out], as GoMLX's layers.Convolution), so a model
// trained with one runs with the other.
type ConvImpl int

const (
	// ConvByDot keeps images channel-major, [C, H, W, batch], so that every spatial
	// position of a channel is a contiguous row of batch values; it gathers the rows each
	// output needs (a k×k window, zero rows off the image) and multiplies them with the
	// kernel in one matrix product, GoMLX's Dot, which the Go backend runs on its SIMD
	// matmul kernels. Gather and its gradient move whole rows; strided slices, which the
	// Go backend copies one value at a time, are avoided.
	ConvByDot ConvImpl = iota
	// ConvGoMLX uses GoMLX's layers.Convolution and graph.MaxPool on [batch, H, W, C].
	ConvGoMLX
)

// convImplFor is the implementation a graph's models use: ConvGoMLX on XLA, whose compiler
// has its own convolution kernels, and ConvByDot on every other backend (the Go backend,
// where it is about 7× faster than GoMLX's convolution; see BENCHMARKS.md, conv-epoch).
// forcedConvImpl, when set (tests and benchmarks only), overrides the choice.
func convImplFor(g *graph.Graph) ConvImpl {
	if forcedConvImpl != nil {
		return *forcedConvImpl
	}
	if g.Backend().Name() == "xla" {
		return ConvGoMLX
	}
	return ConvByDot
}

// forcedConvImpl makes every model use one implementation; nil in programs.
var forcedConvImpl *ConvImpl

// toImages reshapes rows [batch, H·W·C] (channels-last) into the layout of impl:
// [batch, H, W, C] for ConvGoMLX, [C, H, W, batch] for ConvByDot. Both have the image's
// height and width on axes 1 and 2.
func toImages(x *graph.Node, im ImageShape, impl ConvImpl) *graph.Node {
	batch := x.Shape().Dimensions[0]
	x = graph.Reshape(x, batch, im.Height, im.Width, im.Channels)
	if impl == ConvByDot {
		x = graph.TransposeAllAxes(x, 3, 1, 2, 0)
	}
	return x
}

// fromImages is the inverse of toImages: [batch, H·W·C] rows, channels-last.
func fromImages(x *graph.Node, impl ConvImpl) *graph.Node {
	if impl == ConvByDot {
		x = graph.TransposeAllAxes(x, 3, 1, 2, 0)
	}
	return graph.Reshape(x, x.Shape().Dimensions[0], -1)
}

// Geometry: the image sizes and channels of each level of a convolutional model.

// convLevels returns the image sizes [h, w] of the encoder's levels: the input, then each
// down-sampling (sizes round up, as Keras's "same" pooling does).
func (c Config) convLevels() [][2]int {
	h, w := c.Image.Height, c.Image.Width
	levels := [][2]int{{h, w}}
	for range c.Conv.Filters {
		h, w = (h+1)/2, (w+1)/2
		levels = append(levels, [2]int{h, w})
	}
	return levels
}

// ConvCodeSize is the code size of a Conv architecture: the last level's
// height·width·Filters[last] (4·4·8 = 128 for KerasConv). It is 0 for other architectures.
func (c Config) ConvCodeSize() int {
	if c.Architecture != Conv || c.Image == nil || c.Conv == nil || len(c.Conv.Filters) == 0 {
		return 0
	}
	levels := c.convLevels()
	last := levels[len(levels)-1]
	return last[0] * last[1] * c.Conv.Filters[len(c.Conv.Filters)-1]
}

// convLayout is Layout for a Conv architecture.
func (c Config) convLayout() string {
	levels := c.convLevels()
	f := c.Conv.Filters
	part := func(l [2]int, ch int) string { return fmt.Sprintf("%dx%dx%d", l[0], l[1], ch) }
	parts := []string{part(levels[0], c.Image.Channels)}
	for i := range f {
		parts = append(parts, part(levels[i+1], f[i]))
	}
	dec := decoderChannels(f)
	for i := len(f) - 1; i >= 0; i-- {
		parts = append(parts, part(levels[i], dec[len(f)-1-i]))
	}
	parts = append(parts, part(levels[0], c.Image.Channels))
	return joinDash(parts)
}

// decoderChannels are the channels of the decoder's convolutions after each up-sampling:
// the encoder's filters reversed (Keras: [16, 8, 8] → [8, 8, 16]).
func decoderChannels(filters []int) []int {
	d := slices.Clone(filters)
	slices.Reverse(d)
	return d
}

// convEncoder maps x [batch, H·W·C] through the encoder's levels to the code
// [batch, h·w·Filters[last]].
func convEncoder(s *gomlxmodel.Scope, c Config, x *graph.Node) *graph.Node {
	cv := *c.Conv
	impl := convImplFor(x.Graph())
	h := toImages(x, *c.Image, impl)
	last := len(cv.Filters) - 1
	for i, f := range cv.Filters {
		act := c.Activation
		if i == last {
			act = c.codeActivation()
		}
		ls := s.In("level_%d", i)
		if cv.Down == Stride {
			h = convLayer(ls, h, f, cv.Kernel, 2, act, impl)
			continue
		}
		h = maxPool2(convLayer(ls, h, f, cv.Kernel, 1, act, impl), impl)
	}
	return fromImages(h, impl)
}

// convDecoderLogits maps a code [batch, CodeSize] back to logits [batch, H·W·C].
func convDecoderLogits(s *gomlxmodel.Scope, c Config, code *graph.Node) *graph.Node {
	im, cv := *c.Image, *c.Conv
	levels := c.convLevels()
	last := levels[len(levels)-1]
	impl := convImplFor(code.Graph())
	h := toImages(code, ImageShape{Height: last[0], Width: last[1], Channels: cv.Filters[len(cv.Filters)-1]}, impl)
	for j, f := range decoderChannels(cv.Filters) {
		target := levels[len(levels)-2-j]
		ls := s.In("level_%d", j)
		if cv.Up == Transposed {
			h = crop(convLayer(ls, dilate2(h), f, cv.Kernel, 1, c.Activation, impl), target)
			continue
		}
		h = crop(upsample2(convLayer(ls, h, f, cv.Kernel, 1, c.Activation, impl)), target)
	}
	return fromImages(convLayer(s.In("output"), h, im.Channels, cv.Kernel, 1, Linear, impl), impl)
}

// convLayer is act(conv(x, W) + b) with "same" padding and the given stride, on images in
// impl's layout; W [k, k, in, out] and b [out] live in scope.
func convLayer(scope *gomlxmodel.Scope, x *graph.Node, out, kernel, stride int, act Activation, impl ConvImpl) *graph.Node {
	if impl == ConvGoMLX {
		y := layers.Convolution(scope, x).Filters(out).KernelSize(kernel).Strides(stride).PadSame().Done()
		return activationGraph(act, y)
	}
	in := x.Shape().Dimensions[0]
	cs := scope.In("conv")
	w := cs.VariableWithShape("weights", shapes.Make(dtypes.Float32, kernel, kernel, in, out)).NodeValue(x.Graph())
	b := cs.VariableWithShape("biases", shapes.Make(dtypes.Float32, out)).NodeValue(x.Graph())
	return convByDot(x, w, b, stride, act)
}

// convByDot is act(conv(x, w) + b), "same" padding, on channel-major images
// x [in, H, W, batch] with w [k, k, in, out], giving [out, oh, ow, batch]:
//
//	y[f, i, j, n] = b[f] + Σ_{di, dj, c} x[c, i·s + di − lo, j·s + dj − lo, n] · w[di, dj, c, f]
//
// (x is 0 off the image). With fewer input than output channels it gathers the patches
// (rows (di, dj, c, i, j) of x) and multiplies them by w as a [out, k²·in] matrix; otherwise
// it first multiplies x by every tap of w, z[(di, dj, f), ·] = w[di, dj, :, f]ᵀ·x, and
// gathers and sums the k² shifted rows of z each output needs. Either way the gathered
// volume is k²·min(in, out) rows of batch values per output pixel.
func convByDot(x, w, b *graph.Node, stride int, act Activation) *graph.Node {
	g := x.Graph()
	dims := x.Shape().Dimensions
	in, hgt, wid, batch := dims[0], dims[1], dims[2], dims[3]
	k, out := w.Shape().Dimensions[0], w.Shape().Dimensions[3]
	win := newConvWindows(hgt, wid, k, stride)
	p := win.oh * win.ow
	var y *graph.Node
	if in <= out {
		rows := withZeroRow(graph.Reshape(x, in*hgt*wid, batch))
		idx := graph.Const(g, win.patchRows(in))
		patches := graph.Reshape(graph.Gather(rows, idx), k*k*in, p*batch)
		wt := graph.Transpose(graph.Reshape(w, k*k*in, out), 0, 1) // [out, k²·in]
		y = graph.Dot(wt, patches).Product()                       // [out, p·batch]
	} else {
		taps := graph.Reshape(graph.TransposeAllAxes(w, 0, 1, 3, 2), k*k*out, in) // [(di,dj,f), c]
		z := graph.Dot(taps, graph.Reshape(x, in, hgt*wid*batch)).Product()       // [(di,dj,f), (h,w,n)]
		rows := withZeroRow(graph.Reshape(z, k*k*out*hgt*wid, batch))
		idx := graph.Const(g, win.tapRows(out))
		y = graph.ReduceSum(graph.Reshape(graph.Gather(rows, idx), out*p, k*k, batch), 1)
		y = graph.Reshape(y, out, p*batch)
	}
	y = graph.Add(y, graph.Reshape(b, out, 1))
	return graph.Reshape(activationGraph(act, y), out, win.oh, win.ow, batch)
}

// withZeroRow appends a row of zeros to rows [n, batch]: the row that windows reaching off
// the image gather.
func withZeroRow(rows *graph.Node) *graph.Node {
	return graph.Pad(rows, graph.ScalarZero(rows.Graph(), rows.DType()), graph.PadAxis{End: 1}, graph.PadAxis{})
}

// convWindows maps the output pixels of a "same" convolution to the input pixels under
// each tap of its k×k window.
type convWindows struct {
	h, w, k, stride, oh, ow, lo int
}

func newConvWindows(h, w, k, stride int) convWindows {
	oh, lo, _ := samePadding(h, k, stride)
	ow, _, _ := samePadding(w, k, stride)
	return convWindows{h: h, w: w, k: k, stride: stride, oh: oh, ow: ow, lo: lo}
}

// pixel is the input pixel (row-major index) under tap (di, dj) of output (i, j), or −1
// off the image.
func (cw convWindows) pixel(i, j, di, dj int) int {
	y, x := i*cw.stride+di-cw.lo, j*cw.stride+dj-cw.lo
	if y < 0 || x < 0 || y >= cw.h || x >= cw.w {
		return -1
	}
	return y*cw.w + x
}

// patchRows indexes the rows of x [in·H·W (+1 zero row), batch] in the order
// (di, dj, c, i, j): the patches matrix [k²·in, oh·ow·batch].
func (cw convWindows) patchRows(in int) *tensors.Tensor {
	hw, zero := cw.h*cw.w, in*cw.h*cw.w
	idx := make([]int32, 0, cw.k*cw.k*in*cw.oh*cw.ow)
	for di := range cw.k {
		for dj := range cw.k {
			for c := range in {
				for i := range cw.oh {
					for j := range cw.ow {
						row := zero
						if px := cw.pixel(i, j, di, dj); px >= 0 {
							row = c*hw + px
						}
						idx = append(idx, int32(row))
					}
				}
			}
		}
	}
	return tensors.FromFlatDataAndDimensions(idx, len(idx), 1)
}

// tapRows indexes the rows of z [k²·out·H·W (+1 zero row), batch] in the order
// (f, i, j, di, dj): for every output, the k² rows whose sum it is.
func (cw convWindows) tapRows(out int) *tensors.Tensor {
	hw := cw.h * cw.w
	zero := cw.k * cw.k * out * hw
	idx := make([]int32, 0, out*cw.oh*cw.ow*cw.k*cw.k)
	for f := range out {
		for i := range cw.oh {
			for j := range cw.ow {
				for di := range cw.k {
					for dj := range cw.k {
						row := zero
						if px := cw.pixel(i, j, di, dj); px >= 0 {
							row = ((di*cw.k+dj)*out+f)*hw + px
						}
						idx = append(idx, int32(row))
					}
				}
			}
		}
	}
	return tensors.FromFlatDataAndDimensions(idx, len(idx), 1)
}

// samePadding returns the output size of a "same" convolution of size n, kernel k and
// stride s, ⌈n/s⌉, and the padding before and after: GoMLX's rule, (k−1)/2 and k/2
// whatever the stride (TensorFlow instead puts the padding a stride leaves over after).
func samePadding(n, k, s int) (out, lo, hi int) {
	return (n + s - 1) / s, (k - 1) / 2, k / 2
}

// maxPool2 is 2×2 max pooling with stride 2 over axes 1 and 2 (height and width, in
// either layout); odd sizes round up (the last row or column is pooled alone, as Keras's
// padding="same").
func maxPool2(x *graph.Node, impl ConvImpl) *graph.Node {
	if impl == ConvGoMLX {
		return graph.MaxPool(x).Window(2).Strides(2).PadSame().Done()
	}
	dims := x.Shape().Dimensions
	batch, h, w, c := dims[0], dims[1], dims[2], dims[3]
	if h%2 == 1 || w%2 == 1 {
		lowest := graph.Scalar(x.Graph(), x.DType(), -3e38)
		x = graph.Pad(x, lowest, graph.PadAxis{}, graph.PadAxis{End: h % 2}, graph.PadAxis{End: w % 2}, graph.PadAxis{})
		h, w = h+h%2, w+w%2
	}
	return graph.ReduceMax(graph.Reshape(x, batch, h/2, 2, w/2, 2, c), 2, 4)
}

// upsample2 repeats every pixel of [A, h, w, Z] (either layout) into a 2×2 block:
// [A, 2h, 2w, Z] (Keras's UpSampling2D, nearest).
func upsample2(x *graph.Node) *graph.Node {
	dims := x.Shape().Dimensions
	batch, h, w, c := dims[0], dims[1], dims[2], dims[3]
	x = graph.Reshape(x, batch, h, 1, w, 1, c)
	x = graph.BroadcastToDims(x, batch, h, 2, w, 2, c)
	return graph.Reshape(x, batch, 2*h, 2*w, c)
}

// dilate2 inserts a zero after every row and column of [A, h, w, Z]: [A, 2h, 2w, Z].
// A "same" convolution of the result is a transposed convolution with stride 2.
func dilate2(x *graph.Node) *graph.Node {
	zero := graph.ScalarZero(x.Graph(), x.DType())
	return graph.Pad(x, zero, graph.PadAxis{}, graph.PadAxis{End: 1, Interior: 1}, graph.PadAxis{End: 1, Interior: 1}, graph.PadAxis{})
}

// crop keeps the top-left size[0]×size[1] pixels of [A, H, W, Z].
func crop(x *graph.Node, size [2]int) *graph.Node {
	dims := x.Shape().Dimensions
	if dims[1] == size[0] && dims[2] == size[1] {
		return x
	}
	return graph.Slice(x, graph.AxisRange(), graph.AxisRange(0, size[0]), graph.AxisRange(0, size[1]), graph.AxisRange())
}

// activationGraph applies act to x (Linear: x itself).
func activationGraph(act Activation, x *graph.Node) *graph.Node {
	if act == Linear {
		return x
	}
	return activation.Apply(activationType(act), x)
}
