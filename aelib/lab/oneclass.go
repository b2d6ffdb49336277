package lab

import (
	"fmt"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
)

// OneClassOptions are the parts of OneClass that have defaults.
type OneClassOptions struct {
	// Classes are the normal classes, one model each (default 0–9).
	Classes []uint8
	// PCAComponents is PCA's number of components (default: the model's code size).
	PCAComponents int
	// Train are Train's options (run folders, display); Validation defaults to 1000.
	Train Options
}

// OneClass runs the one-class anomaly-detection protocol of Ruff et al. (ICML 2018) on
// data: for each class c, cfg is trained (through Train) and PCA fitted on the training
// images of class c only; every test image is scored by its reconstruction error, and the
// ROC AUC measures how well the scores put the test images of the other nine classes
// (anomalies) above those of class c (normal). Returns one row per class.
func OneClass(b compute.Backend, cfg model.Config, data Data, opts OneClassOptions) ([]analysis.OneClassRow, error) {
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
	var rows []analysis.OneClassRow
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
func oneClass(b compute.Backend, cfg model.Config, data Data, c uint8, k int, opts Options) (analysis.OneClassRow, error) {
	train, err := mnist.SelectDigits(data.Train, c)
	if err != nil {
		return analysis.OneClassRow{}, err
	}
	normal, err := mnist.SelectDigits(data.Test, c)
	if err != nil {
		return analysis.OneClassRow{}, err
	}
	var others []uint8
	for d := range uint8(mnist.NumClasses) {
		if d != c {
			others = append(others, d)
		}
	}
	anomalous, err := mnist.SelectDigits(data.Test, others...)
	if err != nil {
		return analysis.OneClassRow{}, err
	}
	val, err := mnist.SelectDigits(data.Validation, c)
	if err != nil {
		return analysis.OneClassRow{}, err
	}
	// Trained and validated on the normal class only, as the protocol has it.
	classData := Data{Name: fmt.Sprintf("%s-class%d", data.Name, c), Train: train, Validation: val, Test: data.Test}
	ae, _, err := Train(b, cfg, classData, opts)
	if err != nil {
		return analysis.OneClassRow{}, err
	}
	p, _, err := PCA(classData, k)
	if err != nil {
		return analysis.OneClassRow{}, err
	}
	row := analysis.OneClassRow{Class: c}
	if row.Autoencoder, err = analysis.SeparationAUC(ae.Reconstruct, normal.Images, anomalous.Images); err != nil {
		return analysis.OneClassRow{}, fmt.Errorf("autoencoder: %w", err)
	}
	if row.PCA, err = analysis.SeparationAUC(analysis.PCA("PCA", p).Reconstruct, normal.Images, anomalous.Images); err != nil {
		return analysis.OneClassRow{}, fmt.Errorf("PCA: %w", err)
	}
	return row, nil
}
