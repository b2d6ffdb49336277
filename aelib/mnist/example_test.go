package mnist_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/goautoencoders/autoencoders/aelib/mnist"
)

// Load both splits with the default resolution order (Options.Logf, when set, tells
// which source was used) and look at the data.
func ExampleLoad() {
	train, test, _, err := mnist.Load(mnist.Options{})
	if err != nil {
		log.Fatal(err) // lists every source tried and how to fix it
	}
	fmt.Println(train.Len(), test.Len(), train.Labels[:5], test.Labels[:5])
	// Output:
	// 60000 10000 [5 0 4 1 9] [7 2 1 0 4]
}

// Decode parses IDX data from any reader, raw or gzip-compressed.
func ExampleDecode() {
	images := append([]byte{0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28}, make([]byte, 2*mnist.Pixels)...)
	images[16+mnist.Pixels+1] = 255 // image 1, row 0, column 1
	labels := []byte{0, 0, 8, 1, 0, 0, 0, 2, 3, 9}

	set, err := mnist.Decode(bytes.NewReader(images), bytes.NewReader(labels))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(set.Len(), set.Labels, set.Image(1)[:3])

	_, err = mnist.Decode(bytes.NewReader(images), bytes.NewReader(labels[:9]))
	fmt.Println(err)
	// Output:
	// 2 [3 9] [0 1 0]
	// labels: truncated: header declares 2 labels: expected 10 bytes, got 9
}

// Shuffled and Subset give a reproducible random sample.
func ExampleSet_Shuffled() {
	set := &mnist.Set{
		Images: make([]float32, 10*mnist.Pixels),
		Labels: []uint8{0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
	}
	sample, err := set.Shuffled(1).Subset(4)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sample.Labels)
	// Output:
	// [0 5 2 3]
}

// ParseDataset reads a data set's name, as from a command-line flag; ClassNames names its
// labels.
func ExampleParseDataset() {
	d, err := mnist.ParseDataset("fashion")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d, d.Title(), mnist.ClassNames(d)[9])
	_, err = mnist.ParseDataset("cifar10")
	fmt.Println(err)
	// Output:
	// fashion-mnist Fashion-MNIST Ankle boot
	// mnist: unknown data set "cifar10": want one of "mnist", "fashion", "fashion-mnist"
}

// Options.Dataset selects Fashion-MNIST; the error of a failed load lists the sources
// tried and how to get the files.
func ExampleLoad_fashion() {
	train, _, src, err := mnist.Load(mnist.Options{Dataset: mnist.Fashion})
	if err != nil {
		log.Fatal(err) // e.g. "to fix: run `apt-get install dataset-fashion-mnist` ..."
	}
	fmt.Println(src.Kind, mnist.ClassNames(mnist.Fashion)[train.Labels[0]])
}
