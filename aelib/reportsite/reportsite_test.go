package reportsite

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// header is what notebook.Header prints, as notebook.Printf sends it (HTML <pre>).
const header = `<pre style="margin:0">01_compression: %s
backend xla:cpu: found the XLA CPU plugin
versions: go go1.27.3-X:simd
code: commit 0123456789ab%s
machine: linux/amd64, 2 logical CPUs
date: 2026-12-01T20:58:09Z
data: MNIST from user cache
</pre>`

// writeNotebook writes an executed notebook with one code cell per output (each output a
// display of HTML, "[image]" for a PNG) and optional metadata; and its HTML rendering
// unless noHTML.
func writeNotebook(t *testing.T, dir, name string, outputs []string, metadata map[string]any, noHTML bool) string {
	t.Helper()
	var cells []map[string]any
	for i, o := range outputs {
		out := map[string]any{"output_type": "display_data", "metadata": map[string]any{}, "data": map[string]any{"text/html": o}}
		if o == "[image]" {
			out["data"] = map[string]any{"image/png": "iVBORw0KGgo="}
		}
		cells = append(cells, map[string]any{
			"cell_type": "code", "source": "%%\nx()", "execution_count": i + 1, "metadata": map[string]any{},
			"outputs": []any{out},
		})
	}
	if metadata == nil {
		metadata = map[string]any{}
	}
	data, err := json.Marshal(map[string]any{"nbformat": 4, "nbformat_minor": 5, "metadata": metadata, "cells": cells})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".ipynb")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if !noHTML {
		if err := os.WriteFile(filepath.Join(dir, name+".html"), []byte("<html></html>"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func fullHeader() string { return fmt.Sprintf(header, "full mode", "") }
func quickHeader() string {
	return fmt.Sprintf(header, "QUICK mode (AELIB_QUICK=1): 6000 training", " (uncommitted changes)")
}

func TestReadNotebook(t *testing.T) {
	table := `<table><tr><td>autoencoder 784-32-784</td><td>32</td><td>0.0914</td><td>0.00958</td></tr>
<tr><td>PCA</td><td>32</td><td>0.1175</td><td>0.01683</td></tr></table>`
	progress := `<div>autoencoder 784-32-784 50/50 loss 0.0926</div>`
	ratio := `<pre style="margin:0">PCA comparison: the autoencoder&#39;s per-pixel MSE is 57% of PCA&#39;s</pre>`
	runTime := `<pre style="margin:0">notebook run time: 56 s
</pre>`
	specs := map[string]Spec{"nb": {Headlines: []Headline{
		{Label: "AE MSE", Pattern: `autoencoder 784-32-784 32 \S+ (\S+)`},
		{Label: "ratio", Pattern: `per-pixel MSE is (\d+)% of PCA's`, Unit: "%"},
		{Label: "whole match", Pattern: `PCA 32 \S+`},
	}}}
	tests := []struct {
		name       string
		outputs    []string
		metadata   map[string]any
		noHTML     bool
		wantMode   string
		wantDirty  bool
		wantValues []string // "" = not found
		wantRun    string
		problems   []string // regexps, each must match one problem
	}{
		{
			name:       "full run, side file",
			outputs:    []string{fullHeader(), progress, "[image]", table, ratio, runTime},
			wantMode:   "full",
			wantValues: []string{"0.00958", "57%", "PCA 32 0.1175"},
			wantRun:    "56",
		},
		{
			name:       "quick run, dirty tree",
			outputs:    []string{quickHeader(), "[image]", table, ratio, runTime},
			wantMode:   "quick",
			wantDirty:  true,
			wantValues: []string{"0.00958", "57%", "PCA 32 0.1175"},
			wantRun:    "56",
		},
		{
			name:       "a printed line changed: its headline is not found",
			outputs:    []string{fullHeader(), "[image]", table, runTime},
			wantMode:   "full",
			wantValues: []string{"0.00958", "", "PCA 32 0.1175"},
			wantRun:    "56",
			problems:   []string{`headline "ratio": pattern .* matches no output`},
		},
		{
			name:    "metadata wins over the side file",
			outputs: []string{fullHeader(), "[image]", table, runTime},
			metadata: map[string]any{MetadataKey: map[string]any{"headlines": []any{
				map[string]any{"label": "PCA MSE", "pattern": `PCA 32 \S+ (\S+)`},
			}}},
			wantMode:   "full",
			wantValues: []string{"0.01683"},
			wantRun:    "56",
		},
		{
			name:       "no header, no run time, no HTML, no image",
			outputs:    []string{table},
			noHTML:     true,
			wantMode:   "",
			wantValues: []string{"0.00958", "", "PCA 32 0.1175"},
			problems:   []string{`no HTML rendering`, `no header`, `no "notebook run time`, `no image output`, `headline "ratio"`},
		},
		{
			name:     "bad pattern in metadata",
			outputs:  []string{fullHeader(), "[image]", runTime},
			metadata: map[string]any{MetadataKey: map[string]any{"headlines": []any{map[string]any{"label": "x", "pattern": `(`}}}},
			wantMode: "full", wantRun: "56",
			wantValues: []string{""},
			problems:   []string{`headline "x": pattern does not compile`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeNotebook(t, dir, "nb", tc.outputs, tc.metadata, tc.noHTML)
			s := ReadNotebook(path, specs, dir)
			if s.Mode != tc.wantMode {
				t.Errorf("Mode = %q, want %q", s.Mode, tc.wantMode)
			}
			if tc.wantMode != "" {
				if s.Backend != "xla:cpu" || s.Commit != "0123456789ab" || s.Date != "2026-12-01 20:58 UTC" || s.Name != "01_compression" {
					t.Errorf("provenance = %q %q %q %q", s.Name, s.Backend, s.Commit, s.Date)
				}
			}
			if s.Dirty != tc.wantDirty {
				t.Errorf("Dirty = %v, want %v", s.Dirty, tc.wantDirty)
			}
			if s.RunTime != tc.wantRun {
				t.Errorf("RunTime = %q, want %q", s.RunTime, tc.wantRun)
			}
			if (s.HTML == "") != tc.noHTML || (!tc.noHTML && s.HTML != "nb.html") {
				t.Errorf("HTML = %q (noHTML %v)", s.HTML, tc.noHTML)
			}
			var got []string
			for _, v := range s.Headlines {
				if v.Found != (v.Text != "") {
					t.Errorf("headline %q: Found %v with text %q", v.Label, v.Found, v.Text)
				}
				got = append(got, v.Text)
			}
			if strings.Join(got, "|") != strings.Join(tc.wantValues, "|") {
				t.Errorf("headlines = %q, want %q", got, tc.wantValues)
			}
			if len(s.Problems) != len(tc.problems) {
				t.Errorf("problems = %q, want %d matching %q", s.Problems, len(tc.problems), tc.problems)
			}
			for _, want := range tc.problems {
				re := regexp.MustCompile(want)
				found := false
				for _, p := range s.Problems {
					found = found || re.MatchString(p)
				}
				if !found {
					t.Errorf("no problem matches %q in %q", want, s.Problems)
				}
			}
		})
	}
}

func TestReadNotebookUnreadable(t *testing.T) {
	dir := t.TempDir()
	s := ReadNotebook(filepath.Join(dir, "missing.ipynb"), nil, dir)
	if s.Check != "unreadable" || len(s.Problems) < 2 || !strings.Contains(strings.Join(s.Problems, "\n"), "make notebooks") {
		t.Errorf("missing notebook: Check %q, problems %q", s.Check, s.Problems)
	}
}

func TestLoadSpecs(t *testing.T) {
	tests := []struct {
		name, content, wantErr string
	}{
		{"ok", `{"a": {"headlines": [{"label": "x", "pattern": "y (\\d+)"}]}}`, ""},
		{"not an object", `[1]`, "not a JSON object"},
		{"no label", `{"a": {"headlines": [{"pattern": "y"}]}}`, `needs both "label" and "pattern"`},
		{"bad pattern", `{"a": {"headlines": [{"label": "x", "pattern": "("}]}}`, `headline "x": pattern does not compile`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "h.json")
			if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			specs, err := LoadSpecs(path)
			if tc.wantErr == "" {
				if err != nil || len(specs["a"].Headlines) != 1 {
					t.Fatalf("LoadSpecs = %v, %v", specs, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), path) {
				t.Errorf("LoadSpecs error = %v, want one naming %s and saying %q", err, path, tc.wantErr)
			}
		})
	}
}

// TestRepositorySideFile checks the committed side file loads (every pattern compiles).
func TestRepositorySideFile(t *testing.T) {
	specs, err := LoadSpecs("../../notebooks/headlines.json")
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range specs {
		if n := len(s.Headlines); n < 3 || n > 6 {
			t.Errorf("%s: %d headlines, want 3 to 6", name, n)
		}
		if _, err := os.Stat(filepath.Join("../../notebooks", name+".ipynb")); err != nil {
			t.Errorf("%s: no such notebook: %v", name, err)
		}
	}
}

func writeRun(t *testing.T, dir string, metrics string, figures ...string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"metrics.json": metrics, "README.md": "# aelab demo\n"}
	for _, f := range figures {
		files[f] = "png"
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSiteWrite(t *testing.T) {
	root := t.TempDir()
	runs := filepath.Join(root, "runs")
	writeRun(t, filepath.Join(runs, "demo"), `{"title": "demo", "command": ["aelab", "demo"], "created": "2026-12-01T10:00:00Z",
		"seconds": 12.5, "backend": {"name": "go", "reason": "r"}, "code": {"commit": "0123456789abcdef"},
		"results": [{"model": "PCA", "code_size": 32, "metrics": {"mse": 0.0168}}], "figures": ["loss.png", "gone.png"]}`, "loss.png")
	writeRun(t, filepath.Join(runs, "mnist", "compare"), `{"title": "compare"}`)
	writeRun(t, filepath.Join(runs, "broken"), `{`)
	// A training run folder (no README.md) is not a run report.
	if err := os.MkdirAll(filepath.Join(runs, "notebooks", "01", "ae"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(runs, "notebooks", "01", "ae", "metrics.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}

	found, err := FindRuns(runs)
	if err != nil {
		t.Fatal(err)
	}
	var rels []string
	for _, r := range found {
		rels = append(rels, r.Rel)
	}
	if got := strings.Join(rels, ","); got != "broken,demo,mnist/compare" {
		t.Fatalf("FindRuns = %s, want broken,demo,mnist/compare", got)
	}
	if found[0].Problem == "" {
		t.Errorf("broken metrics.json: no problem")
	}

	out := filepath.Join(root, "reports")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	nb := writeNotebook(t, out, "01_x", []string{fullHeader(), "[image]"}, nil, false)
	// A stale page of a run that no longer exists is removed.
	writeRun(t, filepath.Join(out, RunsDir, "stale"), `{}`)
	site := Site{Notebooks: []Notebook{ReadNotebook(nb, nil, out)}, Runs: found, Generated: time.Unix(0, 0)}
	index, err := site.Write(out)
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`href="01_x.html"`, `href="runs/demo/index.html"`, `href="runs/mnist/compare/index.html"`,
		"PCA (code 32): MSE 0.01680", "<code>0123456789ab</code>", "12.5 s"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, RunsDir, "stale")); !os.IsNotExist(err) {
		t.Errorf("stale run page kept: %v", err)
	}
	for _, f := range []string{"demo/index.html", "demo/README.md", "demo/metrics.json", "demo/loss.png", "mnist/compare/index.html"} {
		if _, err := os.Stat(filepath.Join(out, RunsDir, f)); err != nil {
			t.Errorf("run file not written: %v", err)
		}
	}
	demo, _ := os.ReadFile(filepath.Join(out, RunsDir, "demo", "index.html"))
	if !strings.Contains(string(demo), `src="loss.png"`) || strings.Contains(string(demo), `src="gone.png"`) || !strings.Contains(string(demo), `href="../../index.html"`) {
		t.Errorf("demo page: figures or back link wrong:\n%s", demo)
	}
	compare, _ := os.ReadFile(filepath.Join(out, RunsDir, "mnist", "compare", "index.html"))
	if !strings.Contains(string(compare), `href="../../../index.html"`) {
		t.Errorf("nested run page: back link wrong")
	}
	if p := strings.Join(site.Problems(), "\n"); !strings.Contains(p, "runs/broken: metrics.json") || !strings.Contains(p, "missing files: gone.png") {
		t.Errorf("Problems() = %q", p)
	}
}
