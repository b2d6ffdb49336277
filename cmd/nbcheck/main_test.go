package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	testdata := filepath.Join("..", "..", "aelib", "notebookcheck", "testdata")
	ok := filepath.Join(testdata, "ok.ipynb")
	noImage := filepath.Join(testdata, "no_image.ipynb")
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout []string
		wantStderr []string
	}{
		{name: "no arguments", args: nil, wantCode: 2, wantStderr: []string{"no notebooks given", "Usage: nbcheck"}},
		{name: "unknown flag", args: []string{"-nope", ok}, wantCode: 2, wantStderr: []string{"flag provided but not defined"}},
		{name: "help", args: []string{"-h"}, wantCode: 0, wantStderr: []string{"Usage: nbcheck"}},
		{name: "passing notebook", args: []string{ok}, wantCode: 0, wantStdout: []string{"ok   " + ok}},
		{
			name:       "one failing notebook among two",
			args:       []string{ok, noImage},
			wantCode:   1,
			wantStdout: []string{"ok   " + ok},
			wantStderr: []string{"FAIL notebook " + noImage, "no image output", "1 of 2 notebook(s) failed"},
		},
		{
			name:       "contains flag applies to every notebook",
			args:       []string{"-contains", "PCA comparison", "-contains", "VAE", ok},
			wantCode:   1,
			wantStderr: []string{`required text "VAE" not found`},
		},
		{
			name:       "missing file",
			args:       []string{filepath.Join(testdata, "missing.ipynb")},
			wantCode:   1,
			wantStderr: []string{"FAIL notebookcheck: reading notebook"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, &stdout, &stderr)
			if code != tc.wantCode {
				t.Errorf("run(%q) = %d, want %d\nstdout:\n%s\nstderr:\n%s", tc.args, code, tc.wantCode, &stdout, &stderr)
			}
			for _, want := range tc.wantStdout {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout does not contain %q:\n%s", want, &stdout)
				}
			}
			for _, want := range tc.wantStderr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr does not contain %q:\n%s", want, &stderr)
				}
			}
		})
	}
}
