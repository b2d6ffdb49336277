package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/atomicfile"

	"github.com/goautoencoders/autoencoders/aelib/mnist"
)

// measurement is one program's timings of one workload.
type measurement struct {
	// Label names the program, e.g. "aelib" or "PyTorch 1.13.0 (1 thread)".
	Label string
	// Seconds are the timed runs and Median their median.
	Seconds []float64
	Median  float64
	// First is the untimed first run (first epoch or warm-up), 0 when there is none.
	First float64
	// PeakRSSMiB is the peak resident set size of the process that ran the workload.
	PeakRSSMiB float64
	// Skipped, when set, says why there are no timings ("skipped: …" or "failed: …").
	Skipped string
	// Command is the command line that produced the timings.
	Command string
	// Detail is extra information from the program (model, versions, loss).
	Detail string
	// GoMaxProcs is an aelib worker's GOMAXPROCS (0 for the peers).
	GoMaxProcs int
}

// ok reports whether m holds timings.
func (m measurement) ok() bool { return m.Skipped == "" && len(m.Seconds) > 0 }

// threadTrial is a peer's result with one thread setting.
type threadTrial struct {
	// Config is PyTorch's thread setting; Name, when set, names the setting instead
	// (JAX's).
	Config  threadConfig
	Name    string
	Command string
	Median  float64
	First   float64
	RSSMiB  float64
	Err     string
}

// label is the trials table's column for the setting.
func (t threadTrial) label() string {
	if t.Name != "" {
		return t.Name
	}
	return t.Config.Label()
}

// row is one line of the report: a workload on one backend ("" for the workloads that
// do not use GoMLX), beside the peers (measured once per workload, shared by its rows).
type row struct {
	W workload
	// Backend is the GOMLX_BACKEND the aelib child ran with, "" for PCA.
	Backend string
	Aelib   measurement
	// Peer is PyTorch (best thread setting) or scikit-learn.
	Peer   measurement
	Trials []threadTrial
	// JAX is the JAX peer (best thread setting) of the GoMLX workloads.
	JAX       measurement
	JAXTrials []threadTrial
}

// backendInfo describes one backend of --backends as its probe found it.
type backendInfo struct {
	// Config is the GOMLX_BACKEND value, e.g. "xla:cpu".
	Config string
	// Line is the backend's choice line and Description its description of itself.
	Line        string
	Description string
	// LoadSeconds is how long creating the backend took (loading the XLA plugin).
	LoadSeconds float64
	// Skipped, when set, says why the backend's rows have no timings.
	Skipped string
}

// scalingRow is a GoMLX workload on the Go backend at GOMAXPROCS=1 and at the default.
type scalingRow struct {
	W   workload
	One measurement
	// Many is the main Go backend run, at GOMAXPROCS=Procs.
	Many  measurement
	Procs int
}

// speedup is One/Many, false when either is missing.
func (s scalingRow) speedup() (float64, bool) {
	if !s.One.ok() || !s.Many.ok() || s.Many.Median <= 0 {
		return 0, false
	}
	return s.One.Median / s.Many.Median, true
}

// report is everything BENCHMARKS.md shows.
type report struct {
	Date     time.Time
	Command  string
	Runs     int
	Machine  machineInfo
	Backends []backendInfo
	DataDir  string
	Rows     []row
	Scaling  []scalingRow
	// Notes is bench/notes.md, copied into the report when present.
	Notes       string
	LoadBefore  string
	LoadAfter   string
	PeerVersion map[string]string
}

// childResult is the outcome of one child process.
type childResult struct {
	Stdout []byte
	Stderr []byte
	RSSMiB float64
}

// runChild runs name args in dir and returns its output and peak RSS.
func runChild(ctx context.Context, dir string, env []string, name string, args ...string) (childResult, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	err := cmd.Run()
	res := childResult{Stdout: stdout.Bytes(), Stderr: stderr.Bytes()}
	if cmd.ProcessState != nil {
		res.RSSMiB = peakRSSMiB(cmd.ProcessState)
	}
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (%v)", err, ctx.Err())
		}
		return res, fmt.Errorf("%s: %w%s", shellJoin(append([]string{filepath.Base(name)}, args...)), err, tail(stderr.Bytes()))
	}
	return res, nil
}

// tail returns the last lines of a child's stderr, for error messages.
func tail(b []byte) string {
	s := strings.TrimSpace(string(b))
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > 8 {
		lines = lines[len(lines)-8:]
	}
	return "\n    " + strings.Join(lines, "\n    ")
}

