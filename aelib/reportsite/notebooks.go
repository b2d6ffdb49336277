// Package reportsite builds a static overview page, index.html, over the executed
// notebooks in reports/ and the run reports aelab leaves under runs/. The page needs no
// JavaScript and no server: it works from file:// and from any static file server.
//
// Every number on the page is read from the notebooks' outputs, never typed in:
//
//   - Provenance comes from the header every notebook prints first (notebook.Header):
//     the line "NAME: full mode" or "NAME: QUICK mode …", "backend NAME: …",
//     "code: commit HASH [(uncommitted changes)]" and "date: RFC3339", and from the
//     line "notebook run time: N s" its last cell prints.
//   - Headline numbers come from patterns the notebook declares in its notebook-level
//     metadata under "nbreport" (see Spec), or, for a notebook without that entry, from a
//     side file mapping notebook names to the same entries (LoadSpecs;
//     notebooks/headlines.json in this repository).
//
// A pattern is a Go regular expression (RE2 syntax) matched against the text of each
// output in turn, top to bottom, with runs of white space collapsed to one space and HTML
// reduced to its text (a table row reads "PCA 32 0.1175 0.01683 …"). The first output
// that matches gives the value: the pattern's first capture group, or the whole match
// when it has none. A pattern that matches nothing is shown as "not found" and listed as
// a problem, so a notebook whose printed lines change cannot silently lose a headline.
package reportsite

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/ipynb"
	"github.com/goautoencoders/autoencoders/aelib/notebookcheck"
)

// MetadataKey is the notebook-level metadata key holding a notebook's Spec.
const MetadataKey = "nbreport"

// Headline declares one headline number of a notebook.
type Headline struct {
	// Label names the number on the page, e.g. "autoencoder MSE / PCA MSE".
	Label string `json:"label"`
	// Pattern is a Go regular expression matched against each output's text; its first
	// capture group (or the whole match) is the value.
	Pattern string `json:"pattern"`
	// Unit, when set, is written after the value ("%", "s", "dB").
	Unit string `json:"unit,omitempty"`
}

// Spec is what a notebook declares for the report page, in its metadata under
// MetadataKey:
//
//	"metadata": {"nbreport": {"headlines": [
//	    {"label": "autoencoder / PCA MSE", "pattern": "per-pixel MSE is (\\d+)% of PCA's", "unit": "%"}]}}
type Spec struct {
	Headlines []Headline `json:"headlines"`
}

// LoadSpecs reads a side file of specs: a JSON object mapping notebook names (the file
// name without .ipynb, e.g. "01_what_autoencoders_are") to a Spec each. It is used for
// notebooks whose metadata has no "nbreport" entry.
func LoadSpecs(path string) (map[string]Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("headline specs: %w", err)
	}
	var specs map[string]Spec
	if err := json.Unmarshal(data, &specs); err != nil {
		return nil, fmt.Errorf("headline specs %s: not a JSON object of notebook name -> {\"headlines\": [...]}: %w", path, err)
	}
	for name, s := range specs {
		for i, h := range s.Headlines {
			if h.Label == "" || h.Pattern == "" {
				return nil, fmt.Errorf("headline specs %s: %s: headline %d needs both \"label\" and \"pattern\"", path, name, i+1)
			}
			if _, err := regexp.Compile(h.Pattern); err != nil {
				return nil, fmt.Errorf("headline specs %s: %s: headline %q: pattern does not compile: %w", path, name, h.Label, err)
			}
		}
	}
	return specs, nil
}

// Value is one headline number as found in a notebook's outputs.
type Value struct {
	Label string
	// Text is the value as printed (with Unit appended), "" when the pattern matched nothing.
	Text  string
	Found bool
}

// Notebook summarizes one executed notebook for the page.
type Notebook struct {
	// File is the notebook's base name without .ipynb.
	File string
	// Path is where the executed notebook was read from.
	Path string
	// HTML is the path of its HTML rendering relative to the page, "" when there is none.
	HTML string
	// Name is the notebook's lab name from its header ("01_compression").
	Name string
	// Mode is "quick" or "full" ("" when the header is missing).
	Mode    string
	Backend string
	Commit  string
	// Dirty: the working tree had uncommitted changes outside the notebooks.
	Dirty bool
	// Date is when the notebook ran, "2006-01-02 15:04 UTC" (as printed when not RFC 3339).
	Date string
	// RunTime is the notebook's own "notebook run time" in seconds, as printed ("56").
	RunTime   string
	Headlines []Value
	// Check is "ok" when nbcheck's checks pass (every cell ran, no error output, a figure),
	// else the number of problems.
	Check string
	// Problems lists what is missing or wrong, one line each.
	Problems []string
}

// Header lines printed by notebook.Header and a notebook's last cell.
var (
	modeLine    = regexp.MustCompile(`(?m)^\s*(\S+): (full mode|QUICK mode)`)
	backendLine = regexp.MustCompile(`(?m)^\s*backend (\S+?):\s`)
	codeLine    = regexp.MustCompile(`(?m)^\s*code: commit ([0-9a-f]+)( \(uncommitted changes\))?`)
	dateLine    = regexp.MustCompile(`(?m)^\s*date: (\S+)`)
	runTimeLine = regexp.MustCompile(`notebook run time: ([0-9.]+) s`)
)

