package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func timedFirst(label string, median, first, rss float64) measurement {
	m := timed(label, median, rss)
	m.First = first
	return m
}

// twoBackendReport is a report of the tutorial and deep epochs on go and xla:cpu beside
// PyTorch and JAX, PCA once, and the deep epoch's GOMAXPROCS=1 run.
func twoBackendReport(t *testing.T) *report {
	t.Helper()
	tut, deep, pcaW := mustWorkload(t, "tutorial-epoch"), mustWorkload(t, "deep-epoch"), mustWorkload(t, "pca-fit-k32")
	torchTut := timedFirst("PyTorch 1.13.0 (2 threads, OpenBLAS 1)", 0.40, 0.45, 500)
	jaxTut := timedFirst("JAX 0.10.2 (XLA's pool, 2 cores)", 0.20, 0.90, 700)
	torchDeep := timedFirst("PyTorch 1.13.0 (1 thread, OpenBLAS 2)", 7.0, 7.2, 500)
	jaxDeep := timedFirst("JAX 0.10.2 (1 thread)", 3.5, 4.9, 850)
	jaxTrials := []threadTrial{{Name: "XLA's pool", Median: 0.20, Command: "PYTHONPATH=/r/.cache/jax /py bench/jax_bench.py --workload tutorial-epoch --threads 0"},
		{Name: "1 thread", Median: 0.29, Command: "PYTHONPATH=/r/.cache/jax /py bench/jax_bench.py --workload tutorial-epoch --threads 1"}}
	goTut := timedFirst("aelib", 0.40, 0.60, 450)
	goTut.Command = "GOMLX_BACKEND=go aebench -worker tutorial-epoch -runs 3"
	xlaTut := timedFirst("aelib", 0.35, 1.35, 480)
	xlaTut.Command = "GOMLX_BACKEND=xla:cpu aebench -worker tutorial-epoch -runs 3"
	goDeep := timedFirst("aelib", 15.0, 15.5, 600)
	goDeep.GoMaxProcs = 2
	one := timed("aelib", 17.4, 600)
	one.Command = "GOMLX_BACKEND=go GOMAXPROCS=1 aebench -worker deep-epoch -runs 3"
	return &report{
		Command: "go run ./cmd/aebench --runs 3", Runs: 3,
		Machine: machineInfo{CPU: "Test CPU", Cores: 2, MemGiB: 4, OS: "linux/amd64", Go: "go1.x"},
		Backends: []backendInfo{
			{Config: "go", Line: "backend go: GOMLX_BACKEND=\"go\" is set", Description: "Go Portable Compute Backend", LoadSeconds: 0.001},
			{Config: "xla:cpu", Line: "backend xla:cpu: GOMLX_BACKEND=\"xla:cpu\" is set", Description: "XLA PJRT cpu", LoadSeconds: 0.25},
		},
		Rows: []row{
			{W: tut, Backend: "go", Aelib: goTut, Peer: torchTut, JAX: jaxTut, JAXTrials: jaxTrials},
			{W: tut, Backend: "xla:cpu", Aelib: xlaTut, Peer: torchTut, JAX: jaxTut, JAXTrials: jaxTrials},
			{W: deep, Backend: "go", Aelib: goDeep, Peer: torchDeep, JAX: jaxDeep},
			{W: deep, Backend: "xla:cpu", Aelib: timedFirst("aelib", 3.6, 4.0, 700), Peer: torchDeep, JAX: jaxDeep},
			{W: pcaW, Aelib: timed("aelib", 0.4, 300), Peer: timed("scikit-learn 1.2.1 PCA full", 2, 800)},
		},
		Scaling:     []scalingRow{{W: deep, One: one, Many: goDeep, Procs: 2}},
		Notes:       "Hand-written note.",
		PeerVersion: map[string]string{"PyTorch": "1.13.0", "JAX": "0.10.2", "jaxlib": "0.10.2", "JAX Python": "/py"},
	}
}

