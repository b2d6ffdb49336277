package mnist

import (
	"fmt"
	"strings"
)

// Dataset names a data set this package loads. Every one has MNIST's layout: the same four
// file names (see [FileNames]), 60000 training and 10000 test 28×28 gray images, labels
// 0..9, so each loads into a [Set]. [Options.Dataset] selects one; its zero value is MNIST.
type Dataset string

// The data sets.
const (
	// MNIST is LeCun, Cortes and Burges's handwritten digits 0..9; the empty Dataset means MNIST.
	MNIST Dataset = "mnist"
	// Fashion is Zalando's Fashion-MNIST: photos of clothes, shoes and bags in 10 classes
	// (see [ClassNames]), a drop-in replacement for MNIST that is harder to learn.
	Fashion Dataset = "fashion-mnist"
)

// Environment variables naming a folder that holds a data set's four files; see
// [Options.Dir].
const (
	EnvDir        = "AELIB_MNIST_DIR"         // EnvDir is MNIST's folder.
	FashionEnvDir = "AELIB_FASHION_MNIST_DIR" // FashionEnvDir is Fashion-MNIST's folder.
)

// FashionSystemDir is where Debian's package dataset-fashion-mnist
// (`apt-get install dataset-fashion-mnist`) installs the four Fashion-MNIST files; see
// [Options.SystemDir].
const FashionSystemDir = "/usr/share/datasets/fashion-mnist"

// fashionPackage is the Debian package that installs FashionSystemDir.
const fashionPackage = "dataset-fashion-mnist"

// datasetNames are the names ParseDataset accepts, with the data set each means.
var datasetNames = []struct {
	name string
	d    Dataset
}{
	{"mnist", MNIST},
	{"fashion", Fashion},
	{"fashion-mnist", Fashion},
}

// ParseDataset returns the data set named by name: "mnist", or "fashion" or "fashion-mnist"
// for Fashion-MNIST, in any letter case (as a command-line flag gives it). Any other name,
// the empty one included, is an error that lists the valid names.
func ParseDataset(name string) (Dataset, error) {
	for _, n := range datasetNames {
		if strings.EqualFold(strings.TrimSpace(name), n.name) {
			return n.d, nil
		}
	}
	valid := make([]string, len(datasetNames))
	for i, n := range datasetNames {
		valid[i] = fmt.Sprintf("%q", n.name)
	}
	return "", fmt.Errorf("mnist: unknown data set %q: want one of %s", name, strings.Join(valid, ", "))
}

// Title returns the data set's usual written name, "MNIST" or "Fashion-MNIST", as used in
// this package's messages; for an unknown data set, Dataset("name").
func (d Dataset) Title() string {
	if s, ok := specOf(d); ok {
		return s.title
	}
	return fmt.Sprintf("Dataset(%q)", string(d))
}

// ClassNames returns the names of the 10 classes of d, indexed by label: "0".."9" for MNIST
// (and the empty Dataset), "T-shirt/top", "Trouser", ..., "Ankle boot" for Fashion-MNIST; nil
// for an unknown data set. The slice is a fresh copy.
func ClassNames(d Dataset) []string {
	s, ok := specOf(d)
	if !ok {
		return nil
	}
	return append([]string(nil), s.classes...)
}

// DefaultMirrorsOf returns the base URLs tried, in order, by the download step for data set
// d (nil for an unknown one); [Options.Mirrors] replaces them. Each serves the four .gz files
// by their official names. [DefaultMirrors] is DefaultMirrorsOf(MNIST).
func DefaultMirrorsOf(d Dataset) []string {
	s, ok := specOf(d)
	if !ok {
		return nil
	}
	return append([]string(nil), s.mirrors...)
}

// datasetSpec is everything that differs between data sets.
type datasetSpec struct {
	title     string      // title names the data set in messages: "MNIST", "Fashion-MNIST".
	envDir    string      // envDir is the environment variable of step 1.
	cacheName string      // cacheName is the folder under os.UserCacheDir()/aelib.
	modCache  bool        // modCache: step 3 is the GoMNIST module in the Go module cache.
	systemDir string      // systemDir: step 3 is this Debian package folder ("" if none).
	systemPkg string      // systemPkg is the Debian package that installs systemDir.
	files     [4]fileSpec // files are train images, train labels, test images, test labels.
	mirrors   []string    // mirrors are the default download base URLs.
	classes   []string    // classes are the class names by label.
	fix       string      // fix is the NotFoundError's "to fix" advice.
}

// envKind is the Source.Kind of the data set's environment variable.
func (s *datasetSpec) envKind() string { return "env " + s.envDir }

// filesOf returns the files of a split.
func (s *datasetSpec) filesOf(split Split) (splitFiles, error) {
	switch split {
	case Train:
		return splitFiles{s.files[0], s.files[1]}, nil
	case Test:
		return splitFiles{s.files[2], s.files[3]}, nil
	}
	return splitFiles{}, fmt.Errorf("mnist: unknown split %v", split)
}

// mnistSpec and fashionSpec describe the two data sets.
var (
	mnistSpec = datasetSpec{
		title:     "MNIST",
		envDir:    EnvDir,
		cacheName: "mnist",
		modCache:  true,
		files:     [4]fileSpec{trainImagesFile, trainLabelsFile, testImagesFile, testLabelsFile},
		mirrors: []string{
			"https://ossci-datasets.s3.amazonaws.com/mnist/",
			"https://storage.googleapis.com/cvdf-datasets/mnist/",
		},
		classes: []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"},
		fix: fmt.Sprintf("set %s to a folder holding the four files (%s), "+
			"or run `go mod download %s@%s` and retry, or allow network access",
			EnvDir, strings.Join(FileNames(), ", "), goMNISTModule, goMNISTVersion),
	}
	fashionSpec = datasetSpec{
		title:     "Fashion-MNIST",
		envDir:    FashionEnvDir,
		cacheName: "fashion-mnist",
		systemDir: FashionSystemDir,
		systemPkg: fashionPackage,
		files:     [4]fileSpec{fashionTrainImagesFile, fashionTrainLabelsFile, fashionTestImagesFile, fashionTestLabelsFile},
		mirrors: []string{
			// Keras's copy, over HTTPS.
			"https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
			// Upstream (github.com/zalandoresearch/fashion-mnist); an S3 website endpoint serves
			// plain HTTP only. Whatever a mirror sends is checked against the pinned SHA-256.
			"http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
		},
		classes: []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
			"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"},
		fix: fmt.Sprintf("run `apt-get install %s` (it installs the files in %s), "+
			"or set %s to a folder holding the four files (%s), or allow network access",
			fashionPackage, FashionSystemDir, FashionEnvDir, strings.Join(FileNames(), ", ")),
	}
)

// specOf returns the description of d; the empty Dataset is MNIST.
func specOf(d Dataset) (*datasetSpec, bool) {
	switch d {
	case MNIST, "":
		return &mnistSpec, true
	case Fashion:
		return &fashionSpec, true
	}
	return nil, false
}

// lookupSpec is specOf with an error naming the valid data sets.
func lookupSpec(d Dataset) (*datasetSpec, error) {
	if s, ok := specOf(d); ok {
		return s, nil
	}
	return nil, fmt.Errorf("mnist: unknown data set %q in Options.Dataset: want %q (the default) or %q (ParseDataset accepts more names)",
		string(d), MNIST, Fashion)
}
