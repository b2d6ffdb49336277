package notebookcheck

import (
	"encoding/json"
	"strings"
	"testing"
)

// proseNotebook builds an executed notebook with one markdown cell and one code cell whose
// stream output is out (and an image, so that only the prose rule can fail).
func proseNotebook(t *testing.T, markdown, out string) []byte {
	t.Helper()
	nb := map[string]any{
		"nbformat": 4, "nbformat_minor": 5, "metadata": map[string]any{},
		"cells": []any{
			map[string]any{"cell_type": "markdown", "source": markdown, "metadata": map[string]any{}},
			map[string]any{"cell_type": "code", "source": "fmt.Println()", "execution_count": 1, "metadata": map[string]any{},
				"outputs": []any{
					map[string]any{"output_type": "stream", "name": "stdout", "text": out},
					map[string]any{"output_type": "display_data", "data": map[string]any{"image/png": "iVBORw0KGgo=", "text/plain": "<image>"}, "metadata": map[string]any{}},
				}},
		},
	}
	data, err := json.Marshal(nb)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestProseNumbers(t *testing.T) {
	const out = "autoencoder test MSE 0.01683, PCA 0.02342; 1571 s; accuracy 0.7312; AUC 99.4; lr 1e-3"
	tests := []struct {
		name     string
		markdown string
		bad      []string // the numbers reported, in order; empty: passes
	}{
		{"exact", "The autoencoder reaches 0.01683 against PCA's 0.02342.", nil},
		{"thousands separator", "The run took 1,571 s.", nil},
		{"rounded at the prose's precision", "About 0.017 against 0.023, in 1,571 s.", nil},
		{"percentage of a fraction", "It classifies 73.1 % of the digits; the AUC is 99.4%.", nil},
		{"single digits need nothing", "Code sizes 2 and 8, then 5 layers.", nil},
		{"planted wrong number", "The autoencoder reaches 0.01583 against PCA's 0.02342.", []string{"0.01583"}},
		{"a changed digit is not a rounding", "About 0.018.", []string{"0.018"}},
		{"a number no output has", "It is 4.4 % above PCA, and takes 35 minutes.", []string{"4.4", "35"}},
		{"quotation", "> The paper reports 3.00 for the autoencoder and 13.87 for PCA.\n\nWe get 0.01683.", nil},
		{"cite span", "The blog's <cite>7.30 plain against 3.33 sparse</cite>; ours 0.01683.", nil},
		{"code and links", "Call `l.Epochs(50, 15)`; see [the paper](https://example.org/2006/12345).", nil},
		{"fenced code", "```go\ncfg.Epochs = 50\n```\n", nil},
		{"math", "The push peaks at $8/27 \\approx 0.3$ and $$p = 1/3$$.", nil},
		{"citation year", "As shown (Rifai et al., 2011) and (Baldi & Hornik, 1989).", nil},
		{"a year outside a citation", "In 2011 this was new.", []string{"2011"}},
		{"part of a word", "The layout 784-32-784 on x86 with float32.", []string{"784", "32", "784"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckBytes("prose.ipynb", proseNotebook(t, tt.markdown, out), Requirements{ProseNumbers: true})
			var got []string
			if e, ok := err.(*Error); ok {
				for _, p := range e.Problems {
					if !strings.Contains(p, "no output shows it") {
						t.Fatalf("unexpected problem %q", p)
					}
					got = append(got, strings.Fields(strings.SplitN(p, "the prose says ", 2)[1])[0])
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, " ") != strings.Join(tt.bad, " ") {
				t.Errorf("reported %v, want %v (error: %v)", got, tt.bad, err)
			}
		})
	}
	// Off unless asked: the same planted number passes without ProseNumbers.
	if err := CheckBytes("prose.ipynb", proseNotebook(t, "Wrong: 0.01583.", out), Requirements{}); err != nil {
		t.Errorf("without ProseNumbers: %v", err)
	}
}
