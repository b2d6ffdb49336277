package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
		ok   bool
	}{
		{nil, 0, false},
		{[]float64{3}, 3, true},
		{[]float64{3, 1, 2}, 2, true},
		{[]float64{4, 1, 3, 2}, 2.5, true},
		{[]float64{5, 5, 1, 9, 7}, 5, true},
	} {
		in := append([]float64(nil), tc.in...)
		got, ok := median(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("median(%v) = %v, %v; want %v, %v", in, got, ok, tc.want, tc.ok)
		}
		for i := range in {
			if in[i] != tc.in[i] {
				t.Errorf("median reordered its input: %v", tc.in)
				break
			}
		}
	}
}

func TestFmtSeconds(t *testing.T) {
	for in, want := range map[float64]string{0.01234: "0.012", 1.234: "1.23", 12.34: "12.3", 123.4: "123"} {
		if got := fmtSeconds(in); got != want {
			t.Errorf("fmtSeconds(%v) = %q, want %q", in, got, want)
		}
	}
}

func mustWorkload(t *testing.T, name string) workload {
	t.Helper()
	w, ok := lookupWorkload(name)
	if !ok {
		t.Fatalf("no workload %q", name)
	}
	return w
}

func timed(label string, median, rss float64) measurement {
	return measurement{Label: label, Seconds: []float64{median}, Median: median, PeakRSSMiB: rss}
}

func TestRenderTable(t *testing.T) {
	rows := []row{
		{W: mustWorkload(t, "tutorial-epoch"), Aelib: timed("aelib", 1.5, 300), Peer: timed("PyTorch 1.13.0 (1 thread)", 2, 450)},
		{W: mustWorkload(t, "deep-epoch"), Aelib: timed("aelib", 30, 700), Peer: timed("PyTorch 1.13.0 (2 threads)", 20, 600)},
		{W: mustWorkload(t, "inference-10k"), Aelib: timed("aelib", 0.05, 250), Peer: measurement{Skipped: skipMessage("torch")}},
		{W: mustWorkload(t, "pca-fit-k32-randomized"), Aelib: timed("aelib", 1, 300), Peer: timed("scikit-learn 1.2.1 PCA randomized", 2, 400)},
		{W: mustWorkload(t, "pca-fit-k32"), Aelib: measurement{Skipped: "failed: boom | bang"}, Peer: timed("scikit-learn 1.2.1 PCA full", 2, 400)},
	}
	got := renderTable(rows)
	want := tableHeader +
		"| tutorial-epoch | — | 1.50 | PyTorch 1.13.0 (1 thread) | 2.00 |  |  | 0.75 |  | ≤ 0.80× best peer: met; RSS ≤ peer: met | 300 | 450 |  |\n" +
		"| deep-epoch | — | 30.0 | PyTorch 1.13.0 (2 threads) | 20.0 |  |  | 1.50 |  | ≤ 1.00× best peer: missed | 700 | 600 |  |\n" +
		"| inference-10k | — | 0.050 | skipped: python3-torch not installed (apt-get install python3-torch) |  |  |  |  |  | ≤ 1.00× best peer: n/a | 250 |  |  |\n" +
		"| pca-fit-k32-randomized | — | 1.00 | scikit-learn 1.2.1 PCA randomized | 2.00 |  |  | 0.50 |  | — (informational) | 300 | 400 |  |\n" +
		`| pca-fit-k32 | — | failed: boom \| bang | scikit-learn 1.2.1 PCA full | 2.00 |  |  |  |  | ≤ 1.00× peer: n/a |  | 400 |  |` + "\n"
	if got != want {
		t.Errorf("renderTable:\n%s\nwant:\n%s", got, want)
	}
	m := misses(rows)
	if len(m) != 1 || !strings.HasPrefix(m[0], "deep-epoch: aelib takes 1.50×") {
		t.Errorf("misses = %q", m)
	}
	rows[0].Aelib.PeakRSSMiB = 500
	if v := rows[0].rssVerdict(); v != "missed" {
		t.Errorf("rssVerdict with aelib 500 MiB > peer 450 MiB = %q, want missed", v)
	}
	if m := misses(rows); len(m) != 2 {
		t.Errorf("misses after RSS regression = %q, want 2 lines", m)
	}
}