// runBench runs every selected workload, prints the summary and writes the report.
func runBench(ctx context.Context, o options, args []string, stdout, stderr io.Writer) error {
	ws, err := parseWorkloads(o.workloads)
	if err != nil {
		return err
	}
	threads, err := parseThreads(o.torchThreads)
	if err != nil {
		return err
	}
	root := o.root
	if root == "" {
		wd, err := os.Getwd()
		if err != nil {
			return fmt.Errorf("working directory: %w", err)
		}
		if root, err = findRoot(wd); err != nil {
			return err
		}
	}
	out := o.out
	if out == "" && !o.quick {
		out = filepath.Join(root, "BENCHMARKS.md")
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find own executable to run the workers: %w", err)
	}
	if o.dataDir == "" {
		_, _, src, err := mnist.Load(mnist.Options{})
		if err != nil {
			return fmt.Errorf("locate MNIST: %w", err)
		}
		o.dataDir = src.Path
	}
	if o.cpuprofile != "" {
		if err := os.MkdirAll(o.cpuprofile, 0o755); err != nil {
			return fmt.Errorf("cpu profile folder: %w", err)
		}
	}

	backends, err := parseBackends(o.backends)
	if err != nil {
		return err
	}
	scaling, err := parseScaling(o.scaling)
	if err != nil {
		return err
	}
	jaxThreads, err := parseJAXThreads(o.jaxThreads)
	if err != nil {
		return err
	}
	jaxDir := o.jaxDir
	if jaxDir == "" {
		jaxDir = filepath.Join(root, ".cache", "jax")
	}
	jaxPython := o.jaxPython
	if jaxPython == "" {
		jaxPython = recordedPython(jaxDir)
	}

	rep := &report{
		Date:        time.Now(),
		Command:     invocation(args),
		Runs:        o.runs,
		Machine:     describeMachine(),
		DataDir:     o.dataDir,
		LoadBefore:  loadAverage(),
		PeerVersion: map[string]string{},
	}
	for _, b := range backends {
		info := probeBackend(ctx, exe, root, b, o.timeout)
		if info.Skipped != "" {
			fmt.Fprintf(stderr, "aebench: backend %s %s\n", b, info.Skipped)
		} else {
			fmt.Fprintf(stderr, "aebench: %s\n", info.Line)
		}
		rep.Backends = append(rep.Backends, info)
	}
	py := &pythonPeers{python: o.python, root: root, dataDir: o.dataDir, runs: o.runs, threads: threads, timeout: o.timeout,
		jaxPython: jaxPython, jaxPath: jaxDir, jaxThreads: jaxThreads}
	failed := false
	for _, w := range ws {
		var rows []row
		if w.neural() {
			for _, info := range rep.Backends {
				r := row{W: w, Backend: info.Config}
				if info.Skipped != "" {
					r.Aelib = measurement{Label: "aelib", Skipped: info.Skipped}
				} else {
					r.Aelib = measureAelib(ctx, o, exe, root, w, info.Config, nil, stderr)
					failed = failed || !r.Aelib.ok()
				}
				rows = append(rows, r)
			}
		} else {
			r := row{W: w, Aelib: measureAelib(ctx, o, exe, root, w, "", nil, stderr)}
			failed = failed || !r.Aelib.ok()
			rows = append(rows, r)
		}
		if w.neural() && slices.Contains(scaling, w.Name) {
			if sr, ok := measureScaling(ctx, o, exe, root, w, rows, stderr); ok {
				failed = failed || !sr.One.ok()
				rep.Scaling = append(rep.Scaling, sr)
			}
		}
		var peer, jax measurement
		var trials, jaxTrials []threadTrial
		if o.noPeers {
			peer = measurement{Skipped: "skipped: --no-peers"}
			if w.neural() {
				jax = peer
			}
		} else {
			fmt.Fprintf(stderr, "aebench: %s: peer…\n", w.Name)
			peer, trials = py.measure(ctx, w, stderr)
			logPeer(stderr, w, peer)
			if w.neural() {
				jax, jaxTrials = py.measureJAX(ctx, w, stderr)
				logPeer(stderr, w, jax)
			}
		}
		for _, r := range rows {
			r.Peer, r.Trials, r.JAX, r.JAXTrials = peer, trials, jax, jaxTrials
			rep.Rows = append(rep.Rows, r)
		}
	}
	rep.LoadAfter = loadAverage()
	rep.Notes = readNotes(root) // read last: notes may be written while the benchmarks run
	for k, v := range py.versions {
		rep.PeerVersion[k] = v
	}

	fmt.Fprint(stdout, renderSummary(rep))
	if out != "" {
		if err := atomicfile.Write(out, []byte(renderMarkdown(rep))); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		fmt.Fprintf(stderr, "aebench: wrote %s\n", out)
	} else {
		fmt.Fprintf(stderr, "aebench: --quick: report not written (pass --out FILE to keep it)\n")
	}
	if failed {
		return errors.New("some aelib workloads failed (see the table)")
	}
	return nil
}

