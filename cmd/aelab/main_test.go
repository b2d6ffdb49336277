package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/lab"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

func TestBadFlagsExit2(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "usage"},
		{"unknown command", []string{"frobnicate"}, "unknown command"},
		{"code size zero", []string{"demo", "--code", "0"}, "code size must be > 0"},
		{"negative code size", []string{"demo", "--code=-4"}, "code size must be > 0"},
		{"unknown loss", []string{"demo", "--loss", "hinge"}, "unknown loss"},
		{"zero epochs", []string{"demo", "--epochs", "0"}, "epochs must be ≥ 1"},
		{"bad hidden", []string{"demo", "--hidden", "128,x"}, "not a whole number"},
		{"not a number", []string{"demo", "--epochs", "many"}, "invalid value"},
		{"unknown flag", []string{"demo", "--colour"}, "flag provided but not defined"},
		{"stray argument", []string{"demo", "extra"}, "unexpected arguments"},
		{"train-n too big", []string{"demo", "--train-n", "70000"}, "--train-n"},
		{"bad codes", []string{"compare", "--codes", "2,0"}, "sizes must be ≥ 1"},
		{"code above input", []string{"compare", "--codes", "2,1000"}, "larger than the input"},
		{"bce with linear output", []string{"demo", "--output-activation", "linear"}, "needs output activation"},
		{"unknown kind", []string{"demo", "--kind", "boltzmann"}, "unknown kind"},
		{"kind without value", []string{"demo", "--kind"}, "needs a value"},
		{"conv with a code size", []string{"demo", "--kind", "conv", "--code", "32"}, "code size must be the last level's"},
		{"conv even kernel", []string{"demo", "--kind=conv", "--kernel", "4"}, "odd size"},
		{"unknown noise", []string{"demo", "--noise", "blur"}, "unknown noise"},
		{"sparse KL on relu", []string{"demo", "--sparse-beta", "1", "--sparse-target", "0.05"}, "needs code activations in (0,1)"},
		{"compare with --code", []string{"compare", "--code", "8"}, "use --codes"},
		{"compare conv", []string{"compare", "--kind", "conv"}, "convolutional"},
		{"unknown data set", []string{"demo", "--dataset", "cifar10"}, "unknown data set"},
		{"denoise without noise", []string{"denoise", "--noise", ""}, "needs a training noise"},
		{"denoise bad levels", []string{"denoise", "--levels", "0.1,x"}, "not a number"},
		{"lowres factor not whole", []string{"denoise", "--noise", "lowres", "--noise-level", "2.5"}, "lowres"},
		{"anomaly bad class", []string{"anomaly", "--classes", "3,12"}, "not a class"},
		{"anomaly bad pca", []string{"anomaly", "--pca", "900"}, "--pca"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != 2 {
				t.Errorf("exit status %d, want 2 (stderr %q)", code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tt.want)
			}
			if strings.Contains(stderr.String(), "goroutine ") {
				t.Errorf("stderr holds a panic trace: %s", stderr.String())
			}
		})
	}
}

func TestHelpExit0(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"help"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "aelab demo") {
		t.Errorf("help: status %d, stdout %q", code, stdout.String())
	}
	if code := run([]string{"demo", "-h"}, &stdout, &stderr); code != 0 || !strings.Contains(stderr.String(), "-epochs") {
		t.Errorf("demo -h: status %d, stderr %q", code, stderr.String())
	}
}

// TestDemoSmall runs the demo end to end on a subset, then again to check it resumes
// (nothing left to train) and reports the same numbers.
func TestDemoSmall(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	args := []string{"demo", "--epochs", "2", "--train-n", "2000", "--test-n", "500", "--run", dir, "--quiet"}
	var stdout, stderr bytes.Buffer
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("demo exit %d\nstdout %s\nstderr %s", code, stdout.String(), stderr.String())
	}
	for _, want := range []string{"backend ", "autoencoder 784-32-784", "PCA", "per-image SE", "compression factor 24.5"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, stdout.String())
		}
	}
	for _, f := range []string{"metrics.json", "README.md", "reconstructions.png", "loss.png", "codes.png", "config.json"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("run folder lacks %s: %v", f, err)
		}
	}
	first := readMetrics(t, dir)
	if len(first.Results) != 2 || first.Results[1].Model != "PCA" || first.Backend.Name == "" || first.Versions["github.com/gomlx/gomlx"] == "" && first.Versions["go"] == "" {
		t.Fatalf("metrics.json = %+v", first)
	}
	if first.History == nil || len(first.History.Epochs) != 2 {
		t.Fatalf("metrics.json history = %+v, want 2 epochs", first.History)
	}

	if !strings.Contains(stdout.String(), "training autoencoder 784-32-784") {
		t.Errorf("first run does not say it trains:\n%s", stdout.String())
	}
	stdout.Reset()
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("second demo exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "loading the finished run (2 epochs)") || strings.Contains(stdout.String(), "training autoencoder") {
		t.Errorf("second run does not say it only loads:\n%s", stdout.String())
	}
	second := readMetrics(t, dir)
	if second.Results[0].Metrics["mse"] != first.Results[0].Metrics["mse"] || second.Results[0].Metrics["bce"] != first.Results[0].Metrics["bce"] {
		t.Errorf("rerun changed the autoencoder's metrics: %+v then %+v", first.Results[0].Metrics, second.Results[0].Metrics)
	}
}

