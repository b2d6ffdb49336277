package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// giveUpFactor and minGiveUpSeconds bound a PyTorch thread setting's time once another
// setting has finished: giveUpFactor × its median × (1 + runs), at least minGiveUpSeconds.
const (
	giveUpFactor     = 3.0
	minGiveUpSeconds = 20.0
)

// Peer scripts, relative to the repository root.
const (
	torchScript   = "bench/torch_bench.py"
	jaxScript     = "bench/jax_bench.py"
	sklearnScript = "bench/sklearn_pca.py"
)

// debianPackage is the package providing each Python module on Debian.
var debianPackage = map[string]string{
	"torch":   "python3-torch",
	"sklearn": "python3-sklearn",
}

// skipMessage is the table's text for a peer whose Python module is missing.
func skipMessage(module string) string {
	pkg := debianPackage[module]
	if pkg == "" {
		pkg = "python3-" + module
	}
	return fmt.Sprintf("skipped: %s not installed (apt-get install %s)", pkg, pkg)
}

// pythonPeers runs the Python peer scripts, remembering which modules import.
type pythonPeers struct {
	python  string
	root    string
	dataDir string
	runs    int
	threads []threadConfig
	timeout time.Duration
	// jaxPython runs bench/jax_bench.py with PYTHONPATH=jaxPath; jaxThreads are the
	// settings tried (0: XLA's own pool, 1: single-threaded).
	jaxPython  string
	jaxPath    string
	jaxThreads []int
	imports    map[string]error
	help       map[string]string
	versions   map[string]string
}

// available returns "" when python can import module, else the skip message.
func (p *pythonPeers) available(ctx context.Context, module string) string {
	err := p.importErr(ctx, p.python, nil, module)
	if err == nil {
		return ""
	}
	if notFound(err) {
		return fmt.Sprintf("skipped: %s not found (apt-get install python3 %s)", p.python, debianPackage[module])
	}
	return skipMessage(module)
}

// importErr runs python -c "import module" once (with env added) and remembers the result.
func (p *pythonPeers) importErr(ctx context.Context, python string, env []string, module string) error {
	if p.imports == nil {
		p.imports = map[string]error{}
	}
	key := python + "\x00" + strings.Join(env, "\x00") + "\x00" + module
	err, seen := p.imports[key]
	if !seen {
		ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
		defer cancel()
		_, err = runChild(ctx, p.root, env, python, "-c", "import "+module)
		p.imports[key] = err
	}
	return err
}

func notFound(err error) bool {
	return errors.Is(err, os.ErrNotExist) || strings.Contains(err.Error(), "executable file not found")
}

// jaxSkipMessage is the table's text for a JAX peer that cannot run, with how to install it.
func jaxSkipMessage(python, path string) string {
	return fmt.Sprintf("skipped: jax not importable by %s with PYTHONPATH=%s (make bench-setup, or bench/setup-jax.sh, installs jax==%s there)", python, path, jaxVersion)
}

// jaxVersion is the JAX version bench/setup-jax.sh installs.
const jaxVersion = "0.10.2"

// jaxEnv is the JAX peer's added environment.
func (p *pythonPeers) jaxEnv() []string {
	return []string{"PYTHONPATH=" + p.jaxPath}
}

// script returns the absolute path of a peer script, or a skip message when it is missing.
func (p *pythonPeers) script(rel string) (string, string) {
	path := filepath.Join(p.root, filepath.FromSlash(rel))
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Sprintf("skipped: %s not found", rel)
	}
	return path, ""
}

// supports reports whether a script's --help mentions flag.
func (p *pythonPeers) supports(ctx context.Context, rel, flag string) bool {
	if p.help == nil {
		p.help = map[string]string{}
	}
	h, seen := p.help[rel]
	if !seen {
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		res, _ := runChild(ctx, p.root, nil, p.python, rel, "--help")
		h = string(res.Stdout)
		p.help[rel] = h
	}
	return strings.Contains(h, flag)
}

func (p *pythonPeers) note(key, value string) {
	if p.versions == nil {
		p.versions = map[string]string{}
	}
	if value != "" {
		p.versions[key] = value
	}
}

