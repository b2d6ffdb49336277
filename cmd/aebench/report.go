package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
)

// median returns the median of xs (the mean of the middle two for an even count) and
// false when xs is empty.
func median(xs []float64) (float64, bool) {
	if len(xs) == 0 {
		return 0, false
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m], true
	}
	return (s[m-1] + s[m]) / 2, true
}

// fmtSeconds formats a duration in seconds with about three significant digits.
func fmtSeconds(s float64) string {
	switch {
	case s >= 100:
		return strconv.FormatFloat(s, 'f', 0, 64)
	case s >= 10:
		return strconv.FormatFloat(s, 'f', 1, 64)
	case s >= 1:
		return strconv.FormatFloat(s, 'f', 2, 64)
	default:
		return strconv.FormatFloat(s, 'f', 3, 64)
	}
}

func fmtMiB(v float64) string {
	if v <= 0 {
		return ""
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// best returns the fastest of the row's peers (PyTorch or scikit-learn, and JAX).
func (r row) best() (measurement, bool) {
	var b measurement
	for _, m := range []measurement{r.Peer, r.JAX} {
		if m.ok() && m.Median > 0 && (!b.ok() || m.Median < b.Median) {
			b = m
		}
	}
	return b, b.ok()
}

// ratioTo returns aelib's median / m's median, false when either is missing.
func (r row) ratioTo(m measurement) (float64, bool) {
	if !r.Aelib.ok() || !m.ok() || m.Median <= 0 {
		return 0, false
	}
	return r.Aelib.Median / m.Median, true
}

// ratio returns aelib's median / the best peer's, and false when either is missing.
func (r row) ratio() (float64, bool) {
	b, ok := r.best()
	if !ok {
		return 0, false
	}
	return r.ratioTo(b)
}

// isXLA reports whether the row ran on an XLA backend.
func (r row) isXLA() bool { return strings.HasPrefix(r.Backend, "xla") }

// check is one target of a row.
type check struct {
	// Against names what aelib is compared with: "best peer", "peer", "PyTorch", "JAX"
	// or "RSS".
	Against string
	// Max is the largest acceptable time ratio (unused for RSS).
	Max float64
	// Peer is the measurement compared with.
	Peer measurement
}

// checks lists the row's targets: on the Go backend the deep epoch against PyTorch
// (GoTarget); on XLA, and for PCA, the best peer (Target), and on XLA JAX (jaxTarget);
// aelib's peak RSS against the peer's where the workload asks for it.
func (r row) checks() []check {
	var cs []check
	if r.Backend == "go" {
		if r.W.GoTarget > 0 {
			cs = append(cs, check{Against: "PyTorch", Max: r.W.GoTarget, Peer: r.Peer})
		}
	} else {
		if r.W.Target > 0 {
			if r.W.neural() {
				b, _ := r.best()
				cs = append(cs, check{Against: "best peer", Max: r.W.Target, Peer: b})
			} else {
				cs = append(cs, check{Against: "peer", Max: r.W.Target, Peer: r.Peer})
			}
		}
		if r.isXLA() && r.W.neural() {
			cs = append(cs, check{Against: "JAX", Max: jaxTarget, Peer: r.JAX})
		}
	}
	if r.W.RSSTarget {
		cs = append(cs, check{Against: "RSS", Peer: r.Peer})
	}
	return cs
}

// verdict is "met", "missed" or "n/a" (nothing to compare).
func (r row) verdict(c check) string {
	if c.Against == "RSS" {
		if !r.Aelib.ok() || !c.Peer.ok() || r.Aelib.PeakRSSMiB <= 0 || c.Peer.PeakRSSMiB <= 0 {
			return "n/a"
		}
		if r.Aelib.PeakRSSMiB <= c.Peer.PeakRSSMiB {
			return "met"
		}
		return "missed"
	}
	q, ok := r.ratioTo(c.Peer)
	switch {
	case !ok:
		return "n/a"
	case q <= c.Max:
		return "met"
	default:
		return "missed"
	}
}

// text is a check's part of the target column, e.g. "≤ 0.80× best peer: met".
func (r row) text(c check) string {
	if c.Against == "RSS" {
		return "RSS ≤ peer: " + r.verdict(c)
	}
	return fmt.Sprintf("≤ %.2f× %s: %s", c.Max, c.Against, r.verdict(c))
}

// targetText is the target column: each target and whether it was met.
func (r row) targetText() string {
	cs := r.checks()
	if len(cs) == 0 {
		return "— (informational)"
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = r.text(c)
	}
	return strings.Join(parts, "; ")
}

// timeVerdict is the verdict of the row's first time target ("n/a" when it has none).
func (r row) timeVerdict() string {
	for _, c := range r.checks() {
		if c.Against != "RSS" {
			return r.verdict(c)
		}
	}
	return "n/a"
}

// rssVerdict compares peak RSS with the peer's: "met", "missed" or "n/a".
func (r row) rssVerdict() string {
	return r.verdict(check{Against: "RSS", Peer: r.Peer})
}

// name is the row's workload, with its backend when it has one.
func (r row) name() string {
	if r.Backend == "" {
		return r.W.Name
	}
	return r.W.Name + " (" + r.Backend + ")"
}

// tableHeader is the results table's header and separator.
const tableHeader = "| workload | backend | aelib median s | peer | peer median s | JAX | JAX median s | aelib/peer | aelib/JAX | target | aelib peak RSS MiB | peer peak RSS MiB | JAX peak RSS MiB |\n" +
	"|---|---|--:|---|--:|---|--:|--:|--:|---|--:|--:|--:|\n"

// renderTable renders the results as a markdown table.
func renderTable(rows []row) string {
	var b strings.Builder
	b.WriteString(tableHeader)
	for _, r := range rows {
		aelib, aRSS := r.Aelib.Skipped, ""
		if r.Aelib.ok() {
			aelib, aRSS = fmtSeconds(r.Aelib.Median), fmtMiB(r.Aelib.PeakRSSMiB)
		}
		peer, peerS, pRSS := peerCells(r.Peer)
		jax, jaxS, jRSS := peerCells(r.JAX)
		backend := r.Backend
		if backend == "" {
			backend = "—"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			r.W.Name, backend, cell(aelib), cell(peer), peerS, cell(jax), jaxS,
			ratioCell(r, r.Peer), ratioCell(r, r.JAX), r.targetText(), aRSS, pRSS, jRSS)
	}
	return b.String()
}

// peerCells are a peer's label (or skip message), median and RSS cells.
func peerCells(m measurement) (label, median, rss string) {
	if m.ok() {
		return m.Label, fmtSeconds(m.Median), fmtMiB(m.PeakRSSMiB)
	}
	return m.Skipped, "", ""
}

func ratioCell(r row, m measurement) string {
	if q, ok := r.ratioTo(m); ok {
		return strconv.FormatFloat(q, 'f', 2, 64)
	}
	return ""
}

// cell escapes text for a markdown table cell.
func cell(s string) string {
	return strings.ReplaceAll(oneLine(s), "|", `\|`)
}

// misses lists, one line each, the targets aelib missed.
func misses(rows []row) []string {
	var out []string
	for _, r := range rows {
		for _, c := range r.checks() {
			if r.verdict(c) != "missed" {
				continue
			}
			if c.Against == "RSS" {
				out = append(out, fmt.Sprintf("%s: aelib's peak RSS is %.0f MiB vs %s's %.0f MiB (target ≤ peer)",
					r.name(), r.Aelib.PeakRSSMiB, c.Peer.Label, c.Peer.PeakRSSMiB))
				continue
			}
			q, _ := r.ratioTo(c.Peer)
			out = append(out, fmt.Sprintf("%s: aelib takes %.2f× %s's time (%s s vs %s s; target ≤ %.2f× %s)",
				r.name(), q, c.Peer.Label, fmtSeconds(r.Aelib.Median), fmtSeconds(c.Peer.Median), c.Max, c.Against))
		}
	}
	return out
}

// met lists, one line each, the targets aelib met.
func met(rows []row) []string {
	var out []string
	for _, r := range rows {
		for _, c := range r.checks() {
			if r.verdict(c) != "met" || c.Against == "RSS" {
				continue
			}
			q, _ := r.ratioTo(c.Peer)
			out = append(out, fmt.Sprintf("%s: %.2f× %s (target ≤ %.2f× %s)", r.name(), q, c.Peer.Label, c.Max, c.Against))
		}
	}
	return out
}

// backendLines are the machine section's lines about each backend.
func backendLines(rep *report) []string {
	var out []string
	for _, info := range rep.Backends {
		switch {
		case info.Skipped != "":
			out = append(out, info.Skipped)
		case info.Description != "":
			out = append(out, fmt.Sprintf("%s [%s; created in %s s]", info.Line, info.Description, fmtSeconds(info.LoadSeconds)))
		default:
			out = append(out, info.Line)
		}
	}
	return out
}

// renderSummary is what aebench prints: machine, backends and the results table.
func renderSummary(rep *report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "machine: %s\n", rep.Machine)
	for _, l := range backendLines(rep) {
		fmt.Fprintf(&b, "%s\n", l)
	}
	fmt.Fprintf(&b, "load average: %s before, %s after\n\n", rep.LoadBefore, rep.LoadAfter)
	b.WriteString(renderTable(rep.Rows))
	if s := renderScaling(rep.Scaling); s != "" {
		b.WriteString("\n" + s)
	}
	if m := misses(rep.Rows); len(m) > 0 {
		b.WriteString("\nmissed:\n")
		for _, line := range m {
			fmt.Fprintf(&b, "  %s\n", line)
		}
	}
	return b.String()
}

// groups splits rows into runs of the same workload, in order.
func groups(rows []row) [][]row {
	var out [][]row
	for _, r := range rows {
		if n := len(out); n > 0 && out[n-1][0].W.Name == r.W.Name {
			out[n-1] = append(out[n-1], r)
			continue
		}
		out = append(out, []row{r})
	}
	return out
}

// rowBackends lists the backends of rows in order of appearance ("" for PCA excluded).
func rowBackends(rows []row) []string {
	var out []string
	for _, r := range rows {
		if r.Backend != "" && !slices.Contains(out, r.Backend) {
			out = append(out, r.Backend)
		}
	}
	return out
}

// compileSeconds estimates compilation as the first run minus the timed runs' median.
func compileSeconds(m measurement) string {
	if !m.ok() || m.First <= 0 {
		return ""
	}
	return fmtSeconds(max(0, m.First-m.Median))
}

// renderFirst renders the first epoch / warm-up table: a column per backend, with XLA's
// compile estimate beside it, then PyTorch's and JAX's.
func renderFirst(rows []row) string {
	var gs [][]row
	for _, g := range groups(rows) {
		if g[0].W.Epoch || g[0].W.neural() {
			gs = append(gs, g)
		}
	}
	if len(gs) == 0 {
		return ""
	}
	backends := rowBackends(rows)
	if len(backends) == 0 {
		backends = []string{""}
	}
	var b strings.Builder
	b.WriteString("| workload |")
	align := "|---|"
	for _, be := range backends {
		if be == "" {
			b.WriteString(" aelib first s |")
		} else {
			fmt.Fprintf(&b, " aelib %s first s |", be)
		}
		align += "--:|"
		if strings.HasPrefix(be, "xla") {
			fmt.Fprintf(&b, " aelib %s compile s (first − median) |", be)
			align += "--:|"
		}
	}
	b.WriteString(" PyTorch first s | JAX first s | JAX compile s (first − median) |\n")
	b.WriteString(align + "--:|--:|--:|\n")
	for _, g := range gs {
		fmt.Fprintf(&b, "| %s |", g[0].W.Name)
		for _, be := range backends {
			var m measurement
			for _, r := range g {
				if r.Backend == be {
					m = r.Aelib
				}
			}
			fmt.Fprintf(&b, " %s |", firstSeconds(m))
			if strings.HasPrefix(be, "xla") {
				fmt.Fprintf(&b, " %s |", compileSeconds(m))
			}
		}
		fmt.Fprintf(&b, " %s | %s | %s |\n", firstSeconds(g[0].Peer), firstSeconds(g[0].JAX), compileSeconds(g[0].JAX))
	}
	return b.String()
}

func firstSeconds(m measurement) string {
	if m.ok() && m.First > 0 {
		return fmtSeconds(m.First)
	}
	return ""
}

// renderScaling renders the Go backend's GOMAXPROCS=1 vs default table.
func renderScaling(rows []scalingRow) string {
	if len(rows) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("| workload (Go backend) | GOMAXPROCS=1 median s | GOMAXPROCS=N median s | N | speed-up 1 → N | parallel efficiency |\n|---|--:|--:|--:|--:|--:|\n")
	for _, s := range rows {
		one, many := s.One.Skipped, s.Many.Skipped
		if s.One.ok() {
			one = fmtSeconds(s.One.Median)
		}
		if s.Many.ok() {
			many = fmtSeconds(s.Many.Median)
		}
		up, eff := "", ""
		if q, ok := s.speedup(); ok {
			up = strconv.FormatFloat(q, 'f', 2, 64) + "×"
			eff = strconv.FormatFloat(100*q/float64(s.Procs), 'f', 0, 64) + " %"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %s | %s |\n", s.W.Name, cell(one), cell(many), s.Procs, up, eff)
	}
	return b.String()
}

// renderMarkdown is the full BENCHMARKS.md.
func renderMarkdown(rep *report) string {
	var b strings.Builder
	b.WriteString("# Benchmarks\n\n")
	fmt.Fprintf(&b, "Generated by `cmd/aebench` on %s, %d timed run(s) per workload (medians). Regenerate with:\n\n",
		rep.Date.Format("2006-01-02 15:04 MST"), rep.Runs)
	fmt.Fprintf(&b, "```sh\n%s\n```\n\n", rep.Command)
	b.WriteString("## Machine\n\n")
	fmt.Fprintf(&b, "- %s\n", rep.Machine)
	fmt.Fprintf(&b, "- load average (1, 5, 15 min): %s before, %s after (the benchmark's own processes included)\n", rep.LoadBefore, rep.LoadAfter)
	fmt.Fprintf(&b, "- %s\n", rep.Machine.Go)
	for _, l := range backendLines(rep) {
		fmt.Fprintf(&b, "- %s\n", l)
	}
	var peers []string
	for _, k := range []string{"PyTorch", "scikit-learn", "numpy"} {
		if v := rep.PeerVersion[k]; v != "" {
			peers = append(peers, k+" "+v)
		}
	}
	if len(peers) > 0 {
		fmt.Fprintf(&b, "- peers: %s (Debian packages, run with the system Python)\n", strings.Join(peers, ", "))
	}
	if v := rep.PeerVersion["JAX"]; v != "" {
		fmt.Fprintf(&b, "- JAX %s, jaxlib %s on the CPU (pip, installed by bench/setup-jax.sh into .cache/jax; run with %s)\n",
			v, rep.PeerVersion["jaxlib"], rep.PeerVersion["JAX Python"])
	}
	fmt.Fprintf(&b, "- MNIST from %s\n\n", rep.DataDir)

	b.WriteString("## Results\n\n")
	b.WriteString("Each GoMLX workload runs on every backend (one row each; the child process gets GOMLX_BACKEND); PCA does not use GoMLX and runs once. ")
	b.WriteString("Ratios are aelib median / peer median: below 1 aelib is faster. The peer is PyTorch (or scikit-learn for PCA), given its best thread setting, and JAX its best (see below). ")
	b.WriteString("Targets: on XLA, aelib against the best peer and against JAX (the same compiler, so that ratio is GoMLX's own overhead); on the Go backend, the deep epoch against PyTorch. ")
	b.WriteString("Peak RSS is the maximum resident set size of the process that ran the workload (data loading included), from its rusage.\n\n")
	b.WriteString(renderTable(rep.Rows))
	b.WriteString("\n")
	if m := met(rep.Rows); len(m) > 0 {
		b.WriteString("Targets met:\n\n")
		for _, line := range m {
			fmt.Fprintf(&b, "- %s\n", line)
		}
		b.WriteString("\n")
	}
	if m := misses(rep.Rows); len(m) > 0 {
		b.WriteString("Targets missed:\n\n")
		for _, line := range m {
			fmt.Fprintf(&b, "- %s\n", line)
		}
		b.WriteString("\n")
	}

	if s := renderScaling(rep.Scaling); s != "" {
		b.WriteString("## Go backend: GOMAXPROCS=1 vs the default\n\n")
		b.WriteString("The same workload on the Go backend in a child with GOMAXPROCS=1 and in the main run (GOMAXPROCS=N, the default). The Go backend's worker pool follows GOMAXPROCS; XLA's CPU plugin uses its own thread pool and is not affected by it. Parallel efficiency is the speed-up / N.\n\n")
		b.WriteString(s)
		b.WriteString("\n")
	}

	if f := renderFirst(rep.Rows); f != "" {
		b.WriteString("## First epoch / warm-up\n\n")
		b.WriteString("Not included in the medians above. For aelib the first epoch (or inference pass) includes building and compiling the GoMLX graphs; on XLA, first − median estimates XLA's compilation. PyTorch's first run is its warm-up; JAX's includes tracing and XLA compilation of the step.\n\n")
		b.WriteString(f)
		b.WriteString("\n")
	}

	if t := renderTrials(rep.Rows, func(r row) []threadTrial { return r.Trials }); t != "" {
		b.WriteString("## PyTorch thread settings\n\n")
		b.WriteString("Median seconds per setting: N threads sets torch.set_num_threads(N) and OMP_NUM_THREADS; Debian's PyTorch does its matrix products in OpenBLAS, whose own pool (OPENBLAS_NUM_THREADS) is set to N too unless shown. The fastest setting is the one reported above. Once one setting has finished, the others are stopped (\"gave up\") when they run 3× longer than it.\n\n")
		b.WriteString(t)
		b.WriteString("\n")
	}
	if t := renderTrials(rep.Rows, func(r row) []threadTrial { return r.JAXTrials }); t != "" {
		b.WriteString("## JAX thread settings\n\n")
		b.WriteString("Median seconds per setting: \"XLA's pool\" leaves XLA's CPU client its own thread pool (one thread per core); \"1 thread\" pins the process to one core (sched_setaffinity) before jax is imported, from which XLA sizes its pool to one thread (XLA_FLAGS=--xla_cpu_multi_thread_eigen=false does not limit jaxlib 0.10.2's CPU client). The fastest is the one reported above; the same give-up rule as PyTorch's applies.\n\n")
		b.WriteString(t)
		b.WriteString("\n")
	}

	if rep.Notes != "" {
		b.WriteString("## Notes\n\n")
		b.WriteString(rep.Notes)
		b.WriteString("\n\n")
	}

	b.WriteString("## All runs\n\n")
	for _, g := range groups(rep.Rows) {
		fmt.Fprintf(&b, "- **%s**:", g[0].W.Name)
		var parts []string
		for _, r := range g {
			who := "aelib"
			if r.Backend != "" {
				who += " " + r.Backend
			}
			parts = append(parts, who+" "+runsText(r.Aelib))
		}
		for _, m := range []measurement{g[0].Peer, g[0].JAX} {
			if m.ok() {
				parts = append(parts, m.Label+" "+runsText(m))
			}
		}
		b.WriteString(" " + strings.Join(parts, "; ") + "\n")
		details := func(who, d string) {
			for _, line := range strings.Split(d, "\n") {
				if line != "" && !strings.HasPrefix(line, "backend ") {
					fmt.Fprintf(&b, "  - %s: %s\n", who, line)
				}
			}
		}
		details("aelib", g[0].Aelib.Detail)
		details("peer", g[0].Peer.Detail)
		if g[0].JAX.ok() {
			details("JAX", g[0].JAX.Detail)
		}
	}
	b.WriteString("\n## Workloads\n\n")
	for _, g := range groups(rep.Rows) {
		fmt.Fprintf(&b, "- **%s**: %s.\n", g[0].W.Name, g[0].W.What)
	}
	b.WriteString("\nEach aelib workload runs in its own child process; training workloads train 1 + runs epochs there and time the epochs after the first ")
	b.WriteString("(Fit's per-epoch training time, evaluation excluded). Fit evaluates on the first 1000 training rows so that no test set is held in memory. ")
	b.WriteString("PyTorch trains the same way (untimed first epoch, then timed epochs), with the data preloaded as one float32 tensor and batches gathered by slicing a fresh permutation each epoch. ")
	b.WriteString("JAX does the same with one jitted step per batch (the batch gathered inside the step from the images on the device) and reads the loss back every step, as PyTorch and aelib do.\n\n")

	b.WriteString("## Commands\n\n")
	b.WriteString("Run from the repository root; `aebench` is the binary `go run ./cmd/aebench` builds.\n\n```sh\n")
	for _, g := range groups(rep.Rows) {
		for _, r := range g {
			if r.Aelib.Command != "" {
				fmt.Fprintf(&b, "%s\n", r.Aelib.Command)
			}
		}
		for _, s := range rep.Scaling {
			if s.W.Name == g[0].W.Name && s.One.Command != "" {
				fmt.Fprintf(&b, "%s\n", s.One.Command)
			}
		}
		for _, c := range peerCommands(g[0].Peer, g[0].Trials) {
			fmt.Fprintf(&b, "%s\n", c)
		}
		for _, c := range peerCommands(g[0].JAX, g[0].JAXTrials) {
			fmt.Fprintf(&b, "%s\n", c)
		}
	}
	b.WriteString("```\n")
	return b.String()
}

// peerCommands lists a peer's command lines (every thread setting tried).
func peerCommands(m measurement, trials []threadTrial) []string {
	if len(trials) == 0 {
		if m.Command != "" {
			return []string{m.Command}
		}
		return nil
	}
	out := make([]string, len(trials))
	for i, t := range trials {
		out[i] = t.Command
	}
	return out
}

// renderTrials renders a peer's median for each thread setting, one line per workload.
func renderTrials(rows []row, trialsOf func(row) []threadTrial) string {
	var labels []string
	for _, r := range rows {
		for _, t := range trialsOf(r) {
			if !slices.Contains(labels, t.label()) {
				labels = append(labels, t.label())
			}
		}
	}
	if len(labels) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("| workload |")
	for _, l := range labels {
		fmt.Fprintf(&b, " %s s |", l)
	}
	b.WriteString("\n|---|")
	for range labels {
		b.WriteString("--:|")
	}
	b.WriteString("\n")
	for _, g := range groups(rows) {
		trials := trialsOf(g[0])
		if len(trials) == 0 {
			continue
		}
		fmt.Fprintf(&b, "| %s |", g[0].W.Name)
		for _, l := range labels {
			v := ""
			for _, tr := range trials {
				if tr.label() == l {
					if strings.HasPrefix(tr.Err, "gave up") {
						v = "gave up"
					} else if tr.Err != "" {
						v = "failed"
					} else {
						v = fmtSeconds(tr.Median)
					}
				}
			}
			fmt.Fprintf(&b, " %s |", v)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// runsText lists a measurement's runs, e.g. "1.23, 1.25, 1.31 s".
func runsText(m measurement) string {
	if !m.ok() {
		return m.Skipped
	}
	s := make([]string, len(m.Seconds))
	for i, v := range m.Seconds {
		s[i] = fmtSeconds(v)
	}
	text := strings.Join(s, ", ") + " s"
	if m.First > 0 {
		text += " (first " + fmtSeconds(m.First) + " s)"
	}
	return text
}

// machineInfo describes the computer the benchmarks ran on.
type machineInfo struct {
	CPU      string
	Cores    int
	MemGiB   float64
	OS       string
	Go       string
	MaxProcs int
}

func (m machineInfo) String() string {
	s := fmt.Sprintf("%s, %d logical cores", m.CPU, m.Cores)
	if m.MemGiB > 0 {
		s += fmt.Sprintf(", %.1f GiB memory", m.MemGiB)
	}
	return s + ", " + m.OS
}

// describeMachine reads the CPU model from /proc/cpuinfo and the memory from
// /proc/meminfo (left blank where they cannot be read).
func describeMachine() machineInfo {
	m := machineInfo{CPU: "unknown CPU", Cores: runtime.NumCPU(), OS: runtime.GOOS + "/" + runtime.GOARCH, MaxProcs: runtime.GOMAXPROCS(0)}
	if v := procField("/proc/cpuinfo", "model name"); v != "" {
		m.CPU = v
	}
	if v := procField("/proc/meminfo", "MemTotal"); v != "" {
		if f := strings.Fields(v); len(f) > 0 {
			if kb, err := strconv.ParseFloat(f[0], 64); err == nil {
				m.MemGiB = kb / (1 << 20)
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.OS += " (Linux " + strings.TrimSpace(string(b)) + ")"
	}
	m.Go = fmt.Sprintf("%s, GOMAXPROCS=%d", runtime.Version(), m.MaxProcs)
	for _, k := range []string{"GOAMD64", "GOEXPERIMENT"} {
		if v := buildSetting(k); v != "" {
			m.Go += ", " + k + "=" + v
		}
	}
	return m
}

// procField returns the value of the first "key: value" line of a /proc file.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// loadAverage returns the 1, 5 and 15 minute load averages, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// buildSetting returns a setting recorded in the binary's build information.
func buildSetting(key string) string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, s := range bi.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}
