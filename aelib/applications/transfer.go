package applications

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/classify"
	"github.com/goautoencoders/autoencoders/aelib/lab"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
)

// Digits is data restricted to some digits, in all three parts, named e.g.
// "<data>-digits0-4":
// the data of an encoder to be reused on other digits.
func Digits(data lab.Data, digits ...uint8) (lab.Data, error) {
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

// Representation is a named way to turn images into features for the classifier.
type Representation struct {
	Name   string
	Encode func(x []float32) ([]float32, error)
}

// Pixels is the representation without learning: the images themselves.
func Pixels() Representation {
	return Representation{Name: "pixels (from scratch)", Encode: func(x []float32) ([]float32, error) { return x, nil }}
}

// Codes is a codec's code (a pre-trained encoder, PCA coefficients) as a representation.
func Codes(name string, c analysis.Codec) Representation {
	return Representation{Name: name, Encode: c.Encode}
}

// Transfer fits the same linear classifier (package classify) on the first n labelled
// images of train, for each n in labels, in every representation, and returns its test
// accuracy: acc[r][i] for representation r with labels[i] labels. A representation learned
// without labels pays off when it beats the pixels with few labels.
func Transfer(reps []Representation, train, test *mnist.Set, labels []int) (acc [][]float64, err error) {
	acc = make([][]float64, len(reps))
	for r, rep := range reps {
		testCodes, err := rep.Encode(test.Images)
		if err != nil {
			return nil, fmt.Errorf("transfer, %s: %w", rep.Name, err)
		}
		for _, n := range labels {
			if n < 1 || n > train.Len() {
				return nil, fmt.Errorf("transfer: %d labels of %d training images", n, train.Len())
			}
			codes, err := rep.Encode(train.Images[:n*train.Dim()])
			if err != nil {
				return nil, fmt.Errorf("transfer, %s: %w", rep.Name, err)
			}
			d := len(codes) / n
			c, err := classify.Fit(codes, train.Labels[:n], d, classify.Options{})
			if err != nil {
				return nil, fmt.Errorf("transfer, %s, %d labels: %w", rep.Name, n, err)
			}
			a, err := c.Accuracy(testCodes, test.Labels)
			if err != nil {
				return nil, fmt.Errorf("transfer, %s: %w", rep.Name, err)
			}
			acc[r] = append(acc[r], a)
		}
	}
	return acc, nil
}
