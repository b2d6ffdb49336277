// Package notebookcheck validates executed Jupyter notebooks (nbformat 4), as written by
// scripts/run-notebooks.sh into reports/, so that CI fails when a notebook did not run
// cleanly or did not produce what it is meant to teach.
//
// A notebook passes Check when:
//   - every code cell with source was executed (a run that stopped at an error leaves the
//     cells after it unexecuted);
//   - no cell has an output of type "error" (GoNB reports compile errors, panics and
//     non-zero exits of a cell program that way);
//   - at least one output is an image (image/png or image/svg+xml);
//   - every text in the requirements' MustContain appears in some output (stream outputs
//     and the text/plain, text/html and text/markdown data of display_data and
//     execute_result outputs);
//   - with ProseNumbers, every number the markdown cells state is shown by some output, or
//     stands in a quotation (prose.go says exactly what matches).
//
// Besides the requirements passed by the caller, a notebook can declare its own in its
// notebook-level metadata, which survives execution:
//
//	"metadata": {"nbcheck": {"must_contain": ["PCA", "reconstruction MSE"],
//	                         "must_order": ["PCA comparison", "[image]"]}}
package notebookcheck

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/goautoencoders/autoencoders/aelib/ipynb"
)

// MetadataKey is the notebook-level metadata key from which Check reads requirements
// declared by the notebook itself (see the package documentation).
const MetadataKey = "nbcheck"

// Requirements lists what an executed notebook must show, besides running without errors
// and displaying at least one image.
type Requirements struct {
	// MustContain lists texts that must each appear in at least one output of the notebook.
	// Matching is by substring after collapsing runs of white space; HTML outputs are
	// matched both as raw HTML and as their text content (tags removed, entities decoded),
	// so "PCA 0.0123" matches a table row "<td>PCA</td><td>0.0123</td>".
	MustContain []string `json:"must_contain"`
	// MustOrder lists texts that must appear in the outputs in this order (reading the
	// outputs top to bottom; "[image]" stands for an image): a caption printed before its
	// figure must come out before it.
	MustOrder []string `json:"must_order"`
	// ProseNumbers, when set, requires every number in a markdown cell to be shown by an
	// output of the same notebook, or to stand in a quotation (see ProseProblems in
	// prose.go): for notebooks whose committed outputs come from the full run their prose
	// describes.
	ProseNumbers bool `json:"prose_numbers"`
}

// Error is returned by Check when a notebook fails one or more checks.
type Error struct {
	// Path is the notebook's file path, as passed to Check.
	Path string
	// Problems holds one human-readable line per failed check.
	Problems []string
}

// Error implements the error interface, listing every problem on its own line.
func (e *Error) Error() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "notebook %s: %d problem(s):", e.Path, len(e.Problems))
	for _, p := range e.Problems {
		sb.WriteString("\n  - ")
		sb.WriteString(p)
	}
	return sb.String()
}

// Check reads the executed notebook at path and validates it against requirements merged
// with those declared in the notebook's own metadata (see MetadataKey). It returns nil when
// the notebook passes, an *Error listing every failed check, or another error when the file
// cannot be read or is not an nbformat 4 notebook.
func Check(path string, requirements Requirements) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("notebookcheck: reading notebook: %w", err)
	}
	return CheckBytes(path, data, requirements)
}

// CheckBytes is like Check for a notebook already in memory; name is used in messages.
func CheckBytes(name string, data []byte, requirements Requirements) error {
	nb, err := parse(data)
	if err != nil {
		return fmt.Errorf("notebookcheck: notebook %s: %w", name, err)
	}
	req := requirements
	req.MustContain = append(append([]string(nil), requirements.MustContain...), nb.Metadata.NBCheck.MustContain...)
	if len(req.MustOrder) == 0 {
		req.MustOrder = nb.Metadata.NBCheck.MustOrder
	}
	req.ProseNumbers = req.ProseNumbers || nb.Metadata.NBCheck.ProseNumbers
	if problems := nb.problems(req); len(problems) > 0 {
		return &Error{Path: name, Problems: problems}
	}
	return nil
}

// notebook is the subset of nbformat 4 that the checks need.
type notebook struct {
	NBFormat *int   `json:"nbformat"`
	Cells    []cell `json:"cells"`
	Metadata struct {
		NBCheck Requirements `json:"nbcheck"`
	} `json:"metadata"`
}

type cell struct {
	CellType       string       `json:"cell_type"`
	Source         multiline    `json:"source"`
	ExecutionCount *int         `json:"execution_count"`
	Outputs        []cellOutput `json:"outputs"`
}

type cellOutput struct {
	OutputType string                     `json:"output_type"`
	Name       string                     `json:"name"` // stream: "stdout" or "stderr".
	Text       multiline                  `json:"text"` // stream.
	Data       map[string]json.RawMessage `json:"data"` // display_data, execute_result.
	EName      string                     `json:"ename"`
	EValue     string                     `json:"evalue"`
	Traceback  []string                   `json:"traceback"`
}

// multiline is nbformat's "multiline string" (a string or a list of strings), as package
// ipynb reads it.
type multiline = ipynb.Multiline

func parse(data []byte) (*notebook, error) {
	var nb notebook
	if err := json.Unmarshal(data, &nb); err != nil {
		return nil, fmt.Errorf("parsing notebook JSON: %w", err)
	}
	if nb.NBFormat == nil {
		return nil, fmt.Errorf("not a Jupyter notebook: no \"nbformat\" field")
	}
	if *nb.NBFormat != 4 {
		return nil, fmt.Errorf("unsupported nbformat %d (want 4)", *nb.NBFormat)
	}
	return &nb, nil
}

