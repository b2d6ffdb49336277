package report

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/plots"
)

func TestWrite(t *testing.T) {
	r := New("demo", []string{"aelab", "demo", "--epochs", "2"}, backend.Choice{Config: "go", Name: "go", Reason: "test"})
	r.Config = map[string]int{"code_size": 32}
	r.Results = []metrics.Result{
		{Model: "autoencoder 784-32-784", CodeSize: 32, Metrics: metrics.Summary{MSE: 0.0096, BCE: 0.0914, PerImageSE: 7.52, PSNR: 20.2}},
		{Model: "PCA", CodeSize: 32, Metrics: metrics.Summary{MSE: 0.0168, BCE: 0.12, PerImageSE: 13.2, PSNR: 17.7}},
	}
	fig, err := plots.Bars([]string{"a", "b"}, []float64{1, 2}, "t", "y")
	if err != nil {
		t.Fatal(err)
	}
	r.AddFigure("bars.png", fig)
	r.AddFigure("bars.png", fig) // the same name twice is listed once
	dir := filepath.Join(t.TempDir(), "run")
	if err := r.Write(dir); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Title    string            `json:"title"`
		Backend  backend.Choice    `json:"backend"`
		Versions map[string]string `json:"versions"`
		Results  []metrics.Result
		Figures  []string `json:"figures"`
		Config   map[string]int
	}
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Title != "demo" || back.Backend.Name != "go" || back.Versions["go"] == "" || len(back.Results) != 2 ||
		back.Results[1].Metrics.MSE != 0.0168 || len(back.Figures) != 1 || back.Config["code_size"] != 32 {
		t.Errorf("metrics.json round trip = %+v", back)
	}
	md, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# aelab demo", "`aelab demo --epochs 2`", "backend go: test", "| PCA", "![bars.png](bars.png)"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("README.md lacks %q:\n%s", want, md)
		}
	}
	if st, err := os.Stat(filepath.Join(dir, "bars.png")); err != nil || st.Size() == 0 {
		t.Errorf("figure not written: %v", err)
	}
	if !strings.Contains(r.Header(), "date: ") {
		t.Errorf("Header() = %q", r.Header())
	}
}
