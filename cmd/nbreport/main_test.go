package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// notebook is an executed notebook with a header, a figure and the run time line.
const notebook = `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
 {"cell_type": "code", "source": "%%", "execution_count": 1, "metadata": {}, "outputs": [
  {"output_type": "display_data", "metadata": {}, "data": {"text/html": "<pre>01_x: QUICK mode (AELIB_QUICK=1)\nbackend go: why\ncode: commit abcdef\ndate: 2026-01-01T00:00:00Z\n</pre>"}},
  {"output_type": "display_data", "metadata": {}, "data": {"image/png": "iVBORw0KGgo="}},
  {"output_type": "stream", "name": "stdout", "text": "answer 42\nnotebook run time: 3 s\n"}]}]}`

func TestRun(t *testing.T) {
	tests := []struct {
		name      string
		headlines string // side file content; "" for none
		args      []string
		wantCode  int
		wantErr   string
	}{
		{"found", `{"01_x": {"headlines": [{"label": "answer", "pattern": "answer (\\d+)"}]}}`, nil, 0, ""},
		{"missing headline is reported", `{"01_x": {"headlines": [{"label": "answer", "pattern": "question (\\d+)"}]}}`, nil, 0, `headline "answer"`},
		{"missing headline fails under -strict", `{"01_x": {"headlines": [{"label": "answer", "pattern": "question (\\d+)"}]}}`, []string{"-strict"}, 1, "-strict: 1 problem"},
		{"bad side file is a usage error", `{"01_x": {"headlines": [{"label": "answer", "pattern": "("}]}}`, nil, 2, "pattern does not compile"},
		{"unknown flag", "", []string{"-nope"}, 2, "flag provided but not defined"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "reports")
			if err := os.MkdirAll(out, 0o755); err != nil {
				t.Fatal(err)
			}
			for name, content := range map[string]string{"01_x.ipynb": notebook, "01_x.html": "<html></html>"} {
				if err := os.WriteFile(filepath.Join(out, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := append([]string{"-out", out, "-runs", filepath.Join(dir, "runs")}, tc.args...)
			if tc.headlines != "" {
				side := filepath.Join(dir, "h.json")
				if err := os.WriteFile(side, []byte(tc.headlines), 0o644); err != nil {
					t.Fatal(err)
				}
				args = append(args, "-headlines", side)
			}
			var stdout, stderr bytes.Buffer
			if code := run(args, &stdout, &stderr); code != tc.wantCode {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.wantCode, stderr.String())
			}
			if tc.wantErr != "" && !strings.Contains(stderr.String(), tc.wantErr) {
				t.Errorf("stderr lacks %q:\n%s", tc.wantErr, stderr.String())
			}
			if tc.wantCode == 2 {
				return
			}
			page, err := os.ReadFile(filepath.Join(out, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{`href="01_x.html"`, ">quick<", "3 s"} {
				if !strings.Contains(string(page), want) {
					t.Errorf("index.html lacks %q", want)
				}
			}
			if tc.wantErr == "" && !strings.Contains(string(page), "<b>42</b>") {
				t.Errorf("index.html lacks the headline value 42")
			}
		})
	}
}