// measure runs w's peer and returns its measurement; for PyTorch, every thread count is
// tried and the fastest kept, all of them listed in the trials.
func (p *pythonPeers) measure(ctx context.Context, w workload, log io.Writer) (measurement, []threadTrial) {
	switch w.Peer {
	case peerTorch:
		return p.measureTorch(ctx, w, log)
	case peerSklearn:
		return p.measureSklearn(ctx, w), nil
	}
	return measurement{Skipped: fmt.Sprintf("skipped: no peer for %s", w.Name)}, nil
}

// peerSetting is one thread setting of a peer script to try.
type peerSetting struct {
	torch threadConfig // PyTorch's setting (zero for JAX)
	label string       // the trials table's column, e.g. "1 thread"
	args  []string     // the script's thread flags
}

// peerResult is what a peer script reports, in the form fastest compares.
type peerResult struct {
	Label      string // e.g. "PyTorch 1.13.0 (1 thread)"
	Median     float64
	SecondsAll []float64
	First      float64
	RSSMiB     float64
	Model      string
	GaveUp     bool
}

// fastest runs script once per setting (python, env added) and keeps the fastest; a
// setting giveUpFactor times slower than the best so far is stopped early.
func (p *pythonPeers) fastest(ctx context.Context, w workload, log io.Writer, peer, python string, env []string,
	script string, settings []peerSetting, parse func([]byte) (peerResult, error)) (measurement, []threadTrial) {
	var (
		best   measurement
		trials []threadTrial
	)
	prefix := shellJoin(append(slices.Clone(env), python))
	for _, s := range settings {
		args := append([]string{script, "--workload", w.Name}, s.args...)
		args = append(args, "--repeat", fmt.Sprint(p.runs), "--data-dir", p.dataDir)
		if w.Batch > 0 {
			args = append(args, "--batch", fmt.Sprint(w.Batch))
		}
		// A setting at least giveUpFactor times slower than the best so far cannot win:
		// stop it early instead of spending minutes on an oversubscribed thread pool.
		limit := 0.0
		if best.ok() {
			limit = max(minGiveUpSeconds, giveUpFactor*best.Median*float64(1+p.runs))
			args = append(args, "--give-up-after", strconv.FormatFloat(limit, 'f', 0, 64))
		}
		m := measurement{Command: prefix + " " + shellJoin(args)}
		tr := threadTrial{Config: s.torch, Name: s.label, Command: m.Command}
		cctx, cancel := context.WithTimeout(ctx, p.timeout)
		res, err := runChild(cctx, p.root, env, python, args...)
		cancel()
		var out peerResult
		if err == nil {
			out, err = parse(res.Stdout)
		}
		if err == nil && out.GaveUp {
			tr.Err = fmt.Sprintf("gave up after %.0f s (≥ %g× the best)", limit, giveUpFactor)
			trials = append(trials, tr)
			fmt.Fprintf(log, "aebench: %s: %s %s %s\n", w.Name, peer, tr.label(), tr.Err)
			continue
		}
		if err != nil {
			tr.Err = "failed: " + oneLine(err.Error())
			trials = append(trials, tr)
			fmt.Fprintf(log, "aebench: %s: %s %s %s\n", w.Name, peer, tr.label(), tr.Err)
			if best.Command == "" {
				best = measurement{Skipped: tr.Err, Command: m.Command}
			}
			continue
		}
		m.Label = out.Label
		m.Seconds, m.Median, m.First = out.SecondsAll, out.Median, out.First
		m.PeakRSSMiB = res.RSSMiB
		if m.PeakRSSMiB == 0 {
			m.PeakRSSMiB = out.RSSMiB
		}
		m.Detail = out.Model
		tr.Median, tr.First, tr.RSSMiB = m.Median, m.First, m.PeakRSSMiB
		trials = append(trials, tr)
		fmt.Fprintf(log, "aebench: %s: %s %s: median %s s\n", w.Name, peer, tr.label(), fmtSeconds(m.Median))
		if !best.ok() || m.Median < best.Median {
			best = m
		}
	}
	return best, trials
}

