package notebookcheck

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name         string
		file         string
		requirements Requirements
		// wantProblems are substrings, each expected in exactly one reported problem; nil means
		// the notebook must pass.
		wantProblems []string
	}{
		{
			name: "ok notebook with png, html table and metadata requirement",
			file: "ok.ipynb",
			requirements: Requirements{MustContain: []string{
				"PCA comparison", // Raw HTML.
				"PCA 0.0123",     // Text content of the HTML table.
				"loss 0.5",       // Stream output split over list items.
				"hello\nloss",    // White space is collapsed.
			}},
		},
		{
			name: "ok notebook with svg and string (not list) sources",
			file: "svg_string_source.ipynb",
			requirements: Requirements{
				MustContain: []string{"done", "  "}, // Blank requirements are ignored.
			},
		},
		{
			name:         "missing required text",
			file:         "ok.ipynb",
			requirements: Requirements{MustContain: []string{"Mentions PCA comparison only in markdown", "VAE"}},
			wantProblems: []string{
				`required text "Mentions PCA comparison only in markdown" not found`,
				`required text "VAE" not found`,
			},
		},
		{
			name: "error output and cell not executed after it",
			file: "error_output.ipynb",
			wantProblems: []string{
				`cell 1 (In [1]) "fmt.Println(\"before\")": error output: ERROR: failed to run "go build": exit status 1`,
				`cell 2 (not run) "fmt.Println(\"after\")": was not executed`,
			},
		},
		{
			name:         "no image",
			file:         "no_image.ipynb",
			wantProblems: []string{"no image output"},
		},
		{
			name:         "never executed",
			file:         "never_executed.ipynb",
			wantProblems: []string{`cell 1 (not run) "gonbui.DisplayPNG(img)": was not executed`, "no image output"},
		},
		{
			name:         "outputs in the required order",
			file:         "ok.ipynb",
			requirements: Requirements{MustOrder: []string{"hello", "loss 0.5", "[image]", "PCA comparison"}},
		},
		{
			name:         "caption after its figure",
			file:         "ok.ipynb",
			requirements: Requirements{MustOrder: []string{"[image]", "loss 0.5"}},
			wantProblems: []string{`output order: "loss 0.5" comes before "[image]"`},
		},
		{
			name:         "blank display output",
			file:         "blank_output.ipynb",
			wantProblems: []string{"cell 1 (In [1]) \"train()\": blank display output"},
		},
		{
			name:         "requirement declared in notebook metadata",
			file:         "metadata_requirement.ipynb",
			wantProblems: []string{`required text "reconstruction MSE" not found`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file)
			err := Check(path, tc.requirements)
			if tc.wantProblems == nil {
				if err != nil {
					t.Fatalf("Check(%q) = %v, want nil", path, err)
				}
				return
			}
			var nbErr *Error
			if !errors.As(err, &nbErr) {
				t.Fatalf("Check(%q) = %v (%T), want *Error", path, err, err)
			}
			if nbErr.Path != path {
				t.Errorf("Error.Path = %q, want %q", nbErr.Path, path)
			}
			if len(nbErr.Problems) != len(tc.wantProblems) {
				t.Errorf("got %d problems, want %d:\n%v", len(nbErr.Problems), len(tc.wantProblems), err)
			}
			for _, want := range tc.wantProblems {
				n := 0
				for _, p := range nbErr.Problems {
					if strings.Contains(p, want) {
						n++
					}
				}
				if n != 1 {
					t.Errorf("problem containing %q reported %d times, want once; error:\n%v", want, n, err)
				}
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "notebook "+path+": ") {
				t.Errorf("error message %q does not start with the notebook path", msg)
			}
		})
	}
}

func TestCheckInvalidFiles(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		wantErr string
	}{
		{name: "missing file", file: "does_not_exist.ipynb", wantErr: "reading notebook"},
		{name: "not JSON", file: "not_json.ipynb", wantErr: "parsing notebook JSON"},
		{name: "no nbformat field", file: "not_notebook.ipynb", wantErr: `no "nbformat" field`},
		{name: "nbformat 3", file: "nbformat3.ipynb", wantErr: "unsupported nbformat 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file)
			err := Check(path, Requirements{})
			if err == nil {
				t.Fatalf("Check(%q) = nil, want error containing %q", path, tc.wantErr)
			}
			var nbErr *Error
			if errors.As(err, &nbErr) {
				t.Errorf("Check(%q) returned *Error %v, want a read/parse error", path, err)
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Check(%q) = %q, want it to contain %q", path, err, tc.wantErr)
			}
		})
	}
}

func TestCheckBytesMultilineForms(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		wantErr string // Empty: must pass.
	}{
		{
			name: "null source and text/plain as list",
			json: `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
				{"cell_type": "code", "execution_count": null, "source": null, "outputs": []},
				{"cell_type": "code", "execution_count": 1, "source": "x", "outputs": [
					{"output_type": "execute_result", "data": {"image/png": "AAAA", "text/plain": ["a", "b"]}}]}]}`,
		},
		{
			name:    "source with wrong type",
			json:    `{"nbformat": 4, "metadata": {}, "cells": [{"cell_type": "code", "source": 3}]}`,
			wantErr: "multiline string",
		},
		{
			name: "text output with wrong type",
			json: `{"nbformat": 4, "metadata": {}, "cells": [
				{"cell_type": "code", "execution_count": 1, "source": "x", "outputs": [
					{"output_type": "display_data", "data": {"image/png": "AAAA", "text/html": {"a": 1}}}]}]}`,
			wantErr: `output "text/html" is not a string`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckBytes("inline.ipynb", []byte(tc.json), Requirements{MustContain: []string{}})
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("CheckBytes() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("CheckBytes() = %v, want error containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestFirstLine(t *testing.T) {
	tests := []struct {
		in     string
		maxLen int
		want   string
	}{
		{in: "", maxLen: 10, want: ""},
		{in: "\n  \n  %%\nfmt.Println()", maxLen: 20, want: "fmt.Println()"},
		{in: "%%\n", maxLen: 10, want: ""},
		{in: "héllo wörld", maxLen: 5, want: "héllo…"},
	}
	for _, tc := range tests {
		if got := firstLine(tc.in, tc.maxLen); got != tc.want {
			t.Errorf("firstLine(%q, %d) = %q, want %q", tc.in, tc.maxLen, got, tc.want)
		}
	}
}
