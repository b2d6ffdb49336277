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

// SeparationTable is one row per method and one column per anomalous set: the ROC AUC (%)
// with which the method's reconstruction error tells that set's images from normal's.
func SeparationTable(normal []float32, sets []analysis.InputSet, methods []Method) (report.Table, error) {
	names := make([]string, len(methods))
	cols := make([][]float64, len(sets))
	colNames := make([]string, len(sets))
	for j, s := range sets {
		colNames[j] = "AUC %, " + s.Name
		for i, m := range methods {
			names[i] = m.Name
			auc, err := SeparationAUC(m.Restore, normal, s.Images)
			if err != nil {
				return report.Table{}, fmt.Errorf("separation of %s by %s: %w", s.Name, m.Name, err)
			}
			cols[j] = append(cols[j], 100*auc)
		}
	}
	return report.MatrixTable("method", names, colNames, "%.1f", cols...)
}

// JumpTable is report.JumpTable of every method's reconstruction errors on sets: each
// method's mean per-image MSE on each set and how many times its error on the first set.
func JumpTable(methods []Method, sets []analysis.InputSet) (report.Table, error) {
	names := make([]string, len(methods))
	errs := make([][]analysis.SetErrors, len(methods))
	for i, m := range methods {
		e, err := analysis.ReconstructionErrors(m.Restore, sets)
		if err != nil {
			return report.Table{}, fmt.Errorf("%s: %w", m.Name, err)
		}
		names[i], errs[i] = m.Name, e
	}
	return report.JumpTable(names, errs)
}

// VariationGrid draws the first n images of every step of v, one row per step α.
func VariationGrid(v Variation, n int) (*plots.Figure, error) {
	rows := analysis.FirstImages(v.Images, n, mnist.Pixels)
	labels := make([]string, len(v.Steps))
	for i, a := range v.Steps {
		labels[i] = fmt.Sprintf("α = %+g", a)
	}
	return plots.ImageGrid(rows, labels, mnist.Cols, mnist.Rows, n)
}

// ColorGrid draws the first n colour test images over each colouring method's output for
// them: rows truth, then the methods (the gray input first when it is one of them).
func ColorGrid(test *mnist.Set, c Coloring, n int) (*plots.Figure, error) {
	d := test.Dim()
	if test.Channels != 3 || test.Len() < n {
		return nil, fmt.Errorf("color grid: %d test images of %d channels, want %d colour images", test.Len(), test.Channels, n)
	}
	rows := append([][]float32{test.Images[:n*d]}, analysis.FirstImages(c.Outputs, n, d)...)
	return plots.ColorImageGrid(rows, append([]string{"true colours"}, c.Methods...), mnist.Cols, mnist.Rows, n)
}

// TransferTable lays out Transfer's accuracies: one row per representation, one column
// per number of labels.
func TransferTable(reps []Representation, labels []int, acc [][]float64) (report.Table, error) {
	names := make([]string, len(reps))
	for i, r := range reps {
		names[i] = r.Name
	}
	cols := make([][]float64, len(labels))
	colNames := make([]string, len(labels))
	for j, n := range labels {
		colNames[j] = fmt.Sprintf("test accuracy, %d labels", n)
		for i := range reps {
			if j >= len(acc[i]) {
				return report.Table{}, fmt.Errorf("transfer table: %s has %d accuracies for %d label counts", names[i], len(acc[i]), len(labels))
			}
			cols[j] = append(cols[j], acc[i][j])
		}
	}
	return report.MatrixTable("representation", names, colNames, "%.3f", cols...)
}
