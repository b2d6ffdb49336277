package analysis

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/classify"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
)

// Transfer fits the same linear classifier (package classify) on the first n labelled
// images of train, for each n in labels, in every method's code (Encode), and returns its test
// accuracy: acc[r][i] for representation r with labels[i] labels. A representation learned
// without labels pays off when it beats the pixels with few labels.
func Transfer(reps []Method, train, test *mnist.Set, labels []int) (acc [][]float64, err error) {
	acc = make([][]float64, len(reps))
	for r, rep := range reps {
		testCodes, err := rep.encode(test.Images)
		if err != nil {
			return nil, fmt.Errorf("transfer, %s: %w", rep.Name, err)
		}
		for _, n := range labels {
			if n < 1 || n > train.Len() {
				return nil, fmt.Errorf("transfer: %d labels of %d training images", n, train.Len())
			}
			codes, err := rep.encode(train.Images[:n*train.Dim()])
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