// TestRenderTwoBackends checks the rows of both backends, the ratios to PyTorch and JAX,
// each backend's targets, the per-backend first-epoch table with XLA's compile column,
// the GOMAXPROCS table and the JAX sections.
func TestRenderTwoBackends(t *testing.T) {
	rep := twoBackendReport(t)
	table := renderTable(rep.Rows)
	for _, want := range []string{
		// Go backend, tutorial: no time target there, only RSS.
		"| tutorial-epoch | go | 0.400 | PyTorch 1.13.0 (2 threads, OpenBLAS 1) | 0.400 | JAX 0.10.2 (XLA's pool, 2 cores) | 0.200 | 1.00 | 2.00 | RSS ≤ peer: met | 450 | 500 | 700 |",
		// XLA, tutorial: against the best peer (JAX here) and JAX.
		"| tutorial-epoch | xla:cpu | 0.350 | PyTorch 1.13.0 (2 threads, OpenBLAS 1) | 0.400 | JAX 0.10.2 (XLA's pool, 2 cores) | 0.200 | 0.87 | 1.75 | ≤ 0.80× best peer: missed; ≤ 1.10× JAX: missed; RSS ≤ peer: met | 480 | 500 | 700 |",
		// Go backend, deep: ≤ 1.5× PyTorch.
		"| deep-epoch | go | 15.0 | PyTorch 1.13.0 (1 thread, OpenBLAS 2) | 7.00 | JAX 0.10.2 (1 thread) | 3.50 | 2.14 | 4.29 | ≤ 1.50× PyTorch: missed |",
		"| deep-epoch | xla:cpu | 3.60 | PyTorch 1.13.0 (1 thread, OpenBLAS 2) | 7.00 | JAX 0.10.2 (1 thread) | 3.50 | 0.51 | 1.03 | ≤ 1.00× best peer: missed; ≤ 1.10× JAX: met |",
		"| pca-fit-k32 | — | 0.400 | scikit-learn 1.2.1 PCA full | 2.00 |  |  | 0.20 |  | ≤ 1.00× peer: met | 300 | 800 |  |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks\n%s\nin\n%s", want, table)
		}
	}
	m := misses(rep.Rows)
	wantMisses := []string{
		"tutorial-epoch (xla:cpu): aelib takes 1.75× JAX 0.10.2 (XLA's pool, 2 cores)'s time (0.350 s vs 0.200 s; target ≤ 0.80× best peer)",
		"tutorial-epoch (xla:cpu): aelib takes 1.75× JAX 0.10.2 (XLA's pool, 2 cores)'s time (0.350 s vs 0.200 s; target ≤ 1.10× JAX)",
		"deep-epoch (go): aelib takes 2.14× PyTorch 1.13.0 (1 thread, OpenBLAS 2)'s time (15.0 s vs 7.00 s; target ≤ 1.50× PyTorch)",
		"deep-epoch (xla:cpu): aelib takes 1.03× JAX 0.10.2 (1 thread)'s time (3.60 s vs 3.50 s; target ≤ 1.00× best peer)",
	}
	if !slices.Equal(m, wantMisses) {
		t.Errorf("misses =\n%s\nwant\n%s", strings.Join(m, "\n"), strings.Join(wantMisses, "\n"))
	}
	if got := met(rep.Rows); len(got) != 2 || !strings.HasPrefix(got[0], "deep-epoch (xla:cpu): 1.03× JAX") || !strings.HasPrefix(got[1], "pca-fit-k32: 0.20×") {
		t.Errorf("met = %q", got)
	}

	md := renderMarkdown(rep)
	for _, want := range []string{
		"- backend go: GOMLX_BACKEND=\"go\" is set [Go Portable Compute Backend; created in 0.001 s]",
		"- backend xla:cpu: GOMLX_BACKEND=\"xla:cpu\" is set [XLA PJRT cpu; created in 0.250 s]",
		"- JAX 0.10.2, jaxlib 0.10.2 on the CPU (pip, installed by bench/setup-jax.sh into .cache/jax; run with /py)",
		// First epoch: a column per backend, XLA's compile estimate, PyTorch, JAX and JAX's compile estimate.
		"| workload | aelib go first s | aelib xla:cpu first s | aelib xla:cpu compile s (first − median) | PyTorch first s | JAX first s | JAX compile s (first − median) |",
		"| tutorial-epoch | 0.600 | 1.35 | 1.00 | 0.450 | 0.900 | 0.700 |",
		"| deep-epoch | 15.5 | 4.00 | 0.400 | 7.20 | 4.90 | 1.40 |",
		// GOMAXPROCS 1 vs 2.
		"| deep-epoch | 17.4 | 15.0 | 2 | 1.16× | 58 % |",
		// JAX thread settings, once per workload.
		"## JAX thread settings",
		"| workload | XLA's pool s | 1 thread s |",
		"| tutorial-epoch | 0.200 | 0.290 |",
		"## Notes\n\nHand-written note.\n",
		"- **tutorial-epoch**: aelib go 0.400 s (first 0.600 s); aelib xla:cpu 0.350 s (first 1.35 s); PyTorch 1.13.0 (2 threads, OpenBLAS 1) 0.400 s (first 0.450 s); JAX 0.10.2 (XLA's pool, 2 cores) 0.200 s (first 0.900 s)",
		"GOMLX_BACKEND=go aebench -worker tutorial-epoch -runs 3\nGOMLX_BACKEND=xla:cpu aebench -worker tutorial-epoch -runs 3\n",
		"GOMLX_BACKEND=go GOMAXPROCS=1 aebench -worker deep-epoch -runs 3\n",
		"PYTHONPATH=/r/.cache/jax /py bench/jax_bench.py --workload tutorial-epoch --threads 1\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if n := strings.Count(md, "| tutorial-epoch | 0.200 | 0.290 |"); n != 1 {
		t.Errorf("JAX trials of tutorial-epoch rendered %d times, want once (not once per backend)", n)
	}
	if n := strings.Count(md, "- **tutorial-epoch**: one training epoch"); n != 1 {
		t.Errorf("tutorial-epoch described %d times in Workloads, want once", n)
	}
	sum := renderSummary(rep)
	if !strings.Contains(sum, "| deep-epoch | 17.4 | 15.0 | 2 | 1.16× | 58 % |") || !strings.Contains(sum, "backend xla:cpu:") {
		t.Errorf("summary lacks the scaling table or a backend:\n%s", sum)
	}
}

