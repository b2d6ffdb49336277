package analysis

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/mnist"
)

// InkMass is each image's mean pixel value: how much ink its strokes carry, a visible
// attribute that grows with stroke thickness.
func InkMass(x []float32) ([]float64, error) {
	if len(x) == 0 || len(x)%mnist.Pixels != 0 {
		return nil, fmt.Errorf("ink mass: %d values are not whole %d-pixel images", len(x), mnist.Pixels)
	}
	out := make([]float64, len(x)/mnist.Pixels)
	for i := range out {
		var s float64
		for _, v := range x[i*mnist.Pixels : (i+1)*mnist.Pixels] {
			s += float64(v)
		}
		out[i] = s / mnist.Pixels
	}
	return out, nil
}

// AttributeDirection is a direction in code space along which an attribute grows: the mean
// code of the images in the top fraction of attr minus the mean code of those in the
// bottom fraction,
//
//	d = mean{z_i : attr_i ≥ q_{1−f}} − mean{z_i : attr_i ≤ q_f}.
//
// codes holds one k-value code per image, attr one value per image.
func AttributeDirection(codes []float32, k int, attr []float64, fraction float64) ([]float32, error) {
	if k < 1 || len(codes) != k*len(attr) || len(attr) == 0 {
		return nil, fmt.Errorf("attribute direction: %d code values for %d images of code size %d", len(codes), len(attr), k)
	}
	if !(fraction > 0 && fraction <= 0.5) {
		return nil, fmt.Errorf("attribute direction: fraction must be in (0, 0.5], got %v", fraction)
	}
	order := Worst(attr, len(attr)) // largest first
	m := max(1, int(fraction*float64(len(attr))))
	top, bottom := order[:m], order[len(order)-m:]
	d := make([]float32, k)
	for _, i := range top {
		for j := range k {
			d[j] += codes[i*k+j] / float32(m)
		}
	}
	for _, i := range bottom {
		for j := range k {
			d[j] -= codes[i*k+j] / float32(m)
		}
	}
	return d, nil
}

// Variation is what moving codes along a direction does to the decoded images.
type Variation struct {
	// Steps are the multiples α of the direction added to every code.
	Steps []float64
	// Images[s] are the decoded images of step s (the same images at every step).
	Images [][]float32
	// Attribute[s] is the mean attribute of Images[s].
	Attribute []float64
}

// Vary encodes x with c, adds α·direction to every code for each α in steps, decodes, and
// measures the attribute of the decoded images: the tutorial's "feature variation", a
// chosen feature changed and the rest of the image kept.
func Vary(c Codec, x []float32, direction []float32, steps []float64, attribute func([]float32) ([]float64, error)) (Variation, error) {
	codes, err := c.Encode(x)
	if err != nil {
		return Variation{}, fmt.Errorf("vary: %w", err)
	}
	k := len(direction)
	if k == 0 || len(codes)%k != 0 {
		return Variation{}, fmt.Errorf("vary: codes of %d values do not match a direction of %d", len(codes), k)
	}
	v := Variation{Steps: steps}
	for _, a := range steps {
		moved := make([]float32, len(codes))
		for i, z := range codes {
			moved[i] = z + float32(a)*direction[i%k]
		}
		img, err := c.Decode(moved)
		if err != nil {
			return Variation{}, fmt.Errorf("vary: decode at step %g: %w", a, err)
		}
		img = Clip01(img)
		attr, err := attribute(img)
		if err != nil {
			return Variation{}, fmt.Errorf("vary: attribute at step %g: %w", a, err)
		}
		v.Images = append(v.Images, img)
		v.Attribute = append(v.Attribute, mean(attr))
	}
	return v, nil
}

// mean is the arithmetic mean of v (0 for none).
func mean(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// InkVariation is Vary along the ink-mass direction: the direction is found from the codes
// of the reference images ref (AttributeDirection of InkMass, top and bottom 10 %) and
// applied to the images x, whose decoded ink is measured at every step.
func InkVariation(c Codec, ref, x []float32, steps []float64) (Variation, error) {
	codes, err := c.Encode(ref)
	if err != nil {
		return Variation{}, fmt.Errorf("ink variation: %w", err)
	}
	ink, err := InkMass(ref)
	if err != nil {
		return Variation{}, fmt.Errorf("ink variation: %w", err)
	}
	dir, err := AttributeDirection(codes, len(codes)/len(ink), ink, 0.1)
	if err != nil {
		return Variation{}, fmt.Errorf("ink variation: %w", err)
	}
	return Vary(c, x, dir, steps, InkMass)
}