func (p *pythonPeers) measureTorch(ctx context.Context, w workload, log io.Writer) (measurement, []threadTrial) {
	if _, msg := p.script(torchScript); msg != "" {
		return measurement{Skipped: msg}, nil
	}
	if msg := p.available(ctx, "torch"); msg != "" {
		return measurement{Skipped: msg}, nil
	}
	settings := make([]peerSetting, len(p.threads))
	for i, t := range p.threads {
		settings[i] = peerSetting{torch: t, label: t.Label(),
			args: []string{"--threads", fmt.Sprint(t.Torch), "--blas-threads", fmt.Sprint(t.BLAS)}}
	}
	return p.fastest(ctx, w, log, "PyTorch", p.python, nil, torchScript, settings, func(b []byte) (peerResult, error) {
		out, err := parseTorchOutput(b)
		if err != nil || out.GaveUp {
			return peerResult{GaveUp: out.GaveUp}, err
		}
		p.note("PyTorch", out.TorchVersion)
		return peerResult{
			Label:  fmt.Sprintf("PyTorch %s (%s)", out.TorchVersion, threadConfig{Torch: out.Threads, BLAS: out.BLASThreads}.Label()),
			Median: out.Seconds, SecondsAll: out.SecondsAll, First: out.FirstSeconds, RSSMiB: out.PeakRSSMiB, Model: out.Model,
		}, nil
	})
}

// jaxThreadLabel names a JAX thread setting.
func jaxThreadLabel(threads int) string {
	if threads == 1 {
		return "1 thread"
	}
	return "XLA's pool"
}

// measureJAX runs bench/jax_bench.py with every --jax-threads setting and keeps the fastest.
func (p *pythonPeers) measureJAX(ctx context.Context, w workload, log io.Writer) (measurement, []threadTrial) {
	if !w.neural() {
		return measurement{}, nil
	}
	if _, msg := p.script(jaxScript); msg != "" {
		return measurement{Skipped: msg}, nil
	}
	if err := p.importErr(ctx, p.jaxPython, p.jaxEnv(), "jax, jaxlib"); err != nil {
		return measurement{Skipped: jaxSkipMessage(p.jaxPython, p.jaxPath)}, nil
	}
	settings := make([]peerSetting, len(p.jaxThreads))
	for i, t := range p.jaxThreads {
		settings[i] = peerSetting{label: jaxThreadLabel(t), args: []string{"--threads", fmt.Sprint(t)}}
	}
	return p.fastest(ctx, w, log, "JAX", p.jaxPython, p.jaxEnv(), jaxScript, settings, func(b []byte) (peerResult, error) {
		out, err := parseJAXOutput(b)
		if err != nil || out.GaveUp {
			return peerResult{GaveUp: out.GaveUp}, err
		}
		p.note("JAX", out.JAXVersion)
		p.note("jaxlib", out.JAXLibVersion)
		p.note("JAX Python", p.jaxPython)
		threads := "1 thread"
		if out.Threads != 1 {
			threads = fmt.Sprintf("XLA's pool, %d cores", out.CPUCount)
		}
		return peerResult{
			Label:  fmt.Sprintf("JAX %s (%s)", out.JAXVersion, threads),
			Median: out.Seconds, SecondsAll: out.SecondsAll, First: out.FirstSeconds, RSSMiB: out.PeakRSSMiB, Model: out.Model,
		}, nil
	})
}

