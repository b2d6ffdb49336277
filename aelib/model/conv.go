package model

import (
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/layers/activation"
	gomlxmodel "github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/nn"
)

// ConvImpl names how convolutions are computed. Both read the same variables (a kernel
// "weights" [k, k, in, out] and "biases" [out], as GoMLX's layers.Convolution), so a model
// trained with one runs with the other.
type ConvImpl int

const (
	// ConvByDot gathers each output pixel's k×k×in patch (padding and strided slices) and
	// multiplies the patches by the kernel with one matrix product, GoMLX's Dot, which the
	// Go backend runs on its SIMD matmul kernels. Pooling is a reshape and a max.
	ConvByDot ConvImpl = iota
	// ConvGoMLX uses GoMLX's layers.Convolution and graph.MaxPool.
	ConvGoMLX
)

// convImpl is the implementation the models use: ConvByDot, the faster on the Go backend
// (see BENCHMARKS.md, workload conv-epoch).
var convImpl = ConvByDot

// convEncoder maps x [batch, H·W·C] through the encoder's levels to the code
// [batch, h·w·Filters[last]].
func convEncoder(s *gomlxmodel.Scope, c Config, x *graph.Node) *graph.Node {
	im, cv := *c.Image, *c.Conv
	batch := x.Shape().Dimensions[0]
	h := graph.Reshape(x, batch, im.Height, im.Width, im.Channels)
	last := len(cv.Filters) - 1
	for i, f := range cv.Filters {
		act := c.Activation
		if i == last {
			act = c.codeActivation()
		}
		ls := s.In("level_%d", i)
		if cv.Down == Stride {
			h = convLayer(ls, h, f, cv.Kernel, 2, act)
			continue
		}
		h = maxPool2(convLayer(ls, h, f, cv.Kernel, 1, act))
	}
	return graph.Reshape(h, batch, -1)
}

// convDecoderLogits maps a code [batch, CodeSize] back to logits [batch, H·W·C].
func convDecoderLogits(s *gomlxmodel.Scope, c Config, code *graph.Node) *graph.Node {
	im, cv := *c.Image, *c.Conv
	levels := c.convLevels()
	batch := code.Shape().Dimensions[0]
	last := levels[len(levels)-1]
	h := graph.Reshape(code, batch, last[0], last[1], cv.Filters[len(cv.Filters)-1])
	for j, f := range decoderChannels(cv.Filters) {
		target := levels[len(levels)-2-j]
		ls := s.In("level_%d", j)
		if cv.Up == Transposed {
			h = crop(convLayer(ls, dilate2(h), f, cv.Kernel, 1, c.Activation), target)
			continue
		}
		h = crop(upsample2(convLayer(ls, h, f, cv.Kernel, 1, c.Activation)), target)
	}
	h = convLayer(s.In("output"), h, im.Channels, cv.Kernel, 1, Linear)
	return graph.Reshape(h, batch, -1)
}

// convLayer is act(conv(x, W) + b) with "same" padding and the given stride, on
// channels-last images x [batch, H, W, in]; W [k, k, in, out] and b [out] live in scope.
func convLayer(scope *gomlxmodel.Scope, x *graph.Node, out, kernel, stride int, act Activation) *graph.Node {
	if convImpl == ConvGoMLX {
		y := layers.Convolution(scope, x).Filters(out).KernelSize(kernel).Strides(stride).PadSame().Done()
		return activationGraph(act, y)
	}
	in := x.Shape().Dimensions[3]
	cs := scope.In("conv")
	w := cs.VariableWithShape("weights", shapes.Make(dtypes.Float32, kernel, kernel, in, out)).NodeValue(x.Graph())
	b := cs.VariableWithShape("biases", shapes.Make(dtypes.Float32, out)).NodeValue(x.Graph())
	return convByDot(x, w, b, stride, act)
}

