package lab

import (
	"math"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/model"
)

func TestOneClass(t *testing.T) {
	data, b := fixture(t)
	cfg := model.Tutorial()
	cfg.Epochs, cfg.BatchSize = 30, 16
	rows, err := OneClass(b, cfg, data, OneClassOptions{Classes: []uint8{0, 1}, PCAComponents: 8})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Class != 0 || rows[1].Class != 1 {
		t.Fatalf("rows %+v", rows)
	}
	for _, r := range rows {
		// Thirty short epochs on ~100 digits of one class tell it from the others.
		if !(r.PCA > 0.8 && r.PCA <= 1 && r.Autoencoder > 0.6 && r.Autoencoder <= 1) {
			t.Errorf("class %d: AUCs %+v, want well above chance", r.Class, r)
		}
	}
	ae, pc := analysis.MeanAUC(rows)
	if math.Abs(ae-(rows[0].Autoencoder+rows[1].Autoencoder)/2) > 1e-12 || math.Abs(pc-(rows[0].PCA+rows[1].PCA)/2) > 1e-12 {
		t.Errorf("MeanAUC %v %v for %+v", ae, pc, rows)
	}
}

func TestKNNByCodeSize(t *testing.T) {
	data, b := fixture(t)
	cfg := model.Tutorial()
	cfg.Epochs, cfg.BatchSize = 2, 64
	ae, pca, err := KNNByCodeSize(b, cfg, data, []int{2, 8}, Options{}, 500, 100, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(ae) != 2 || len(pca) != 2 || !(pca[1] > pca[0]) {
		t.Errorf("k-NN accuracies ae %v pca %v: want two each, PCA-8 above PCA-2", ae, pca)
	}
}
