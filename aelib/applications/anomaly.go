package applications

import (
	"fmt"
	"math"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/lab"
	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
)

// Scores are the anomaly scores of a batch of images: each image's reconstruction error
// (mean squared error per pixel) under rec. A model that learned normal images
// reconstructs them well and anything else worse, so a high score flags an anomaly.
func Scores(rec analysis.Reconstructor, x []float32) ([]float64, error) {
	r, err := rec(x)
	if err != nil {
		return nil, fmt.Errorf("anomaly scores: %w", err)
	}
	return metrics.PerImageMSE(x, r, mnist.Pixels)
}

// SeparationAUC is the ROC AUC with which rec's reconstruction error tells the images of
// anomalous from those of normal: 1 when every anomalous image reconstructs worse than
// every normal one, 0.5 for chance.
func SeparationAUC(rec analysis.Reconstructor, normal, anomalous []float32) (float64, error) {
	neg, err := Scores(rec, normal)
	if err != nil {
		return 0, fmt.Errorf("normal images: %w", err)
	}
	pos, err := Scores(rec, anomalous)
	if err != nil {
		return 0, fmt.Errorf("anomalous images: %w", err)
	}
	return metrics.AUC(neg, pos)
}

// OneClassRow is one class of the one-class protocol: the test AUC of the autoencoder and
// of PCA, both fitted on that class's training images alone.
type OneClassRow struct {
	Class       uint8
	Autoencoder float64
	PCA         float64
}

// OneClassOptions are the parts of OneClass that have defaults.
type OneClassOptions struct {
	// Classes are the normal classes, one model each (default 0–9).
	Classes []uint8
	// PCAComponents is PCA's number of components (default: the model's code size).
	PCAComponents int
	// Train are lab.Train's options (run folders, display); Validation defaults to 1000.
	Train lab.Options
}

// OneClass runs the one-class anomaly-detection protocol of Ruff et al. (ICML 2018) on
// data: for each class c, cfg is trained (through lab.Train) and PCA fitted on the training
// images of class c only; every test image is scored by its reconstruction error, and the
// ROC AUC measures how well the scores put the test images of the other nine classes
// (anomalies) above those of class c (normal). Returns one row per class.
func OneClass(b compute.Backend, cfg model.Config, data lab.Data, opts OneClassOptions) ([]OneClassRow, error) {
	classes := opts.Classes
	if len(classes) == 0 {
		for c := range uint8(mnist.NumClasses) {
			classes = append(classes, c)
		}
	}
	k := opts.PCAComponents
	if k == 0 {
		k = cfg.CodeSize
	}
	trainOpts := opts.Train
	if trainOpts.Validation == 0 {
		trainOpts.Validation = 1000
	}
	var rows []OneClassRow
	for _, c := range classes {
		row, err := oneClass(b, cfg, data, c, k, trainOpts)
		if err != nil {
			return nil, fmt.Errorf("one-class %s, normal class %d: %w", data.Name, c, err)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// oneClass trains and scores the models of one normal class.
func oneClass(b compute.Backend, cfg model.Config, data lab.Data, c uint8, k int, opts lab.Options) (OneClassRow, error) {
	train, err := mnist.SelectDigits(data.Train, c)
	if err != nil {
		return OneClassRow{}, err
	}
	normal, err := mnist.SelectDigits(data.Test, c)
	if err != nil {
		return OneClassRow{}, err
	}
	var others []uint8
	for d := range uint8(mnist.NumClasses) {
		if d != c {
			others = append(others, d)
		}
	}
	anomalous, err := mnist.SelectDigits(data.Test, others...)
	if err != nil {
		return OneClassRow{}, err
	}
	val, err := mnist.SelectDigits(data.Validation, c)
	if err != nil {
		return OneClassRow{}, err
	}
	// Trained and validated on the normal class only, as the protocol has it.
	classData := lab.Data{Name: fmt.Sprintf("%s-class%d", data.Name, c), Train: train, Validation: val, Test: data.Test}
	ae, _, err := lab.Train(b, cfg, classData, opts)
	if err != nil {
		return OneClassRow{}, err
	}
	p, _, err := lab.PCA(classData, k)
	if err != nil {
		return OneClassRow{}, err
	}
	row := OneClassRow{Class: c}
	if row.Autoencoder, err = SeparationAUC(ae.Reconstruct, normal.Images, anomalous.Images); err != nil {
		return OneClassRow{}, fmt.Errorf("autoencoder: %w", err)
	}
	if row.PCA, err = SeparationAUC(PCA("PCA", p).Restore, normal.Images, anomalous.Images); err != nil {
		return OneClassRow{}, fmt.Errorf("PCA: %w", err)
	}
	return row, nil
}

// MeanAUC averages the rows' AUCs: the one-class protocol's summary number.
func MeanAUC(rows []OneClassRow) (autoencoder, pca float64) {
	for _, r := range rows {
		autoencoder += r.Autoencoder
		pca += r.PCA
	}
	n := float64(len(rows))
	return autoencoder / n, pca / n
}

// DeepSVDDMNIST are the one-class MNIST AUCs (in %, classes 0–9) that Ruff et al., "Deep
// One-Class Classification" (ICML 2018), Table 1, report for One-Class Deep SVDD (mean
// over 10 seeds): an outside reference row for OneClass.
var DeepSVDDMNIST = [mnist.NumClasses]float64{98.0, 99.7, 91.7, 91.9, 94.9, 88.5, 98.3, 94.6, 93.9, 96.5}

// OneClassColumns lays rows out for a table, AUCs in percent, with a last row "mean":
// the class names, the autoencoder's and PCA's columns, and Deep SVDD's published AUC of
// each class (NaN for the classes or the data sets it has none for; pass reference false
// for data other than MNIST).
func OneClassColumns(rows []OneClassRow, reference bool) (names []string, ae, pca, deepSVDD []float64) {
	var refSum float64
	for _, r := range rows {
		names = append(names, fmt.Sprint(r.Class))
		ae = append(ae, 100*r.Autoencoder)
		pca = append(pca, 100*r.PCA)
		ref := math.NaN()
		if reference && int(r.Class) < len(DeepSVDDMNIST) {
			ref = DeepSVDDMNIST[r.Class]
		}
		refSum += ref
		deepSVDD = append(deepSVDD, ref)
	}
	aeMean, pcaMean := MeanAUC(rows)
	return append(names, "mean"), append(ae, 100*aeMean), append(pca, 100*pcaMean), append(deepSVDD, refSum/float64(len(rows)))
}