type metricsFile struct {
	Backend struct {
		Name string `json:"name"`
	} `json:"backend"`
	Versions map[string]string `json:"versions"`
	Results  []struct {
		Model   string             `json:"model"`
		Metrics map[string]float64 `json:"metrics"`
	} `json:"results"`
	History *struct {
		Epochs []json.RawMessage `json:"epochs"`
	} `json:"history"`
}

func readMetrics(t *testing.T, dir string) metricsFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m metricsFile
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("metrics.json: %v", err)
	}
	return m
}

// stripSeconds returns an epoch's JSON without its timings, which differ between runs.
func stripSeconds(t *testing.T, raw json.RawMessage) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "seconds")
	delete(m, "eval_seconds")
	out, _ := json.Marshal(m)
	return out
}

func TestCompareSmall(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cmp")
	var stdout, stderr bytes.Buffer
	args := []string{"compare", "--codes", "2,4", "--epochs", "1", "--train-n", "1000", "--test-n", "200", "--run", dir, "--quiet"}
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("compare exit %d: %s", code, stderr.String())
	}
	m := readMetrics(t, dir)
	if len(m.Results) != 4 || m.Results[0].Model != "PCA" || m.Results[1].Model != "autoencoder 784-2-784" {
		t.Fatalf("results = %+v", m.Results)
	}
	if st, err := os.Stat(filepath.Join(dir, "error_vs_code_size.png")); err != nil || st.Size() == 0 {
		t.Errorf("chart missing: %v", err)
	}
	if !strings.Contains(stdout.String(), "per-image SE") {
		t.Errorf("no table printed:\n%s", stdout.String())
	}
}

// TestDemoKinds runs demo --kind conv and --kind variational on a subset: each trains its
// kind, writes its report, and the variational one reports its ELBO and bound.
func TestDemoKinds(t *testing.T) {
	for _, kind := range []string{"conv", "variational", "denoising"} {
		t.Run(kind, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "run")
			args := []string{"demo", "--kind", kind, "--epochs", "1", "--train-n", "1000", "--test-n", "200", "--run", dir, "--quiet"}
			var stdout, stderr bytes.Buffer
			if code := run(args, &stdout, &stderr); code != 0 {
				t.Fatalf("demo --kind %s exit %d\nstdout %s\nstderr %s", kind, code, stdout.String(), stderr.String())
			}
			m := readMetrics(t, dir)
			want := map[string]string{"conv": "convolutional autoencoder 28x28x1-", "variational": "variational autoencoder 784-512-2-", "denoising": "denoising autoencoder 784-32-784"}[kind]
			if len(m.Results) != 2 || !strings.HasPrefix(m.Results[0].Model, want) {
				t.Fatalf("results %+v, want the first row to start with %q", m.Results, want)
			}
			if kind == "variational" && !strings.Contains(stdout.String(), "test ELBO") {
				t.Errorf("no ELBO in the output:\n%s", stdout.String())
			}
		})
	}
}

