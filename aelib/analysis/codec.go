package analysis

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/pca"
)

// Codec is an encoder and its decoder over row-major batches: a trained
// *model.Autoencoder, or a fitted PCA through PCACodec.
type Codec interface {
	Encode(x []float32) ([]float32, error)
	Decode(codes []float32) ([]float32, error)
}

// PCACodec is a fitted PCA as a Codec, whose codes are its K coefficients per image, and
// as a reconstruction (its Reconstruct method; see PCA for it as a Method): the batch sizes follow from the lengths.
type PCACodec struct {
	PCA *pca.PCA
}

// Encode returns the coefficients of the rows of x (Transform).
func (c PCACodec) Encode(x []float32) ([]float32, error) {
	n, err := c.rows("encode", x, c.PCA.NFeatures)
	if err != nil {
		return nil, err
	}
	return c.PCA.Transform(x, n)
}

// Decode maps rows of K coefficients back to images (InverseTransform).
func (c PCACodec) Decode(codes []float32) ([]float32, error) {
	n, err := c.rows("decode", codes, c.PCA.K())
	if err != nil {
		return nil, err
	}
	return c.PCA.InverseTransform(codes, n)
}

// Reconstruct projects the rows of x onto the principal subspace (Reconstruct).
func (c PCACodec) Reconstruct(x []float32) ([]float32, error) {
	n, err := c.rows("reconstruct", x, c.PCA.NFeatures)
	if err != nil {
		return nil, err
	}
	return c.PCA.Reconstruct(x, n)
}

// rows is the number of rows of width d in x, or an error when x is empty or ragged.
func (c PCACodec) rows(what string, x []float32, d int) (int, error) {
	if c.PCA == nil || d < 1 {
		return 0, fmt.Errorf("PCA %s: no fitted PCA", what)
	}
	if len(x) == 0 || len(x)%d != 0 {
		return 0, fmt.Errorf("PCA %s: %d values are not rows of %d", what, len(x), d)
	}
	return len(x) / d, nil
}

// Walk encodes the images a and b, takes steps points evenly spaced on the segment between
// their codes (Interpolate, both ends included) and decodes them: a steps-image batch that
// shows what the decoder draws on the way from one input to the other.
func Walk(c Codec, a, b []float32, steps int) ([]float32, error) {
	za, err := c.Encode(a)
	if err != nil {
		return nil, fmt.Errorf("walk: %w", err)
	}
	zb, err := c.Encode(b)
	if err != nil {
		return nil, fmt.Errorf("walk: %w", err)
	}
	if len(za) != len(zb) {
		return nil, fmt.Errorf("walk: the end points encode to %d and %d values; give one image each", len(za), len(zb))
	}
	path, err := Interpolate(za, zb, steps)
	if err != nil {
		return nil, fmt.Errorf("walk: %w", err)
	}
	return c.Decode(path)
}

// ScaleUnit returns len(scales) copies of code as one row-major batch, copy i with the
// value of unit multiplied by scales[i] and every other value unchanged: decoded, it shows
// what that one code unit draws.
func ScaleUnit(code []float32, unit int, scales []float32) ([]float32, error) {
	if unit < 0 || unit >= len(code) {
		return nil, fmt.Errorf("scale unit: unit %d out of range 0..%d", unit, len(code)-1)
	}
	if len(scales) == 0 {
		return nil, fmt.Errorf("scale unit: no scales")
	}
	out := make([]float32, 0, len(scales)*len(code))
	for _, s := range scales {
		row := len(out)
		out = append(out, code...)
		out[row+unit] *= s
	}
	return out, nil
}
