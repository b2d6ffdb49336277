package report

import (
	"fmt"
	"math"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/plots"
)

// PSNRTable is one row per method and one column of PSNRs (dB) per restoration.
func PSNRTable(rs ...analysis.Restoration) (Table, error) {
	methods, cols, names, err := analysis.PSNRColumns(rs...)
	if err != nil {
		return Table{}, err
	}
	for i := range names {
		names[i] = "PSNR dB, " + names[i]
	}
	return MatrixTable("method", methods, names, "%.2f", cols...)
}

// RestorationGrid draws the first n clean images over each method's output for them: rows
// clean, corrupted input (the Input method), restorations.
func RestorationGrid(clean []float32, r analysis.Restoration, n int) (*plots.Figure, error) {
	if len(clean) < n*mnist.Pixels {
		return nil, fmt.Errorf("restoration grid: %d clean images, want %d", len(clean)/mnist.Pixels, n)
	}
	rows := append([][]float32{clean[:n*mnist.Pixels]}, analysis.FirstImages(r.Outputs, n, mnist.Pixels)...)
	return plots.ImageGrid(rows, append([]string{"clean"}, r.Methods...), mnist.Cols, mnist.Rows, n)
}

// OneClassTable is the one-class protocol's table: per normal class (and their mean) the
// AUC in % of the autoencoder and of PCA, with Deep SVDD's published MNIST AUC beside them
// when reference is true.
func OneClassTable(rows []analysis.OneClassRow, reference bool) (Table, error) {
	names, ae, pca, svdd := OneClassColumns(rows, reference)
	if !reference {
		return MatrixTable("normal class", names, []string{"AUC %, autoencoder", "AUC %, PCA"}, "%.1f", ae, pca)
	}
	return MatrixTable("normal class", names, []string{"AUC %, autoencoder", "AUC %, PCA", "AUC %, Deep SVDD (Ruff et al. 2018)"}, "%.1f", ae, pca, svdd)
}

// SeparationTable is one row per method and one column per anomalous set: the ROC AUC (%)
// with which the method's reconstruction error tells that set's images from normal's.
func SeparationTable(normal []float32, sets []analysis.InputSet, methods []analysis.Method) (Table, error) {
	names := make([]string, len(methods))
	cols := make([][]float64, len(sets))
	colNames := make([]string, len(sets))
	for j, s := range sets {
		colNames[j] = "AUC %, " + s.Name
		for i, m := range methods {
			names[i] = m.Name
			auc, err := analysis.SeparationAUC(m.Reconstruct, normal, s.Images)
			if err != nil {
				return Table{}, fmt.Errorf("separation of %s by %s: %w", s.Name, m.Name, err)
			}
			cols[j] = append(cols[j], 100*auc)
		}
	}
	return MatrixTable("method", names, colNames, "%.1f", cols...)
}

// JumpTable is JumpTable of every method's reconstruction errors on sets: each
// method's mean per-image MSE on each set and how many times its error on the first set.
func MethodsJumpTable(methods []analysis.Method, sets []analysis.InputSet) (Table, error) {
	names := make([]string, len(methods))
	errs := make([][]analysis.SetErrors, len(methods))
	for i, m := range methods {
		e, err := analysis.ReconstructionErrors(m.Reconstruct, sets)
		if err != nil {
			return Table{}, fmt.Errorf("%s: %w", m.Name, err)
		}
		names[i], errs[i] = m.Name, e
	}
	return JumpTable(names, errs)
}

// VariationGrid draws the first n images of every step of v, one row per step α.
func VariationGrid(v analysis.Variation, n int) (*plots.Figure, error) {
	rows := analysis.FirstImages(v.Images, n, mnist.Pixels)
	labels := make([]string, len(v.Steps))
	for i, a := range v.Steps {
		labels[i] = fmt.Sprintf("α = %+g", a)
	}
	return plots.ImageGrid(rows, labels, mnist.Cols, mnist.Rows, n)
}

// ColorGrid draws the first n colour test images over each colouring method's output for
// them: rows truth, then the methods (the gray input first when it is one of them).
func ColorGrid(test *mnist.Set, c analysis.Coloring, n int) (*plots.Figure, error) {
	d := test.Dim()
	if test.Channels != 3 || test.Len() < n {
		return nil, fmt.Errorf("color grid: %d test images of %d channels, want %d colour images", test.Len(), test.Channels, n)
	}
	rows := append([][]float32{test.Images[:n*d]}, analysis.FirstImages(c.Outputs, n, d)...)
	return plots.ColorImageGrid(rows, append([]string{"true colours"}, c.Methods...), mnist.Cols, mnist.Rows, n)
}

// TransferTable lays out analysis.Transfer's accuracies: one row per method, one column
// per number of labels.
func TransferTable(reps []analysis.Method, labels []int, acc [][]float64) (Table, error) {
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
				return Table{}, fmt.Errorf("transfer table: %s has %d accuracies for %d label counts", names[i], len(acc[i]), len(labels))
			}
			cols[j] = append(cols[j], acc[i][j])
		}
	}
	return MatrixTable("representation", names, colNames, "%.3f", cols...)
}

// DeepSVDDMNIST are the one-class MNIST AUCs (in %, classes 0–9) that Ruff et al., "Deep
// One-Class Classification" (ICML 2018), Table 1, report for One-Class Deep SVDD (mean
// over 10 seeds): an outside reference row for lab.OneClass.
var DeepSVDDMNIST = [mnist.NumClasses]float64{98.0, 99.7, 91.7, 91.9, 94.9, 88.5, 98.3, 94.6, 93.9, 96.5}

// OneClassColumns lays rows out for a table, AUCs in percent, with a last row "mean":
// the class names, the autoencoder's and PCA's columns, and Deep SVDD's published AUC of
// each class (NaN for the classes or the data sets it has none for; pass reference false
// for data other than MNIST).
func OneClassColumns(rows []analysis.OneClassRow, reference bool) (names []string, ae, pca, deepSVDD []float64) {
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
	aeMean, pcaMean := analysis.MeanAUC(rows)
	return append(names, "mean"), append(ae, 100*aeMean), append(pca, 100*pcaMean), append(deepSVDD, refSum/float64(len(rows)))
}
