package model

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/training"
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
// it, names the skipped one in one line and moves it to checkpoints-unreadable/ before
// training its epoch again; with none readable it fails saying how to start over, and
// Restart moves them aside and trains from scratch.
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
	if h.Len() != 4 || !strings.Contains(warn.String(), "epoch-0003") || strings.Count(warn.String(), "\n") != 1 ||
		!strings.Contains(warn.String(), "checkpoints-unreadable") {
		t.Errorf("history %d epochs, warning %q; want 4 epochs and one line naming epoch-0003 and where it went", h.Len(), warn.String())
	}
	kept, err := os.ReadFile(filepath.Join(dir, "checkpoints-unreadable", "epoch-0003", "history.json"))
	if err != nil || len(kept) == 0 {
		t.Errorf("the unreadable epoch 3 was not kept in checkpoints-unreadable: %v", err)
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

// TestResumeKeepsTrainedWeights: a model trained in memory, then fitted into a folder whose
// checkpoints ahead of it do not load, gets an error naming them and keeps its weights and
// history exactly; the folder is left as it was.
func TestResumeKeepsTrainedWeights(t *testing.T) {
	train, test, b := data(t)
	x, val := train.Images[:500*784], test.Images[:100*784]
	dir := filepath.Join(t.TempDir(), "run")
	other, _ := New(b, quickConfig(4))
	if _, err := other.Fit(x, val, FitOptions{RunDir: dir}); err != nil {
		t.Fatal(err)
	}
	for _, e := range []string{"epoch-0003", "epoch-0004"} {
		corruptWeights(t, filepath.Join(dir, "checkpoints", e))
	}

	ae, _ := New(b, quickConfig(2))
	if _, err := ae.Fit(x, val, FitOptions{}); err != nil {
		t.Fatal(err)
	}
	before, err := ae.Reconstruct(val)
	if err != nil {
		t.Fatal(err)
	}
	var warn bytes.Buffer
	h, err := ae.Fit(x, val, FitOptions{RunDir: dir, Log: &warn})
	if err == nil || !strings.Contains(err.Error(), "epoch-0003") || !strings.Contains(err.Error(), "epoch-0004") || !strings.Contains(err.Error(), "unchanged") {
		t.Fatalf("Fit into a folder whose newer checkpoints do not load = %v; want an error naming them", err)
	}
	after, rerr := ae.Reconstruct(val)
	if rerr != nil {
		t.Fatal(rerr)
	}
	if h.Len() != 2 || ae.History().Len() != 2 || mse(before, val) != mse(after, val) {
		t.Errorf("history %d epochs, test MSE %.5f → %.5f; want 2 epochs and the same weights", h.Len(), mse(before, val), mse(after, val))
	}
	for i := range before {
		if before[i] != after[i] {
			t.Fatalf("reconstruction value %d changed: %v → %v", i, before[i], after[i])
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "checkpoints", "epoch-0004")); err != nil {
		t.Errorf("the failed Fit moved the checkpoints: %v", err)
	}
}

// TestFitRecordsAskedEpochs: Fit records in the run folder the epochs it trains towards,
// and says in one line when the folder's run has more epochs than asked for (the model is
// then that longer run).
func TestFitRecordsAskedEpochs(t *testing.T) {
	train, test, b := data(t)
	x, val := train.Images[:300*784], test.Images[:100*784]
	dir := filepath.Join(t.TempDir(), "run")
	long, _ := New(b, quickConfig(3))
	if _, err := long.Fit(x, val, FitOptions{RunDir: dir}); err != nil {
		t.Fatal(err)
	}
	if n, err := (&training.Run{Dir: dir}).AskedEpochs(); n != 3 || err != nil {
		t.Errorf("the run folder records %d epochs asked (%v), want 3", n, err)
	}
	var warn bytes.Buffer
	short, _ := New(b, quickConfig(2))
	h, err := short.Fit(x, val, FitOptions{RunDir: dir, Log: &warn})
	if err != nil {
		t.Fatal(err)
	}
	if h.Len() != 3 || strings.Count(warn.String(), "\n") != 1 || !strings.Contains(warn.String(), "3 epochs, 1 more than the 2 asked for") {
		t.Errorf("asking 2 epochs of a 3-epoch run: %d epochs, warning %q; want 3 and one line saying so", h.Len(), warn.String())
	}
	if n, _ := (&training.Run{Dir: dir}).AskedEpochs(); n != 3 {
		t.Errorf("loading the run changed its record to %d epochs", n)
	}
}