// TestDenoiseAndAnomalySmall runs both application commands end to end on subsets and
// checks their reports: PSNR per method, and one-class AUCs with the paper's row.
func TestDenoiseAndAnomalySmall(t *testing.T) {
	root := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"denoise", "--epochs", "2", "--train-n", "1000", "--test-n", "200", "--runs", root, "--quiet", "--levels", "0.2,0.6"}
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("denoise exit %d\nstdout %s\nstderr %s", code, stdout.String(), stderr.String())
	}
	for _, want := range []string{"noisy input", "denoising autoencoder", "plain autoencoder", "PCA 32", "psnr_vs_level.png"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("denoise output lacks %q:\n%s", want, stdout.String())
		}
	}
	stdout.Reset()
	args = []string{"anomaly", "--epochs", "2", "--train-n", "1000", "--test-n", "200", "--runs", root, "--quiet", "--classes", "0,1"}
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("anomaly exit %d\nstdout %s\nstderr %s", code, stdout.String(), stderr.String())
	}
	for _, want := range []string{"normal class", "Deep SVDD", "99.7", "mean AUC: autoencoder"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("anomaly output lacks %q:\n%s", want, stdout.String())
		}
	}
	reports, _ := filepath.Glob(filepath.Join(root, "mnist-train1000-val10000-test200", "anomaly-*", "metrics.json"))
	if len(reports) != 1 {
		t.Fatalf("anomaly reports %v, want one metrics.json", reports)
	}
	data, err := os.ReadFile(reports[0])
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Extra  map[string]float64 `json:"extra"`
		Tables []json.RawMessage  `json:"tables"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if v, ok := m.Extra["AUC class 1, PCA"]; !ok || !(v > 0.5 && v <= 1) || len(m.Tables) != 1 {
		t.Errorf("metrics.json extra %v, %d tables", m.Extra, len(m.Tables))
	}
}

// TestDemoFashion runs the demo on Fashion-MNIST subsets into a run folder named after the
// data set; without the data set anywhere, the error must say how to get it.
func TestDemoFashion(t *testing.T) {
	root := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"demo", "--dataset", "fashion", "--epochs", "1", "--train-n", "1000", "--test-n", "200", "--runs", root, "--quiet"}
	code := run(args, &stdout, &stderr)
	if _, err := os.Stat("/usr/share/datasets/fashion-mnist"); err != nil && code != 0 {
		if !strings.Contains(stderr.String(), "dataset-fashion-mnist") {
			t.Errorf("Fashion-MNIST missing: stderr %q does not say how to install it", stderr.String())
		}
		return
	}
	if code != 0 {
		t.Fatalf("demo --dataset fashion: exit %d\nstderr %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "Fashion-MNIST from") || !strings.Contains(stdout.String(), "fashion-mnist-train1000-val10000-test200") {
		t.Errorf("output does not name the data set and its run folder:\n%s", stdout.String())
	}
}

// TestTrainingLineEpochs: the line that says a finished run is loaded also says when it
// has more epochs than asked for, or stopped short of those its own training was asked for.
func TestTrainingLineEpochs(t *testing.T) {
	tests := []struct {
		have, want, asked int
		line              string
	}{
		{0, 15, 0, "training autoencoder 784-32-784 on 10 images, validating on 10 for 15 epochs"},
		{5, 15, 15, "resuming autoencoder 784-32-784 on 10 images, validating on 10 after epoch 5 of 15"},
		{15, 15, 15, "loading the finished run (15 epochs) of autoencoder"},
		{50, 15, 50, "loading the finished run (50 epochs, 35 more than the 15 asked for: pick another --run folder for a 15-epoch model) of"},
		{30, 15, 50, "loading the finished run (30 epochs, 15 more than the 15 asked for: pick another --run folder for a 15-epoch model; its own training stopped at 30 of the 50 epochs it was asked for) of"},
	}
	set := &mnist.Set{Images: make([]float32, 10*784), Labels: make([]uint8, 10)}
	data := lab.Data{Name: "mnist", Train: set, Validation: set, Test: set}
	for _, tt := range tests {
		dir := t.TempDir()
		if tt.have > 0 {
			var h training.History
			for e := 1; e <= tt.have; e++ {
				h.Append(training.EpochStats{Epoch: e})
			}
			cp := filepath.Join(dir, "checkpoints", fmt.Sprintf("epoch-%04d", tt.have))
			raw, _ := h.MarshalIndent()
			if err := os.MkdirAll(cp, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(cp, "history.json"), raw, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if tt.asked > 0 {
			if err := (&training.Run{Dir: dir}).RecordEpochs(tt.asked); err != nil {
				t.Fatal(err)
			}
		}
		cfg := model.Tutorial()
		cfg.Epochs = tt.want
		if got := trainingLine(dir, cfg, data); !strings.Contains(got, tt.line) {
			t.Errorf("%d epochs trained, %d asked, %d recorded: %q; want it to contain %q", tt.have, tt.want, tt.asked, got, tt.line)
		}
	}
}
