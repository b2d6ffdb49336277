package model

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corruptWeights overwrites every file of a checkpoint folder but history.json.
func corruptWeights(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "history.json" && !e.IsDir() {
			if err := os.WriteFile(filepath.Join(dir, e.Name()), []byte("garbage"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestResumeFallsBack: with the newest checkpoint unreadable, a resume loads the one before
// it, names the skipped one in one line and leaves it in place; with none readable it
// fails saying how to start over, and Restart moves them aside and trains from scratch.
func TestResumeFallsBack(t *testing.T) {
	train, test, b := data(t)
	x, val := train.Images[:500*784], test.Images[:100*784]
	cfg := quickConfig(3)
	dir := filepath.Join(t.TempDir(), "run")
	first, _ := New(b, cfg)
	if _, err := first.Fit(x, val, FitOptions{RunDir: dir}); err != nil {
		t.Fatal(err)
	}
	newest := filepath.Join(dir, "checkpoints", "epoch-0003")
	corruptWeights(t, newest)

	cfg.Epochs = 4
	var warn bytes.Buffer
	again, _ := New(b, cfg)
	h, err := again.Fit(x, val, FitOptions{RunDir: dir, Log: &warn})
	if err != nil {
		t.Fatal(err)
	}
	if h.Len() != 4 || !strings.Contains(warn.String(), "epoch-0003") || strings.Count(warn.String(), "\n") != 1 {
		t.Errorf("history %d epochs, warning %q; want 4 epochs and one line naming epoch-0003", h.Len(), warn.String())
	}

	for _, e := range []string{"epoch-0003", "epoch-0004"} {
		corruptWeights(t, filepath.Join(dir, "checkpoints", e))
	}
	cfg.Epochs = 5
	broken, _ := New(b, cfg)
	if _, err := broken.Fit(x, val, FitOptions{RunDir: dir, Log: &warn}); err == nil || !strings.Contains(err.Error(), "--restart") {
		t.Fatalf("resume with no loadable checkpoint = %v; want an error saying how to start over", err)
	}
	if _, err := Load(b, dir); err == nil {
		t.Errorf("Load of a run with no loadable checkpoint succeeded")
	}
	fresh, _ := New(b, cfg)
	h, err = fresh.Fit(x, val, FitOptions{RunDir: dir, Restart: true, Log: &warn})
	if err != nil || h.Len() != 5 {
		t.Fatalf("restart: %d epochs, %v", h.Len(), err)
	}
	if _, err := os.Stat(filepath.Join(dir, "checkpoints-discarded-1", "epoch-0004")); err != nil {
		t.Errorf("the old checkpoints were not kept aside: %v", err)
	}
}
