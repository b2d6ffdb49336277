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
}

// ok reports whether m holds timings.
func (m measurement) ok() bool { return m.Skipped == "" && len(m.Seconds) > 0 }

// threadTrial is PyTorch's result with one thread setting.
type threadTrial struct {
	Config  threadConfig
	Command string
	Median  float64
	First   float64
	RSSMiB  float64
	Err     string
}

// row is one workload's line of the report.
type row struct {
	W      workload
	Aelib  measurement
	Peer   measurement
	Trials []threadTrial
}

// report is everything BENCHMARKS.md shows.
type report struct {
	Date    time.Time
	Command string
	Runs    int
	Machine machineInfo
	Backend string
	// BackendDescription is the backend's description of itself.
	BackendDescription string
	DataDir            string
	Rows               []row
	LoadBefore         string
	LoadAfter          string
	PeerVersion        map[string]string
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

	rep := &report{
		Date:        time.Now(),
		Command:     invocation(args),
		Runs:        o.runs,
		Machine:     describeMachine(),
		DataDir:     o.dataDir,
		LoadBefore:  loadAverage(),
		PeerVersion: map[string]string{},
	}
	py := &pythonPeers{python: o.python, root: root, dataDir: o.dataDir, runs: o.runs, threads: threads, timeout: o.timeout}
	failed := false
	for _, w := range ws {
		fmt.Fprintf(stderr, "aebench: %s: aelib (%d run(s))…\n", w.Name, o.runs)
		r := row{W: w}
		r.Aelib = runAelib(ctx, o, exe, root, w)
		if !r.Aelib.ok() {
			failed = true
			fmt.Fprintf(stderr, "aebench: %s: aelib %s\n", w.Name, r.Aelib.Skipped)
		} else {
			fmt.Fprintf(stderr, "aebench: %s: aelib median %s s, peak RSS %.0f MiB\n", w.Name, fmtSeconds(r.Aelib.Median), r.Aelib.PeakRSSMiB)
		}
		if r.Aelib.Detail != "" && rep.Backend == "" && w.Peer == peerTorch {
			rep.Backend, rep.BackendDescription = backendOf(r.Aelib)
		}
		if o.noPeers {
			r.Peer = measurement{Skipped: "skipped: --no-peers"}
		} else {
			fmt.Fprintf(stderr, "aebench: %s: peer…\n", w.Name)
			r.Peer, r.Trials = py.measure(ctx, w, stderr)
			if r.Peer.ok() {
				fmt.Fprintf(stderr, "aebench: %s: %s median %s s, peak RSS %.0f MiB\n", w.Name, r.Peer.Label, fmtSeconds(r.Peer.Median), r.Peer.PeakRSSMiB)
			} else {
				fmt.Fprintf(stderr, "aebench: %s: peer %s\n", w.Name, r.Peer.Skipped)
			}
		}
		rep.Rows = append(rep.Rows, r)
	}
	rep.LoadAfter = loadAverage()
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

// runAelib runs one workload in a child process (aebench -worker NAME).
func runAelib(ctx context.Context, o options, exe, root string, w workload) measurement {
	args := []string{"-worker", w.Name, "-runs", fmt.Sprint(o.runs), "-data-dir", o.dataDir}
	if o.cpuprofile != "" {
		args = append(args, "-cpuprofile", filepath.Join(o.cpuprofile, w.Name+".pprof"))
	}
	m := measurement{Label: "aelib", Command: shellJoin(append([]string{"aebench"}, args...))}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	res, err := runChild(ctx, root, nil, exe, args...)
	if err != nil {
		m.Skipped = "failed: " + oneLine(err.Error())
		return m
	}
	wr, err := parseWorkerOutput(res.Stdout)
	if err != nil {
		m.Skipped = "failed: " + oneLine(err.Error())
		return m
	}
	m.Seconds, m.First, m.PeakRSSMiB = wr.Seconds, wr.FirstSeconds, res.RSSMiB
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