// logPeer prints a peer's outcome on the progress log.
func logPeer(log io.Writer, w workload, m measurement) {
	if m.ok() {
		fmt.Fprintf(log, "aebench: %s: %s median %s s, peak RSS %.0f MiB\n", w.Name, m.Label, fmtSeconds(m.Median), m.PeakRSSMiB)
	} else if m.Skipped != "" {
		fmt.Fprintf(log, "aebench: %s: peer %s\n", w.Name, m.Skipped)
	}
}

// measureAelib runs one aelib workload on backend ("" for PCA) with env added, checks
// that the worker ran on that backend, and logs the outcome.
func measureAelib(ctx context.Context, o options, exe, root string, w workload, backend string, env []string, log io.Writer) measurement {
	on := ""
	if backend != "" {
		on = " on " + backend
	}
	if len(env) > 0 {
		on += " (" + strings.Join(env, " ") + ")"
	}
	fmt.Fprintf(log, "aebench: %s: aelib%s (%d run(s))…\n", w.Name, on, o.runs)
	m := runAelib(ctx, o, exe, root, w, backend, env)
	if m.ok() && backend != "" {
		if line, _ := backendOf(m); !strings.HasPrefix(line, "backend "+backend+":") {
			m = measurement{Label: m.Label, Command: m.Command, Skipped: fmt.Sprintf("failed: asked for backend %s, the worker ran on %q", backend, line)}
		}
	}
	if m.ok() {
		fmt.Fprintf(log, "aebench: %s: aelib%s median %s s, peak RSS %.0f MiB\n", w.Name, on, fmtSeconds(m.Median), m.PeakRSSMiB)
	} else {
		fmt.Fprintf(log, "aebench: %s: aelib%s %s\n", w.Name, on, m.Skipped)
	}
	return m
}

// measureScaling runs w on the Go backend at GOMAXPROCS=1, to compare with the Go row
// of rows (run at the default GOMAXPROCS); false when there is no Go row to compare with.
func measureScaling(ctx context.Context, o options, exe, root string, w workload, rows []row, log io.Writer) (scalingRow, bool) {
	for _, r := range rows {
		if r.Backend != "go" || !r.Aelib.ok() {
			continue
		}
		procs := r.Aelib.GoMaxProcs
		if procs <= 1 {
			return scalingRow{}, false // nothing to compare: the default is one already
		}
		one := measureAelib(ctx, o, exe, root, w, "go", []string{"GOMAXPROCS=1"}, log)
		return scalingRow{W: w, One: one, Many: r.Aelib, Procs: procs}, true
	}
	return scalingRow{}, false
}

// probeBackend creates backend in a child (aebench -probe-backend, GOMLX_BACKEND set) and
// describes it; a backend that does not load gets a skip message saying how to install it.
func probeBackend(ctx context.Context, exe, root, backend string, timeout time.Duration) backendInfo {
	info := backendInfo{Config: backend}
	ctx, cancel := context.WithTimeout(ctx, min(timeout, 5*time.Minute))
	defer cancel()
	res, err := runChild(ctx, root, []string{"GOMLX_BACKEND=" + backend}, exe, "-probe-backend")
	var wr workerResult
	if err == nil {
		wr, err = parseWorkerOutput(res.Stdout)
	}
	if err != nil {
		info.Skipped = backendSkipMessage(backend, err)
		return info
	}
	info.Line, info.Description, info.LoadSeconds = wr.Backend, wr.BackendDescription, wr.Seconds[0]
	return info
}

// backendSkipMessage is the table's text for a backend that does not load.
func backendSkipMessage(backend string, err error) string {
	fix := "check GOMLX_BACKEND's value"
	if strings.HasPrefix(backend, "xla") {
		fix = "make xla installs XLA's CPU PJRT plugin"
	}
	msg := oneLine(err.Error())
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	return fmt.Sprintf("skipped: backend %s does not load (%s): %s", backend, fix, msg)
}

