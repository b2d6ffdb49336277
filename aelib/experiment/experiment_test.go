package experiment

import (
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/aelib/corrupt"
	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
)

func smallData(t *testing.T) (train, test *mnist.Set) {
	t.Helper()
	tr, te, _, err := mnist.Load(mnist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if train, err = tr.Subset(2000); err != nil {
		t.Fatal(err)
	}
	if test, err = te.Subset(500); err != nil {
		t.Fatal(err)
	}
	return train, test
}

func TestDemoAndCompare(t *testing.T) {
	train, test := smallData(t)
	b, err := backend.NewWithConfig("go")
	if err != nil {
		t.Fatal(err)
	}
	cfg := model.Tutorial()
	cfg.Epochs, cfg.BatchSize = 3, 32
	demo, err := RunDemo(b, train, test, DemoOptions{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if len(demo.Results) != 2 || demo.Results[1].Model != "PCA" || demo.Results[0].CodeSize != 32 {
		t.Fatalf("results = %+v", demo.Results)
	}
	if len(demo.AECodes) != 500*32 || len(demo.PCARecon) != 500*784 {
		t.Errorf("codes %d, PCA reconstructions %d values", len(demo.AECodes), len(demo.PCARecon))
	}
	// PCA's row must agree with the metrics package on its (clipped) reconstruction.
	m, _ := metrics.Summarize(test.Images, demo.PCARecon, mnist.Pixels)
	bce, _ := metrics.BCE(test.Images, Clip01(demo.PCARecon))
	m.BCE = bce
	if m != demo.Results[1].Metrics {
		t.Errorf("PCA row %+v, recomputed %+v", demo.Results[1].Metrics, m)
	}
	tbl := ResultsTable(demo.Results).Text()
	for _, want := range []string{"autoencoder 784-32-784", "PCA", "test BCE", "per-image SE"} {
		if !strings.Contains(tbl, want) {
			t.Errorf("table lacks %q:\n%s", want, tbl)
		}
	}

	lin := model.LinearPCA(0)
	lin.Epochs, lin.BatchSize = 1, 64
	results, err := CompareCodeSizes(b, train, test, []int{2, 8}, CompareOptions{Models: []model.Config{lin}})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 4 {
		t.Fatalf("%d results, want PCA + 1 model at 2 code sizes", len(results))
	}
	series := SeriesByModel(results, MetricMSE)
	if len(series) != 2 || series[0].Name != "PCA" || series[1].Name != "linear autoencoder 784-k-784" || len(series[1].X) != 2 {
		t.Errorf("series = %+v", series)
	}
	// More components reconstruct better.
	if !(results[2].Metrics.MSE < results[0].Metrics.MSE) {
		t.Errorf("PCA with 8 components (%v) not better than with 2 (%v)", results[2].Metrics.MSE, results[0].Metrics.MSE)
	}
	if _, err := CompareCodeSizes(b, train, test, []int{0}, CompareOptions{}); err == nil {
		t.Error("code size 0 accepted")
	}
}

func TestSweepAndErrors(t *testing.T) {
	train, test := smallData(t)
	b, _ := backend.NewWithConfig("go")
	var seen []string
	small := model.Tutorial()
	small.Epochs, small.BatchSize = 3, 32
	big := small
	big.CodeSize = 64
	results, err := Sweep(b, train, test, []Variant{{"code 4", withCode(small, 4)}, {"code 64", big}}, model.FitOptions{}, func(r Result) { seen = append(seen, r.Model) })
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(seen, ",") != "code 4,code 64" || strings.Join(Labels(results), ",") != "code 4,code 64" {
		t.Errorf("seen %v, labels %v", seen, Labels(results))
	}
	if v := Values(results, MetricBCE); len(v) != 2 || v[0] <= 0 {
		t.Errorf("values %v", v)
	}
	ae, _ := model.New(b, small)
	if _, err := ae.Fit(train.Images, test.Images, model.FitOptions{}); err != nil {
		t.Fatal(err)
	}
	noise, _ := corrupt.UniformNoise(100, 28, 28, 1)
	errs, err := ReconstructionErrors(ae.Reconstruct, []InputSet{
		{"digits", test.Images[:100*784]},
		{"inverted", corrupt.Invert(test.Images[:100*784])},
		{"noise", noise},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !(errs[1].Mean > 3*errs[0].Mean && errs[2].Mean > 3*errs[0].Mean) {
		t.Errorf("out-of-distribution errors not clearly larger: %v %v %v", errs[0].Mean, errs[1].Mean, errs[2].Mean)
	}
	if _, err := Sweep(b, train, test, nil, model.FitOptions{}, nil); err == nil {
		t.Error("empty sweep accepted")
	}
}

func withCode(c model.Config, k int) model.Config {
	c.CodeSize = k
	return c
}