// ReadNotebook summarizes the executed notebook at path. specs is the side file's content
// (may be nil); the notebook's own metadata entry, when present, wins over it. htmlBase is
// the folder the page is written to, for the relative link to the notebook's HTML
// rendering (NAME.html beside the notebook). A notebook that cannot be read gives a
// summary listing the problem, not an error, so one broken run does not hide the others.
func ReadNotebook(path string, specs map[string]Spec, htmlBase string) Notebook {
	file := strings.TrimSuffix(filepath.Base(path), ".ipynb")
	s := Notebook{File: file, Path: path}
	htmlPath := strings.TrimSuffix(path, ".ipynb") + ".html"
	if _, err := os.Stat(htmlPath); err == nil {
		if rel, err := relLink(htmlBase, htmlPath); err == nil {
			s.HTML = rel
		}
	} else {
		s.Problems = append(s.Problems, fmt.Sprintf("no HTML rendering %s (scripts/run-notebooks.sh writes it)", htmlPath))
	}
	nb, err := ipynb.Read(path)
	if err != nil {
		s.Check = "unreadable"
		s.Problems = append(s.Problems, err.Error()+" (run make notebooks or make notebooks-quick)")
		return s
	}
	if err := notebookcheck.Check(path, notebookcheck.Requirements{}); err != nil {
		if ce := (*notebookcheck.Error)(nil); errors.As(err, &ce) {
			s.Check = fmt.Sprintf("%d problem(s)", len(ce.Problems))
			s.Problems = append(s.Problems, ce.Problems...)
		} else {
			s.Check = "unreadable"
			s.Problems = append(s.Problems, err.Error())
		}
	} else {
		s.Check = "ok"
	}

	var texts []string // each output's text, white space collapsed, for the headlines
	for _, out := range nb.Outputs() {
		raw := out.PlainText()
		if raw == "" {
			continue
		}
		texts = append(texts, ipynb.CollapseSpace(raw))
		if s.Mode == "" {
			if m := modeLine.FindStringSubmatch(raw); m != nil {
				s.Name = m[1]
				s.Mode = map[string]string{"full mode": "full", "QUICK mode": "quick"}[m[2]]
				if m := backendLine.FindStringSubmatch(raw); m != nil {
					s.Backend = m[1]
				}
				if m := codeLine.FindStringSubmatch(raw); m != nil {
					s.Commit, s.Dirty = m[1], m[2] != ""
				}
				if m := dateLine.FindStringSubmatch(raw); m != nil {
					s.Date = m[1]
					if d, err := time.Parse(time.RFC3339, m[1]); err == nil {
						s.Date = d.UTC().Format("2006-01-02 15:04 UTC")
					}
				}
			}
		}
		if m := runTimeLine.FindStringSubmatch(raw); m != nil {
			s.RunTime = m[1]
		}
	}
	if s.Mode == "" {
		s.Problems = append(s.Problems, `no header ("NAME: full mode" / "QUICK mode", printed by notebook.Header) in any output`)
	}
	if s.RunTime == "" {
		s.Problems = append(s.Problems, `no "notebook run time: N s" line in any output`)
	}

	var spec Spec
	found, err := nb.MetadataValue(MetadataKey, &spec)
	if err != nil {
		s.Problems = append(s.Problems, err.Error())
	}
	if !found {
		var ok bool
		if spec, ok = specs[file]; !ok {
			s.Problems = append(s.Problems, fmt.Sprintf("no headline numbers declared (metadata %q, or %q in the headline side file)", MetadataKey, file))
		}
	}
	for _, h := range spec.Headlines {
		v, problem := extract(h, texts)
		s.Headlines = append(s.Headlines, v)
		if problem != "" {
			s.Problems = append(s.Problems, problem)
		}
	}
	return s
}

// extract finds headline h in texts (one per output, in order).
func extract(h Headline, texts []string) (Value, string) {
	v := Value{Label: h.Label}
	re, err := regexp.Compile(h.Pattern)
	if err != nil {
		return v, fmt.Sprintf("headline %q: pattern does not compile: %v", h.Label, err)
	}
	for _, t := range texts {
		m := re.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		v.Text, v.Found = m[0], true
		if len(m) > 1 {
			v.Text = m[1]
		}
		v.Text += h.Unit
		return v, ""
	}
	return v, fmt.Sprintf("headline %q: pattern %q matches no output (did the printed line change?)", h.Label, h.Pattern)
}

// relLink is target relative to base, with forward slashes, for an href.
func relLink(base, target string) (string, error) {
	absBase, err := filepath.Abs(base)
	if err != nil {
		return "", err
	}
	absTarget, err := filepath.Abs(target)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absBase, absTarget)
	if err != nil {
		return "", err
	}
	return filepath.ToSlash(rel), nil
}