// recordedPython is the interpreter bench/setup-jax.sh recorded in dir/.python, else python3.
func recordedPython(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, ".python"))
	if err == nil {
		if p := strings.TrimSpace(string(b)); p != "" {
			return p
		}
	}
	return "python3"
}

// readNotes returns bench/notes.md under root, "" when there is none.
func readNotes(root string) string {
	b, err := os.ReadFile(filepath.Join(root, "bench", "notes.md"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// backendOf extracts the backend line and the backend's description ("[…]" at the end
// of the line) stored in an aelib measurement's detail.
func backendOf(m measurement) (line, description string) {
	for _, l := range strings.Split(m.Detail, "\n") {
		if strings.HasPrefix(l, "backend ") {
			if i := strings.LastIndex(l, " ["); i >= 0 && strings.HasSuffix(l, "]") {
				return l[:i], l[i+2 : len(l)-1]
			}
			return l, ""
		}
	}
	return "", ""
}

// runAelib runs one workload in a child process (aebench -worker NAME) with
// GOMLX_BACKEND=backend (unless "") and env added.
func runAelib(ctx context.Context, o options, exe, root string, w workload, backend string, env []string) measurement {
	args := []string{"-worker", w.Name, "-runs", fmt.Sprint(o.runs), "-data-dir", o.dataDir}
	if backend != "" {
		env = append([]string{"GOMLX_BACKEND=" + backend}, env...)
	}
	if o.cpuprofile != "" {
		args = append(args, "-cpuprofile", filepath.Join(o.cpuprofile, profileName(w.Name, env)))
	}
	m := measurement{Label: "aelib", Command: shellJoin(append(append(slices.Clone(env), "aebench"), args...))}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	res, err := runChild(ctx, root, env, exe, args...)
	if err != nil {
		m.Skipped = "failed: " + oneLine(err.Error())
		return m
	}
	wr, err := parseWorkerOutput(res.Stdout)
	if err != nil {
		m.Skipped = "failed: " + oneLine(err.Error())
		return m
	}
	m.Seconds, m.First, m.PeakRSSMiB, m.GoMaxProcs = wr.Seconds, wr.FirstSeconds, res.RSSMiB, wr.GoMaxProcs
	m.Median, _ = median(wr.Seconds)
	m.Detail = wr.Detail
	if wr.Backend != "" {
		m.Detail += "\n" + wr.Backend
		if wr.BackendDescription != "" {
			m.Detail += " [" + wr.BackendDescription + "]"
		}
	}
	return m
}

// profileName is the CPU profile file of a workload run with env, e.g.
// "deep-epoch-go-gomaxprocs1.pprof".
func profileName(workload string, env []string) string {
	name := workload
	for _, e := range env {
		k, v, _ := strings.Cut(e, "=")
		if k != "GOMLX_BACKEND" {
			v = strings.ToLower(k) + v
		}
		name += "-" + strings.NewReplacer(":", "-", "/", "-", " ", "-").Replace(v)
	}
	return name + ".pprof"
}

// parseWorkerOutput reads the JSON line a worker prints last.
func parseWorkerOutput(out []byte) (workerResult, error) {
	var wr workerResult
	line := lastJSONLine(out)
	if line == nil {
		return wr, fmt.Errorf("worker printed no result: %q", truncate(out, 200))
	}
	if err := json.Unmarshal(line, &wr); err != nil {
		return wr, fmt.Errorf("worker result %q: %w", truncate(line, 200), err)
	}
	if len(wr.Seconds) == 0 {
		return wr, fmt.Errorf("worker result has no timed runs: %q", truncate(line, 200))
	}
	return wr, nil
}

// lastJSONLine returns the last line of out that starts with '{'.
func lastJSONLine(out []byte) []byte {
	lines := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
	for i := len(lines) - 1; i >= 0; i-- {
		l := bytes.TrimSpace(lines[i])
		if bytes.HasPrefix(l, []byte("{")) {
			return l
		}
	}
	return nil
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// invocation is the command line that reproduces this run.
func invocation(args []string) string {
	cmd := "go run ./cmd/aebench"
	if exp := buildSetting("GOEXPERIMENT"); exp != "" {
		cmd = "GOEXPERIMENT=" + exp + " " + cmd
	}
	if len(args) > 0 {
		cmd += " " + shellJoin(args)
	}
	return cmd
}

// shellJoin quotes args for a POSIX shell where needed.
func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if a != "" && strings.IndexFunc(a, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=,:+@%", r))
		}) < 0 {
			q[i] = a
		} else {
			q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(q, " ")
}
