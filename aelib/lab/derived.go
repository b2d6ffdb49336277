package lab

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/goautoencoders/autoencoders/aelib/corrupt"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
)

// Digits is the data restricted to some digits, in all three parts, named e.g.
// "<data>-digits0-4":
// the data of an encoder to be reused on other digits.
func (data Data) Digits(digits ...uint8) (Data, error) {
	parts := make([]string, len(digits))
	for i, d := range digits {
		parts[i] = strconv.Itoa(int(d))
	}
	suffix := "digits" + strings.Join(parts, "")
	if len(digits) > 2 && int(digits[len(digits)-1])-int(digits[0]) == len(digits)-1 {
		suffix = fmt.Sprintf("digits%d-%d", digits[0], digits[len(digits)-1])
	}
	return data.Derive(suffix, func(_ string, s *mnist.Set) (*mnist.Set, error) {
		return mnist.SelectDigits(s, digits...)
	})
}

// Colored returns the data with every image coloured by corrupt.Colorize — each digit class
// its own hue, a dark tinted background, a seeded ±10 % brightness per image — as RGB sets
// (Channels 3), named data.Name + "-colored": data in which colour follows from content,
// as the tutorial's image-colouring application assumes.
func (data Data) Colored(seed uint64) (Data, error) {
	seeds := map[string]uint64{"training": seed, "test": seed + 1, "validation": seed + 2}
	return data.Derive("colored", func(part string, s *mnist.Set) (*mnist.Set, error) {
		rgb, err := corrupt.Colorize(s.Images, s.Labels, mnist.Cols, mnist.Rows, seeds[part])
		if err != nil {
			return nil, fmt.Errorf("colour: %w", err)
		}
		return &mnist.Set{Images: rgb, Labels: append([]uint8(nil), s.Labels...), Channels: 3}, nil
	})
}

// TestImages returns the first n test images (all of them when there are fewer, as in
// quick mode), row-major.
func (d Data) TestImages(n int) []float32 {
	n = min(n, d.Test.Len())
	return d.Test.Images[:n*d.Test.Dim()]
}

// TestLabels returns the labels of TestImages(n).
func (d Data) TestLabels(n int) []uint8 {
	return d.Test.Labels[:min(n, d.Test.Len())]
}