// convByDot is act(conv(x, w) + b), "same" padding, computed as patches × kernel:
//
//	y[n, i, j, :] = Σ_{di, dj, c} xpad[n, i·s + di, j·s + dj, c] · w[di, dj, c, :]
//
// The k² shifted, strided views of the padded input are concatenated on the channel axis
// (in the order di, dj, c — the row-major order of w's first three axes) and multiplied by
// w reshaped to [k²·in, out].
func convByDot(x, w, b *graph.Node, stride int, act Activation) *graph.Node {
	dims := x.Shape().Dimensions
	batch, hgt, wid, in := dims[0], dims[1], dims[2], dims[3]
	k, out := w.Shape().Dimensions[0], w.Shape().Dimensions[3]
	oh, lo0, hi0 := samePadding(hgt, k, stride)
	ow, lo1, hi1 := samePadding(wid, k, stride)
	xp := x
	if lo0+hi0+lo1+hi1 > 0 {
		xp = graph.Pad(x, graph.ScalarZero(x.Graph(), x.DType()),
			graph.PadAxis{}, graph.PadAxis{Start: lo0, End: hi0}, graph.PadAxis{Start: lo1, End: hi1}, graph.PadAxis{})
	}
	patches := make([]*graph.Node, 0, k*k)
	for di := range k {
		for dj := range k {
			patches = append(patches, graph.Slice(xp, graph.AxisRange(),
				graph.AxisRange(di, di+(oh-1)*stride+1).Stride(stride),
				graph.AxisRange(dj, dj+(ow-1)*stride+1).Stride(stride),
				graph.AxisRange()))
		}
	}
	p := patches[0]
	if len(patches) > 1 {
		p = graph.Concatenate(patches, -1)
	}
	p = graph.Reshape(p, batch*oh*ow, k*k*in)
	wm := graph.Reshape(w, k*k*in, out)
	var y *graph.Node
	if t := activationType(act); act == Linear {
		y = nn.Dense(p, wm, b, denseLayout)
	} else {
		y = nn.Dense(p, wm, b, denseLayout, t)
	}
	return graph.Reshape(y, batch, oh, ow, out)
}

// samePadding returns the output size of a "same" convolution of size n, kernel k and
// stride s, ⌈n/s⌉, and the padding before and after: GoMLX's rule, (k−1)/2 and k/2
// whatever the stride (TensorFlow instead puts the padding a stride leaves over after).
func samePadding(n, k, s int) (out, lo, hi int) {
	return (n + s - 1) / s, (k - 1) / 2, k / 2
}

// maxPool2 is 2×2 max pooling with stride 2 on [batch, H, W, C]; odd sizes round up (the
// last row or column is pooled alone, as Keras's padding="same").
func maxPool2(x *graph.Node) *graph.Node {
	if convImpl == ConvGoMLX {
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

// upsample2 repeats every pixel of [batch, h, w, C] into a 2×2 block: [batch, 2h, 2w, C]
// (Keras's UpSampling2D, nearest).
func upsample2(x *graph.Node) *graph.Node {
	dims := x.Shape().Dimensions
	batch, h, w, c := dims[0], dims[1], dims[2], dims[3]
	x = graph.Reshape(x, batch, h, 1, w, 1, c)
	x = graph.BroadcastToDims(x, batch, h, 2, w, 2, c)
	return graph.Reshape(x, batch, 2*h, 2*w, c)
}

// dilate2 inserts a zero after every row and column of [batch, h, w, C]: [batch, 2h, 2w, C].
// A "same" convolution of the result is a transposed convolution with stride 2.
func dilate2(x *graph.Node) *graph.Node {
	zero := graph.ScalarZero(x.Graph(), x.DType())
	return graph.Pad(x, zero, graph.PadAxis{}, graph.PadAxis{End: 1, Interior: 1}, graph.PadAxis{End: 1, Interior: 1}, graph.PadAxis{})
}

// crop keeps the top-left size[0]×size[1] pixels of [batch, H, W, C].
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