// TestRenderSkippedBackendAndJAX checks the rows of a backend that does not load and of
// a missing JAX: skip messages in the cells, no ratios, targets n/a, nothing missed.
func TestRenderSkippedBackendAndJAX(t *testing.T) {
	tut := mustWorkload(t, "tutorial-epoch")
	skip := backendSkipMessage("xla:cpu", errors.New("backend \"xla:cpu\": plugin not found"))
	if !strings.HasPrefix(skip, "skipped: backend xla:cpu does not load (make xla installs XLA's CPU PJRT plugin): backend") {
		t.Errorf("backendSkipMessage = %q", skip)
	}
	jaxSkip := measurement{Skipped: jaxSkipMessage("/py", "/r/.cache/jax")}
	torch := timed("PyTorch 1.13.0 (1 thread)", 0.4, 500)
	rep := &report{
		Backends: []backendInfo{{Config: "go", Line: "backend go: set"}, {Config: "xla:cpu", Skipped: skip}},
		Rows: []row{
			{W: tut, Backend: "go", Aelib: timed("aelib", 0.4, 400), Peer: torch, JAX: jaxSkip},
			{W: tut, Backend: "xla:cpu", Aelib: measurement{Label: "aelib", Skipped: skip}, Peer: torch, JAX: jaxSkip},
		},
	}
	table := renderTable(rep.Rows)
	for _, want := range []string{
		"| tutorial-epoch | go | 0.400 | PyTorch 1.13.0 (1 thread) | 0.400 | skipped: jax not importable by /py with PYTHONPATH=/r/.cache/jax (make bench-setup, or bench/setup-jax.sh, installs jax==0.10.2 there) |  | 1.00 |  | RSS ≤ peer: met | 400 | 500 |  |",
		"| tutorial-epoch | xla:cpu | " + skip + " | PyTorch 1.13.0 (1 thread) | 0.400 | skipped: jax not importable",
		"| ≤ 0.80× best peer: n/a; ≤ 1.10× JAX: n/a; RSS ≤ peer: n/a |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks\n%s\nin\n%s", want, table)
		}
	}
	if m := misses(rep.Rows); len(m) != 0 {
		t.Errorf("misses with skipped backend and JAX = %q", m)
	}
	md := renderMarkdown(rep)
	if !strings.Contains(md, "- "+skip+"\n") {
		t.Errorf("machine section lacks the skipped backend:\n%s", md)
	}
	if strings.Contains(md, "## JAX thread settings") {
		t.Error("JAX thread settings rendered without JAX trials")
	}
}

// TestJAXSkipped checks the JAX peer's skip path: an interpreter that cannot import jax,
// a missing script, and the PCA workloads (no JAX peer, no message).
func TestJAXSkipped(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "bench"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, jaxScript), []byte("# stub\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	jaxDir := filepath.Join(root, ".cache", "jax")
	p := &pythonPeers{python: "false", root: root, runs: 1, timeout: 10 * time.Second,
		jaxPython: "false", jaxPath: jaxDir, jaxThreads: []int{0, 1}}
	var log bytes.Buffer
	m, trials := p.measureJAX(context.Background(), mustWorkload(t, "deep-epoch"), &log)
	if m.ok() || m.Skipped != jaxSkipMessage("false", jaxDir) || len(trials) != 0 {
		t.Errorf("JAX peer that cannot import jax: %+v, %d trials", m, len(trials))
	}
	if !strings.Contains(m.Skipped, "bench/setup-jax.sh") {
		t.Errorf("skip message %q does not say how to install jax", m.Skipped)
	}
	p.jaxPython = filepath.Join(root, "no-such-python")
	if m, _ := p.measureJAX(context.Background(), mustWorkload(t, "tutorial-epoch"), &log); m.ok() || !strings.HasPrefix(m.Skipped, "skipped: jax not importable by "+p.jaxPython) {
		t.Errorf("JAX peer with a missing interpreter: %+v", m)
	}
	if m, _ := p.measureJAX(context.Background(), mustWorkload(t, "pca-fit-k32"), &log); m.Skipped != "" || m.ok() {
		t.Errorf("JAX peer of PCA = %+v, want none", m)
	}
	if err := os.Remove(filepath.Join(root, jaxScript)); err != nil {
		t.Fatal(err)
	}
	if m, _ := p.measureJAX(context.Background(), mustWorkload(t, "tutorial-epoch"), &log); m.Skipped != "skipped: bench/jax_bench.py not found" {
		t.Errorf("missing JAX script: %+v", m)
	}
}

