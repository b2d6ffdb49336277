// Package report writes what a run leaves behind for a reader: metrics.json (numbers,
// configuration, backend and versions, so that a result can be reproduced) and a README.md
// with the comparison table and the figures.
//
// Example:
//
//	r := report.New("demo", os.Args, choice)
//	r.Config = cfg
//	r.Results = demo.Results
//	r.AddFigure("reconstructions.png", fig)
//	err := r.Write("runs/demo")
package report

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/atomicfile"
	"github.com/goautoencoders/autoencoders/internal/provenance"

	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/plots"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

// Report is the record of one run.
type Report struct {
	// Title names the experiment ("demo", "compare").
	Title string `json:"title"`
	// Command is the command line that produced the run.
	Command []string `json:"command"`
	// Created is when the report was started, in UTC.
	Created time.Time `json:"created"`
	// Seconds is the wall time of the whole run.
	Seconds float64 `json:"seconds"`
	// Backend is the GoMLX backend that ran the models, and why it was chosen.
	Backend backend.Choice `json:"backend"`
	// Versions maps module paths (and "go") to the versions linked into the binary.
	Versions map[string]string `json:"versions"`
	// Machine describes the host: OS/architecture, CPU model and logical CPUs.
	Machine string `json:"machine"`
	// Code is the git commit the run's code came from, and whether the tree was dirty.
	Code provenance.Code `json:"code"`
	// Data says where the data came from and how much of it was used.
	Data string `json:"data,omitempty"`
	// Config is the experiment's configuration (any JSON-encodable value).
	Config any `json:"config,omitempty"`
	// Results are the comparison rows.
	Results []metrics.Result `json:"results"`
	// Extra holds further named numbers of the run (a variational autoencoder's ELBO, …).
	Extra map[string]float64 `json:"extra,omitempty"`
	// Tables are further titled tables of the run (per-class AUCs, PSNR per method, …).
	Tables []NamedTable `json:"tables,omitempty"`
	// History is the autoencoder's per-epoch history, when one was trained.
	History *training.History `json:"history,omitempty"`
	// Figures are the file names of the figures, relative to the run folder.
	Figures []string `json:"figures,omitempty"`

	figures map[string]*plots.Figure
}

// New starts a report for the command line args, run on the backend described by choice.
func New(title string, args []string, choice backend.Choice) *Report {
	return &Report{
		Title:    title,
		Command:  append([]string(nil), args...),
		Created:  time.Now().UTC(),
		Backend:  choice,
		Versions: Versions(),
		Machine:  fmt.Sprintf("%s/%s, %s, %d logical CPUs", runtime.GOOS, runtime.GOARCH, provenance.CPUModel(), runtime.NumCPU()),
		Code:     provenance.CodeState(),
		figures:  map[string]*plots.Figure{},
	}
}

// AddFigure registers fig to be written as name (".png" or ".svg") by Write.
func (r *Report) AddFigure(name string, fig *plots.Figure) {
	if r.figures == nil {
		r.figures = map[string]*plots.Figure{}
	}
	if _, dup := r.figures[name]; !dup {
		r.Figures = append(r.Figures, name)
	}
	r.figures[name] = fig
}

// Write saves the figures, metrics.json and README.md into dir, each atomically.
func (r *Report) Write(dir string) error {
	r.Seconds = time.Since(r.Created).Seconds()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write report %s: %w", dir, err)
	}
	for _, name := range r.Figures {
		if err := r.figures[name].Save(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("write report %s: figure %s: %w", dir, name, err)
		}
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("write report %s: %w", dir, err)
	}
	if err := atomicfile.Write(filepath.Join(dir, "metrics.json"), append(data, '\n')); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(dir, "README.md"), []byte(r.Markdown())); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// Markdown renders the report as a short Markdown page.
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# aelab %s\n\n", r.Title)
	fmt.Fprintf(&b, "- command: `%s`\n", strings.Join(r.Command, " "))
	fmt.Fprintf(&b, "- created: %s, run time %.1f s\n", r.Created.Format(time.RFC3339), r.Seconds)
	fmt.Fprintf(&b, "- %s\n", r.Backend)
	fmt.Fprintf(&b, "- machine: %s\n", r.Machine)
	fmt.Fprintf(&b, "- code: %s\n", r.Code)
	if r.Data != "" {
		fmt.Fprintf(&b, "- data: %s\n", r.Data)
	}
	fmt.Fprintf(&b, "- versions: %s\n\n", r.versionLine())
	b.WriteString(ResultsTable(r.Results).Markdown())
	b.WriteString("\n")
	for _, k := range sortedKeys(r.Extra) {
		fmt.Fprintf(&b, "- %s: %.4g\n", k, r.Extra[k])
	}
	if len(r.Extra) > 0 {
		b.WriteString("\n")
	}
	for _, t := range r.Tables {
		fmt.Fprintf(&b, "%s\n\n%s\n", t.Title, t.Table.Markdown())
	}
	for _, name := range r.Figures {
		fmt.Fprintf(&b, "![%s](%s)\n\n", name, name)
	}
	return b.String()
}

// Header is the one-paragraph provenance a notebook prints first: backend, versions,
// code (commit, dirty), machine and date.
func (r *Report) Header() string {
	return fmt.Sprintf("%s\nversions: %s\ncode: %s\nmachine: %s\ndate: %s",
		r.Backend, r.versionLine(), r.Code, r.Machine, r.Created.Format(time.RFC3339))
}

func (r *Report) versionLine() string {
	keys := []string{"go", "github.com/gomlx/gomlx", "github.com/gomlx/compute", "gonum.org/v1/gonum", "github.com/janpfeifer/gonb"}
	var parts []string
	for _, k := range keys {
		if v, ok := r.Versions[k]; ok {
			parts = append(parts, fmt.Sprintf("%s %s", strings.TrimPrefix(k, "github.com/"), v))
		}
	}
	return strings.Join(parts, ", ")
}

// Versions returns the Go version and the versions of the modules linked into the running
// binary, plus GOEXPERIMENT when set at build time.
func Versions() map[string]string {
	v := map[string]string{"go": runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	for _, dep := range info.Deps {
		if dep.Replace != nil {
			v[dep.Path] = dep.Replace.Version
			continue
		}
		v[dep.Path] = dep.Version
	}
	for _, s := range info.Settings {
		if s.Key == "GOEXPERIMENT" {
			v["GOEXPERIMENT"] = s.Value
		}
	}
	return v
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