func (p *pythonPeers) measureSklearn(ctx context.Context, w workload) measurement {
	if _, msg := p.script(sklearnScript); msg != "" {
		return measurement{Skipped: msg}
	}
	if msg := p.available(ctx, "sklearn"); msg != "" {
		return measurement{Skipped: msg}
	}
	args := []string{sklearnScript, "--k", "32", "--repeat", fmt.Sprint(p.runs),
		"--solver", w.SklearnSolver, "--data-dir", p.dataDir}
	if p.supports(ctx, sklearnScript, "--skip-reference") {
		args = append(args, "--skip-reference") // the reference fit is not timed but costs time and memory
	}
	m := measurement{Command: shellJoin(append([]string{p.python}, args...))}
	cctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	res, err := runChild(cctx, p.root, nil, p.python, args...)
	var out sklearnOutput
	if err == nil {
		out, err = parseSklearnOutput(res.Stdout)
	}
	if err != nil {
		m.Skipped = "failed: " + oneLine(err.Error())
		return m
	}
	m.Label = fmt.Sprintf("scikit-learn %s PCA %s", out.SklearnVersion, out.Solver)
	m.Seconds, m.Median, m.PeakRSSMiB = out.FitSecondsAll, out.FitSeconds, res.RSSMiB
	m.Detail = fmt.Sprintf("numpy %s, explained variance ratio %.4f", out.NumpyVersion, out.EVRSum)
	p.note("scikit-learn", out.SklearnVersion)
	p.note("numpy", out.NumpyVersion)
	return m
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// torchOutput is the JSON printed by bench/torch_bench.py.
type torchOutput struct {
	Workload     string    `json:"workload"`
	Model        string    `json:"model"`
	Threads      int       `json:"threads"`
	BLASThreads  int       `json:"blas_threads"`
	TorchVersion string    `json:"torch_version"`
	Seconds      float64   `json:"seconds"`
	SecondsAll   []float64 `json:"seconds_all"`
	FirstSeconds float64   `json:"first_seconds"`
	PeakRSSMiB   float64   `json:"peak_rss_mib"`
	// GaveUp is set when --give-up-after stopped the script before all runs finished.
	GaveUp bool `json:"gave_up"`
}

// parseTorchOutput decodes torch_bench.py's output (one JSON object, possibly after
// other lines). An output with gave_up set needs no timings.
func parseTorchOutput(out []byte) (torchOutput, error) {
	var t torchOutput
	if err := decodeLastObject(out, &t); err != nil {
		return t, fmt.Errorf("parse %s output: %w", torchScript, err)
	}
	if t.GaveUp {
		return t, nil
	}
	if len(t.SecondsAll) == 0 || t.Seconds <= 0 {
		return t, fmt.Errorf("parse %s output: no timings in %q", torchScript, truncate(out, 200))
	}
	if t.BLASThreads == 0 {
		t.BLASThreads = t.Threads
	}
	return t, nil
}

// jaxOutput is the part of bench/jax_bench.py's JSON that aebench reads.
type jaxOutput struct {
	Workload      string    `json:"workload"`
	Model         string    `json:"model"`
	Threads       int       `json:"threads"`
	CPUCount      int       `json:"cpu_count"`
	JAXVersion    string    `json:"jax_version"`
	JAXLibVersion string    `json:"jaxlib_version"`
	Seconds       float64   `json:"seconds"`
	SecondsAll    []float64 `json:"seconds_all"`
	FirstSeconds  float64   `json:"first_seconds"`
	PeakRSSMiB    float64   `json:"peak_rss_mib"`
	GaveUp        bool      `json:"gave_up"`
}

// parseJAXOutput decodes jax_bench.py's output (one JSON object, possibly after other
// lines). An output with gave_up set needs no timings.
func parseJAXOutput(out []byte) (jaxOutput, error) {
	var j jaxOutput
	if err := decodeLastObject(out, &j); err != nil {
		return j, fmt.Errorf("parse %s output: %w", jaxScript, err)
	}
	if j.GaveUp {
		return j, nil
	}
	if len(j.SecondsAll) == 0 || j.Seconds <= 0 {
		return j, fmt.Errorf("parse %s output: no timings in %q", jaxScript, truncate(out, 200))
	}
	return j, nil
}

// sklearnOutput is the part of bench/sklearn_pca.py's JSON that aebench reads.
type sklearnOutput struct {
	SklearnVersion string    `json:"sklearn_version"`
	NumpyVersion   string    `json:"numpy_version"`
	Solver         string    `json:"solver"`
	K              int       `json:"k"`
	FitSeconds     float64   `json:"fit_seconds"`
	FitSecondsAll  []float64 `json:"fit_seconds_all"`
	EVRSum         float64   `json:"explained_variance_ratio_sum"`
}

// parseSklearnOutput decodes sklearn_pca.py's output (an indented JSON object).
func parseSklearnOutput(out []byte) (sklearnOutput, error) {
	var s sklearnOutput
	if err := decodeLastObject(out, &s); err != nil {
		return s, fmt.Errorf("parse %s output: %w", sklearnScript, err)
	}
	if len(s.FitSecondsAll) == 0 || s.FitSeconds <= 0 {
		return s, fmt.Errorf("parse %s output: no fit_seconds in %q", sklearnScript, truncate(out, 200))
	}
	return s, nil
}

// decodeLastObject decodes the JSON object that ends out: the whole output when it is
// JSON, else the text from the last line that starts with '{'.
func decodeLastObject(out []byte, v any) error {
	s := strings.TrimSpace(string(out))
	if s == "" {
		return errors.New("empty output")
	}
	if err := json.Unmarshal([]byte(s), v); err == nil {
		return nil
	}
	lines := strings.Split(s, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], "{") {
			return json.Unmarshal([]byte(strings.Join(lines[i:], "\n")), v)
		}
	}
	return fmt.Errorf("no JSON object in %q", truncate(out, 200))
}
