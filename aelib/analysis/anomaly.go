package analysis

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
)

// Scores are the anomaly scores of a batch of images: each image's reconstruction error
// (mean squared error per pixel) under rec. A model that learned normal images
// reconstructs them well and anything else worse, so a high score flags an anomaly.
func Scores(rec func(x []float32) ([]float32, error), x []float32) ([]float64, error) {
	r, err := rec(x)
	if err != nil {
		return nil, fmt.Errorf("anomaly scores: %w", err)
	}
	return metrics.PerImageMSE(x, r, mnist.Pixels)
}

// SeparationAUC is the ROC AUC with which rec's reconstruction error tells the images of
// anomalous from those of normal: 1 when every anomalous image reconstructs worse than
// every normal one, 0.5 for chance.
func SeparationAUC(rec func(x []float32) ([]float32, error), normal, anomalous []float32) (float64, error) {
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

// OneClassRow is one class (the result of lab.OneClass) of the one-class protocol: the test AUC of the autoencoder and
// of PCA, both fitted on that class's training images alone.
type OneClassRow struct {
	Class       uint8
	Autoencoder float64
	PCA         float64
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
