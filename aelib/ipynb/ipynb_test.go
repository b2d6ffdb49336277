package ipynb

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, data, wantErr string
	}{
		{"ok", `{"nbformat": 4, "cells": [], "metadata": {}}`, ""},
		{"not JSON", `{`, "parsing notebook JSON"},
		{"no nbformat", `{"cells": []}`, `no "nbformat" field`},
		{"nbformat 3", `{"nbformat": 3}`, "unsupported nbformat 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.data))
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("Parse error = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestOutputs(t *testing.T) {
	nb, err := Parse([]byte(`{"nbformat": 4, "metadata": {"x": {"n": 3}}, "cells": [
	 {"cell_type": "markdown", "source": "# title"},
	 {"cell_type": "code", "source": ["a\n", "b"], "execution_count": 1, "outputs": [
	  {"output_type": "stream", "name": "stdout", "text": ["one\n", "two\n"]},
	  {"output_type": "display_data", "data": {"text/html": ["<pre>it&#39;s\n", "<b>bold</b></pre>"], "text/plain": "ignored"}},
	  {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo="}},
	  {"output_type": "execute_result", "data": {"text/plain": "plain"}},
	  {"output_type": "error", "ename": "panic", "evalue": "boom", "traceback": []}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(nb.Cells[1].Source); got != "a\nb" {
		t.Errorf("multiline source = %q", got)
	}
	outs := nb.Outputs()
	want := []string{"one\ntwo\n", " it's\n bold  ", "", "plain", "panic: boom"}
	if len(outs) != len(want) {
		t.Fatalf("%d outputs, want %d", len(outs), len(want))
	}
	for i, o := range outs {
		if got := o.PlainText(); got != want[i] {
			t.Errorf("output %d: PlainText = %q, want %q", i, got, want[i])
		}
		if o.HasImage() != (i == 2) {
			t.Errorf("output %d: HasImage = %v", i, o.HasImage())
		}
	}
	if got := CollapseSpace(outs[1].PlainText()); got != "it's bold" {
		t.Errorf("CollapseSpace = %q", got)
	}
	var x struct{ N int }
	if ok, err := nb.MetadataValue("x", &x); !ok || err != nil || x.N != 3 {
		t.Errorf("MetadataValue(x) = %v, %v, %+v", ok, err, x)
	}
	if ok, err := nb.MetadataValue("absent", &x); ok || err != nil {
		t.Errorf("MetadataValue(absent) = %v, %v", ok, err)
	}
}