// TestRecordedPython checks the JAX interpreter recorded by bench/setup-jax.sh.
func TestRecordedPython(t *testing.T) {
	dir := t.TempDir()
	if got := recordedPython(dir); got != "python3" {
		t.Errorf("recordedPython without .python = %q, want python3", got)
	}
	if err := os.WriteFile(filepath.Join(dir, ".python"), []byte("/opt/py/bin/python3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := recordedPython(dir); got != "/opt/py/bin/python3" {
		t.Errorf("recordedPython = %q", got)
	}
}

// TestProbeBackendFails checks that a backend whose probe fails is skipped, not failed.
func TestProbeBackendFails(t *testing.T) {
	info := probeBackend(context.Background(), "false", t.TempDir(), "xla:cpu", time.Minute)
	if !strings.HasPrefix(info.Skipped, "skipped: backend xla:cpu does not load (make xla") || info.Line != "" {
		t.Errorf("probeBackend with a failing child = %+v", info)
	}
}

func TestParseJAXOutput(t *testing.T) {
	out := []byte("W external/xla: some warning\n" + `{"workload": "deep-epoch", "model": "784-1000-500-250-30-250-500-1000-784", "threads": 1, "cpu_count": 2, "jax_version": "0.10.2", "jaxlib_version": "0.10.2", "seconds": 3.3, "seconds_all": [3.3, 3.4], "first_seconds": 4.9, "peak_rss_mib": 849.3, "gave_up": false}` + "\n")
	got, err := parseJAXOutput(out)
	if err != nil {
		t.Fatal(err)
	}
	if got.Threads != 1 || got.CPUCount != 2 || got.Seconds != 3.3 || len(got.SecondsAll) != 2 || got.FirstSeconds != 4.9 || got.JAXVersion != "0.10.2" || got.JAXLibVersion != "0.10.2" {
		t.Errorf("parseJAXOutput = %+v", got)
	}
	if gave, err := parseJAXOutput([]byte(`{"gave_up": true, "seconds": null, "seconds_all": []}`)); err != nil || !gave.GaveUp {
		t.Errorf("parseJAXOutput(gave up) = %+v, %v", gave, err)
	}
	for _, bad := range []string{"", "jax_bench: cannot import jax", `{"seconds": 0, "seconds_all": []}`} {
		if _, err := parseJAXOutput([]byte(bad)); err == nil {
			t.Errorf("parseJAXOutput(%q) succeeded", bad)
		}
	}
}

func TestParseBackendsScalingJAXThreads(t *testing.T) {
	if got, err := parseBackends(" go, xla:cpu,go,"); err != nil || !slices.Equal(got, []string{"go", "xla:cpu"}) {
		t.Errorf("parseBackends = %v, %v", got, err)
	}
	if got, err := parseScaling("deep-epoch,,deep-epoch"); err != nil || !slices.Equal(got, []string{"deep-epoch"}) {
		t.Errorf("parseScaling = %v, %v", got, err)
	}
	if got, err := parseScaling(""); err != nil || len(got) != 0 {
		t.Errorf("parseScaling(empty) = %v, %v", got, err)
	}
	if got, err := parseJAXThreads("1,0,1"); err != nil || !slices.Equal(got, []int{1, 0}) {
		t.Errorf("parseJAXThreads = %v, %v", got, err)
	}
	for _, args := range [][]string{
		{"--backends", ""}, {"--backends", "tensorflow"}, {"--scaling", "pca-fit-k32"}, {"--scaling", "bogus"},
		{"--jax-threads", "2"}, {"--jax-threads", ""},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("run(%q) = %d, want 2 (stderr %q)", args, code, stderr.String())
		}
	}
}

func TestProfileName(t *testing.T) {
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{nil, "pca-fit-k32.pprof"},
		{[]string{"GOMLX_BACKEND=xla:cpu"}, "pca-fit-k32-xla-cpu.pprof"},
		{[]string{"GOMLX_BACKEND=go", "GOMAXPROCS=1"}, "pca-fit-k32-go-gomaxprocs1.pprof"},
	} {
		if got := profileName("pca-fit-k32", tc.env); got != tc.want {
			t.Errorf("profileName(%q) = %q, want %q", tc.env, got, tc.want)
		}
	}
}