func TestRenderMarkdown(t *testing.T) {
	rep := &report{
		Command: "go run ./cmd/aebench --runs 3", Runs: 3,
		Machine:  machineInfo{CPU: "Test CPU", Cores: 2, MemGiB: 4, OS: "linux/amd64", Go: "go1.x"},
		Backends: []backendInfo{{Config: "go", Line: "backend go: test"}}, DataDir: "/data",
		Rows: []row{{
			W:     mustWorkload(t, "tutorial-epoch"),
			Aelib: measurement{Label: "aelib", Seconds: []float64{1, 2, 3}, Median: 2, First: 4, PeakRSSMiB: 100, Command: "aebench -worker tutorial-epoch -runs 3"},
			Peer:  measurement{Label: "PyTorch 1.13 (1 thread)", Seconds: []float64{2}, Median: 2, PeakRSSMiB: 200, Command: "/usr/bin/python3 bench/torch_bench.py --workload tutorial-epoch --threads 1 --repeat 3"},
			Trials: []threadTrial{
				{Config: threadConfig{1, 1}, Median: 2, Command: "/usr/bin/python3 bench/torch_bench.py --workload tutorial-epoch --threads 1 --blas-threads 1 --repeat 3"},
				{Config: threadConfig{2, 1}, Err: "failed: x", Command: "/usr/bin/python3 bench/torch_bench.py --workload tutorial-epoch --threads 2 --blas-threads 1 --repeat 3"},
			},
		}},
		PeerVersion: map[string]string{"PyTorch": "1.13"},
	}
	md := renderMarkdown(rep)
	for _, want := range []string{
		"go run ./cmd/aebench --runs 3",
		"Test CPU, 2 logical cores, 4.0 GiB memory",
		"backend go: test",
		"| tutorial-epoch | — | 2.00 | PyTorch 1.13 (1 thread) | 2.00 |  |  | 1.00 |  | ≤ 0.80× best peer: missed; RSS ≤ peer: met | 100 | 200 |  |",
		"| tutorial-epoch | 4.00 |  |",
		"| workload | 1 thread s | 2 threads, OpenBLAS 1 s |",
		"| tutorial-epoch | 2.00 | failed |",
		"aebench -worker tutorial-epoch -runs 3\n",
		"bench/torch_bench.py --workload tutorial-epoch --threads 2 --blas-threads 1 --repeat 3\n",
		"aelib 1.00, 2.00, 3.00 s (first 4.00 s)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestParseTorchOutput(t *testing.T) {
	out := []byte("some warning\n" + `{"workload": "tutorial-epoch", "model": "784-32-784", "threads": 2, "torch_version": "1.13.0a0", "seconds": 1.5, "seconds_all": [1.4, 1.5, 1.7], "first_seconds": 3.0, "peak_rss_mib": 499.5}` + "\n")
	got, err := parseTorchOutput(out)
	if err != nil {
		t.Fatal(err)
	}
	if got.Threads != 2 || got.Seconds != 1.5 || len(got.SecondsAll) != 3 || got.FirstSeconds != 3 || got.PeakRSSMiB != 499.5 || got.TorchVersion != "1.13.0a0" {
		t.Errorf("parseTorchOutput = %+v", got)
	}
	gave, err := parseTorchOutput([]byte(`{"workload": "deep-epoch", "threads": 2, "gave_up": true, "first_seconds": 90.5, "seconds_all": [], "seconds": null}`))
	if err != nil || !gave.GaveUp || gave.Seconds != 0 || gave.BLASThreads != 0 {
		t.Errorf("parseTorchOutput(gave up) = %+v, %v", gave, err)
	}
	for _, bad := range []string{"", "Traceback (most recent call last):\n  boom", `{"seconds": 0, "seconds_all": []}`, `{"seconds": "x"}`} {
		if _, err := parseTorchOutput([]byte(bad)); err == nil {
			t.Errorf("parseTorchOutput(%q) succeeded", bad)
		}
	}
}

func TestParseSklearnOutput(t *testing.T) {
	out := []byte(`{
  "sklearn_version": "1.2.1",
  "numpy_version": "1.24.2",
  "solver": "full",
  "k": 32,
  "repeat": 2,
  "fit_seconds": 4.5,
  "fit_seconds_all": [4.0, 5.0],
  "explained_variance_ratio_sum": 0.7436,
  "reference": {"mse_k32": 0.01}
}
`)
	got, err := parseSklearnOutput(out)
	if err != nil {
		t.Fatal(err)
	}
	if got.SklearnVersion != "1.2.1" || got.Solver != "full" || got.FitSeconds != 4.5 || len(got.FitSecondsAll) != 2 || got.K != 32 {
		t.Errorf("parseSklearnOutput = %+v", got)
	}
	if _, err := parseSklearnOutput([]byte("sklearn_pca: cannot locate MNIST")); err == nil {
		t.Error("parseSklearnOutput accepted an error message")
	}
}

func TestParseWorkerOutput(t *testing.T) {
	got, err := parseWorkerOutput([]byte("log line\n{\"workload\":\"pca-fit-k32\",\"seconds\":[2,1,3]}\n"))
	if err != nil || len(got.Seconds) != 3 {
		t.Fatalf("parseWorkerOutput = %+v, %v", got, err)
	}
	for _, bad := range []string{"", "no json", `{"workload":"x","seconds":[]}`} {
		if _, err := parseWorkerOutput([]byte(bad)); err == nil {
			t.Errorf("parseWorkerOutput(%q) succeeded", bad)
		}
	}
}

func TestSkipMessage(t *testing.T) {
	if got, want := skipMessage("torch"), "skipped: python3-torch not installed (apt-get install python3-torch)"; got != want {
		t.Errorf("skipMessage(torch) = %q, want %q", got, want)
	}
	if got, want := skipMessage("sklearn"), "skipped: python3-sklearn not installed (apt-get install python3-sklearn)"; got != want {
		t.Errorf("skipMessage(sklearn) = %q, want %q", got, want)
	}
}

// TestPeerSkipped checks that a Python without the module, or a missing script, gives a
// skip message and no timings.
func TestPeerSkipped(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "bench"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{torchScript, sklearnScript} {
		if err := os.WriteFile(filepath.Join(root, s), []byte("# stub\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// "false" exits 1 whatever its arguments: every import fails.
	p := &pythonPeers{python: "false", root: root, runs: 1, threads: []threadConfig{{1, 1}}, timeout: 10e9}
	var log bytes.Buffer
	m, _ := p.measure(context.Background(), mustWorkload(t, "tutorial-epoch"), &log)
	if m.ok() || m.Skipped != skipMessage("torch") {
		t.Errorf("torch peer with failing import: %+v", m)
	}
	m, _ = p.measure(context.Background(), mustWorkload(t, "pca-fit-k32"), &log)
	if m.ok() || m.Skipped != skipMessage("sklearn") {
		t.Errorf("sklearn peer with failing import: %+v", m)
	}
	if err := os.Remove(filepath.Join(root, sklearnScript)); err != nil {
		t.Fatal(err)
	}
	m, _ = p.measure(context.Background(), mustWorkload(t, "pca-fit-k32"), &log)
	if m.Skipped != "skipped: bench/sklearn_pca.py not found" {
		t.Errorf("missing script: %+v", m)
	}
}

func TestBadCommandLine(t *testing.T) {
	for _, args := range [][]string{
		{"--workloads", "tutorial-epoch,bogus"},
		{"-worker", "bogus"},
		{"--runs", "0"},
		{"--torch-threads", "0"},
		{"extra"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("run(%q) = %d, want 2 (stderr %q)", args, code, stderr.String())
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-h"}, &stdout, &stderr); code != 0 {
		t.Errorf("run(-h) = %d, want 0", code)
	}
}

func TestParseThreads(t *testing.T) {
	got, err := parseThreads("1, 2,1:2,2:1,2:2")
	want := []threadConfig{{1, 1}, {2, 2}, {1, 2}, {2, 1}}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("parseThreads = %v, %v; want %v", got, err, want)
	}
	if s := (threadConfig{2, 1}).String(); s != "2:1" {
		t.Errorf("String = %q", s)
	}
	for _, bad := range []string{"", "0", "x", "1:", ":2", "2:0", "1:2:3"} {
		if _, err := parseThreads(bad); err == nil {
			t.Errorf("parseThreads(%q) succeeded", bad)
		}
	}
}

func TestParseWorkloads(t *testing.T) {
	ws, err := parseWorkloads(" deep-epoch, pca-fit-k32,deep-epoch,")
	if err != nil || len(ws) != 2 || ws[0].Name != "deep-epoch" || ws[1].Name != "pca-fit-k32" {
		t.Errorf("parseWorkloads = %v, %v", ws, err)
	}
	if _, err := parseWorkloads(""); err == nil {
		t.Error("empty --workloads accepted")
	}
}

func TestShellJoin(t *testing.T) {
	if got, want := shellJoin([]string{"a", "--out", "/tmp/x y.md", "it's"}), `a --out '/tmp/x y.md' 'it'\''s'`; got != want {
		t.Errorf("shellJoin = %s, want %s", got, want)
	}
}

func TestFindRoot(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module "+modulePath+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := findRoot(sub); err != nil || got != root {
		t.Errorf("findRoot = %q, %v; want %q", got, err, root)
	}
	if _, err := findRoot(t.TempDir()); err == nil {
		t.Error("findRoot outside the module succeeded")
	}
}

func TestBackendOf(t *testing.T) {
	line, desc := backendOf(measurement{Detail: "784-32-784\nbackend go: no plugin [Go Portable Compute Backend (parallelism=4)]"})
	if line != "backend go: no plugin" || desc != "Go Portable Compute Backend (parallelism=4)" {
		t.Errorf("backendOf = %q, %q", line, desc)
	}
	if line, desc := backendOf(measurement{Detail: "x"}); line != "" || desc != "" {
		t.Errorf("backendOf without backend = %q, %q", line, desc)
	}
}