// textMimeTypes are the output data types searched for Requirements.MustContain.
var textMimeTypes = []string{"text/plain", "text/html", "text/markdown"}

// imageMimeTypes are the output data types that count as an image.
var imageMimeTypes = []string{"image/png", "image/svg+xml"}

// problems runs all checks and returns one line per failure.
func (nb *notebook) problems(req Requirements) []string {
	var problems []string
	var texts []string
	var sequence strings.Builder // every output in order, images as "[image]"
	numImages := 0
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		where := describeCell(i, c)
		if c.ExecutionCount == nil && strings.TrimSpace(string(c.Source)) != "" {
			problems = append(problems, where+": was not executed (the run stopped before it, or the notebook was never executed)")
		}
		for _, out := range c.Outputs {
			switch out.OutputType {
			case "error":
				problems = append(problems, fmt.Sprintf("%s: error output: %s", where, describeError(out)))
			case "stream":
				texts = append(texts, string(out.Text))
				sequence.WriteString(" " + string(out.Text))
			case "display_data", "execute_result", "update_display_data":
				if isBlank(out) {
					problems = append(problems, where+": blank display output (a cleared live display; drawn as a gap on GitHub): re-run with scripts/run-notebooks.sh, which drops them")
				}
				for _, mime := range imageMimeTypes {
					if _, ok := out.Data[mime]; ok {
						numImages++
						sequence.WriteString(" [image] ")
						break
					}
				}
				for _, mime := range textMimeTypes {
					raw, ok := out.Data[mime]
					if !ok {
						continue
					}
					var s multiline
					if err := json.Unmarshal(raw, &s); err != nil {
						problems = append(problems, fmt.Sprintf("%s: output %q is not a string: %v", where, mime, err))
						continue
					}
					texts = append(texts, string(s))
					if mime == "text/html" {
						texts = append(texts, htmlToText(string(s)))
						if !strings.Contains(string(s), "data:image/") {
							sequence.WriteString(" " + htmlToText(string(s)))
						} else {
							sequence.WriteString(" [image] ")
						}
					}
				}
			}
		}
	}
	if numImages == 0 {
		problems = append(problems, "no image output (image/png or image/svg+xml) in any cell")
	}
	normalized := make([]string, len(texts))
	for i, t := range texts {
		normalized[i] = collapseSpace(t)
	}
	for _, want := range req.MustContain {
		needle := collapseSpace(want)
		if needle == "" {
			continue
		}
		found := false
		for _, t := range normalized {
			if strings.Contains(t, needle) {
				found = true
				break
			}
		}
		if !found {
			problems = append(problems, fmt.Sprintf("required text %q not found in any output", want))
		}
	}
	problems = append(problems, orderProblems(collapseSpace(sequence.String()), req.MustOrder)...)
	if req.ProseNumbers {
		problems = append(problems, nb.proseProblems(texts)...)
	}
	return problems
}

// orderProblems reports the first of wants that is missing from seq, or found only before
// the one preceding it.
func orderProblems(seq string, wants []string) []string {
	at, prev := 0, ""
	for _, w := range wants {
		needle := collapseSpace(w)
		if needle == "" {
			continue
		}
		i := strings.Index(seq[at:], needle)
		if i < 0 {
			if strings.Contains(seq, needle) {
				return []string{fmt.Sprintf("output order: %q comes before %q; want it after", w, prev)}
			}
			return []string{fmt.Sprintf("output order: %q not found in any output", w)}
		}
		at += i + len(needle)
		prev = w
	}
	return nil
}

// isBlank reports whether every text of a display output is blank and it has no image.
func isBlank(out cellOutput) bool {
	for mime, raw := range out.Data {
		if !strings.HasPrefix(mime, "text/") {
			return false
		}
		var s multiline
		if err := json.Unmarshal(raw, &s); err != nil || strings.TrimSpace(string(s)) != "" {
			return false
		}
	}
	return true
}

// describeCell names a cell by its 1-based position, its execution count and the first
// line of its source (see firstLine).
func describeCell(index int, c cell) string {
	count := "not run"
	if c.ExecutionCount != nil {
		count = fmt.Sprintf("In [%d]", *c.ExecutionCount)
	}
	return fmt.Sprintf("cell %d (%s) %q", index+1, count, firstLine(string(c.Source), 80))
}

// firstLine returns the first non-blank line of s, truncated to maxLen runes. GoNB's "%%"
// marker line (start of the cell's main body) is skipped, since it tells nothing about the cell.
func firstLine(s string, maxLen int) string {
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line == "%%" {
			continue
		}
		if r := []rune(line); len(r) > maxLen {
			return string(r[:maxLen]) + "…"
		}
		return line
	}
	return ""
}

var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*[A-Za-z]`)

// describeError summarizes an "error" output: "ename: evalue", or the traceback when those
// are empty, without ANSI color codes and truncated to a few lines.
func describeError(out cellOutput) string {
	msg := strings.TrimSpace(strings.TrimPrefix(out.EName+": "+out.EValue, ": "))
	if msg == "" || msg == ":" {
		msg = strings.Join(out.Traceback, "\n")
	}
	msg = ansiEscape.ReplaceAllString(msg, "")
	lines := strings.Split(strings.TrimSpace(msg), "\n")
	const maxLines = 5
	if len(lines) > maxLines {
		lines = append(lines[:maxLines], fmt.Sprintf("… (%d more lines)", len(lines)-maxLines))
	}
	return strings.Join(lines, "\n      ")
}

// htmlToText and collapseSpace are package ipynb's HTMLToText and CollapseSpace.
var (
	htmlToText    = ipynb.HTMLToText
	collapseSpace = ipynb.CollapseSpace
)
