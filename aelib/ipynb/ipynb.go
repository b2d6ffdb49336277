// Package ipynb reads Jupyter notebooks (nbformat 4), as executed by
// scripts/run-notebooks.sh into reports/: cells, their outputs, and the notebook-level
// metadata. It gives each output's text the way a reader sees it: stream text as is, and
// HTML outputs (GoNB's tables and notebook.Printf lines) as their text content.
//
// Example:
//
//	nb, err := ipynb.Read("reports/01_what_autoencoders_are.ipynb")
//	for _, out := range nb.Outputs() {
//		fmt.Println(out.PlainText())
//	}
package ipynb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"regexp"
	"strings"
)

// Notebook is the part of an nbformat 4 notebook that readers of executed notebooks need.
type Notebook struct {
	// NBFormat is the major format version; Parse accepts only 4.
	NBFormat int `json:"nbformat"`
	// Cells are the notebook's cells, in order.
	Cells []Cell `json:"cells"`
	// Metadata is the notebook-level metadata, one raw JSON value per key.
	Metadata map[string]json.RawMessage `json:"metadata"`
}

// Cell is one notebook cell.
type Cell struct {
	// CellType is "code", "markdown" or "raw".
	CellType string `json:"cell_type"`
	// Source is the cell's text.
	Source Multiline `json:"source"`
	// ExecutionCount is nil for a code cell that was not executed.
	ExecutionCount *int `json:"execution_count"`
	// Outputs are a code cell's outputs, in order.
	Outputs []Output `json:"outputs"`
}

// Output is one output of a code cell.
type Output struct {
	// OutputType is "stream", "display_data", "execute_result", "update_display_data" or "error".
	OutputType string `json:"output_type"`
	// Name is a stream's name: "stdout" or "stderr".
	Name string `json:"name"`
	// Text is a stream's text.
	Text Multiline `json:"text"`
	// Data maps MIME types to the raw JSON of their values (display_data, execute_result).
	Data map[string]json.RawMessage `json:"data"`
	// EName and EValue name an error output's error.
	EName  string `json:"ename"`
	EValue string `json:"evalue"`
	// Traceback is an error output's traceback lines.
	Traceback []string `json:"traceback"`
}

// Multiline is nbformat's "multiline string": a JSON string or a list of strings that are
// concatenated.
type Multiline string

// UnmarshalJSON implements json.Unmarshaler.
func (m *Multiline) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("null")) {
		*m = ""
		return nil
	}
	if len(data) > 0 && data[0] == '[' {
		var parts []string
		if err := json.Unmarshal(data, &parts); err != nil {
			return fmt.Errorf("multiline string as list: %w", err)
		}
		*m = Multiline(strings.Join(parts, ""))
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("multiline string: %w", err)
	}
	*m = Multiline(s)
	return nil
}

// Parse decodes an nbformat 4 notebook.
func Parse(data []byte) (*Notebook, error) {
	var probe struct {
		NBFormat *int `json:"nbformat"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("parsing notebook JSON: %w", err)
	}
	if probe.NBFormat == nil {
		return nil, fmt.Errorf("not a Jupyter notebook: no \"nbformat\" field")
	}
	if *probe.NBFormat != 4 {
		return nil, fmt.Errorf("unsupported nbformat %d (want 4)", *probe.NBFormat)
	}
	var nb Notebook
	if err := json.Unmarshal(data, &nb); err != nil {
		return nil, fmt.Errorf("parsing notebook JSON: %w", err)
	}
	return &nb, nil
}

// Read reads and parses the notebook at path; errors name the file.
func Read(path string) (*Notebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading notebook: %w", err)
	}
	nb, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("notebook %s: %w", path, err)
	}
	return nb, nil
}

// MetadataValue decodes the notebook-level metadata entry key into v. It reports false
// (and no error) when the notebook has no such entry.
func (nb *Notebook) MetadataValue(key string, v any) (bool, error) {
	raw, ok := nb.Metadata[key]
	if !ok {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return true, fmt.Errorf("notebook metadata %q: %w", key, err)
	}
	return true, nil
}

// Outputs returns the outputs of every code cell, in notebook order.
func (nb *Notebook) Outputs() []Output {
	var outs []Output
	for _, c := range nb.Cells {
		if c.CellType == "code" {
			outs = append(outs, c.Outputs...)
		}
	}
	return outs
}

// textTypes are the MIME types PlainText reads, in order of preference.
var textTypes = []string{"text/html", "text/markdown", "text/plain"}

// PlainText returns what a reader sees of the output as text: a stream's text; for a
// display, the text content of its HTML (tags removed, entities decoded; line breaks inside
// <pre> kept), else its Markdown or plain text; for an error, "ename: evalue". Images give "".
func (o Output) PlainText() string {
	switch o.OutputType {
	case "stream":
		return string(o.Text)
	case "error":
		return strings.TrimPrefix(o.EName+": "+o.EValue, ": ")
	}
	for _, mime := range textTypes {
		raw, ok := o.Data[mime]
		if !ok {
			continue
		}
		var s Multiline
		if err := json.Unmarshal(raw, &s); err != nil {
			continue
		}
		if mime == "text/html" {
			return HTMLToText(string(s))
		}
		return string(s)
	}
	return ""
}

// HasImage reports whether the output holds an image (PNG or SVG).
func (o Output) HasImage() bool {
	_, png := o.Data["image/png"]
	_, svg := o.Data["image/svg+xml"]
	return png || svg
}

var (
	htmlStyleOrScript = regexp.MustCompile(`(?is)<(style|script)\b.*?</(style|script)\s*>`)
	htmlTag           = regexp.MustCompile(`(?s)<[^>]*>`)
	spaceRun          = regexp.MustCompile(`\s+`)
)

// HTMLToText returns the text content of an HTML fragment: style and script elements
// dropped, tags replaced by spaces, entities decoded. Line breaks in the source (as in a
// <pre> block) stay.
func HTMLToText(s string) string {
	s = htmlStyleOrScript.ReplaceAllString(s, " ")
	s = htmlTag.ReplaceAllString(s, " ")
	return html.UnescapeString(s)
}

// CollapseSpace trims s and replaces every run of white space (line breaks included) by a
// single space.
func CollapseSpace(s string) string {
	return strings.TrimSpace(spaceRun.ReplaceAllString(s, " "))
}
