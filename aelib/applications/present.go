package applications

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/plots"
	"github.com/goautoencoders/autoencoders/aelib/report"
)

// PSNRTable is one row per method and one column of PSNRs (dB) per restoration.
func PSNRTable(rs ...Restoration) (report.Table, error) {
	methods, cols, names, err := PSNRColumns(rs...)
	if err != nil {
		return report.Table{}, err
	}
	for i := range names {
		names[i] = "PSNR dB, " + names[i]
	}
	return report.MatrixTable("method", methods, names, "%.2f", cols...)
}

// RestorationGrid draws the first n clean images over each method's output for them: rows
// clean, corrupted input (the Input method), restorations.
func RestorationGrid(clean []float32, r Restoration, n int) (*plots.Figure, error) {
	if len(clean) < n*mnist.Pixels {
		return nil, fmt.Errorf("restoration grid: %d clean images, want %d", len(clean)/mnist.Pixels, n)
	}
	rows := append([][]float32{clean[:n*mnist.Pixels]}, analysis.FirstImages(r.Outputs, n, mnist.Pixels)...)
	return plots.ImageGrid(rows, append([]string{"clean"}, r.Methods...), mnist.Cols, mnist.Rows, n)
}

// OneClassTable is the one-class protocol's table: per normal class (and their mean) the
// AUC in % of the autoencoder and of PCA, with Deep SVDD's published MNIST AUC beside them
// when reference is true.
func OneClassTable(rows []OneClassRow, reference bool) (report.Table, error) {
	names, ae, pca, svdd := OneClassColumns(rows, reference)
	if !reference {
		return report.MatrixTable("normal class", names, []string{"AUC %, autoencoder", "AUC %, PCA"}, "%.1f", ae, pca)
	}
	return report.MatrixTable("normal class", names, []string{"AUC %, autoencoder", "AUC %, PCA", "AUC %, Deep SVDD (Ruff et al. 2018)"}, "%.1f", ae, pca, svdd)
}
