package report

import (
	"math"
	"strings"
	"testing"
)

func TestMatrixTable(t *testing.T) {
	tab, err := MatrixTable("class", []string{"0", "mean"}, []string{"AE", "paper"}, "%.1f", []float64{97.25, 90}, []float64{math.NaN(), 94.8})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"0", "97.2", "–"}, {"mean", "90.0", "94.8"}}
	if strings.Join(tab.Headers, "|") != "class|AE|paper" {
		t.Errorf("headers %v", tab.Headers)
	}
	for i, row := range want {
		if strings.Join(tab.Rows[i], "|") != strings.Join(row, "|") {
			t.Errorf("row %d: %v, want %v", i, tab.Rows[i], row)
		}
	}
	if _, err := MatrixTable("c", []string{"a"}, []string{"x"}, "%v", []float64{1, 2}); err == nil {
		t.Error("column longer than the rows: no error")
	}
	if _, err := MatrixTable("c", []string{"a"}, []string{"x", "y"}, "%v", []float64{1}); err == nil {
		t.Error("two names for one column: no error")
	}
}

func TestCurves(t *testing.T) {
	fig, err := Curves("PSNR", "σ", "dB", []float64{0.1, 0.5}, []string{"noisy", "DAE"}, [][]float64{{20, 9}, {22, 17}})
	if err != nil {
		t.Fatal(err)
	}
	if png, err := fig.PNG(); err != nil || len(png) < 1000 {
		t.Errorf("PNG %d bytes, %v", len(png), err)
	}
	if _, err := Curves("PSNR", "σ", "dB", []float64{0.1, 0.5}, []string{"noisy"}, [][]float64{{20, 9}, {1, 2}}); err == nil {
		t.Error("one name for two series: no error")
	}
}

func TestSeriesByParameters(t *testing.T) {
	rows := []Result{
		{Model: "PCA", CodeSize: 2, Parameters: 2352},
		{Model: "autoencoder 784-2-784", CodeSize: 2, Parameters: 3922},
		{Model: "PCA", CodeSize: 8, Parameters: 7056},
		{Model: "autoencoder 784-8-784", CodeSize: 8, Parameters: 13344},
	}
	s := SeriesByParameters(rows, MetricMSE)
	if len(s) != 2 || s[0].Name != "PCA" || s[0].X[1] != 7056 || s[1].X[0] != 3922 || s[1].X[1] != 13344 {
		t.Errorf("series %+v", s)
	}
	for i := range rows {
		rows[i].Metrics.MSE = float64(i + 1)
	}
	if _, err := ErrorVsParameters(rows, MetricMSE, "test MSE"); err != nil {
		t.Error(err)
	}
	if at := AtCodeSize(rows, 8); len(at) != 2 || at[0].Parameters != 7056 || at[1].Parameters != 13344 {
		t.Errorf("AtCodeSize(8) = %+v", at)
	}
}
