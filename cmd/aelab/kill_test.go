package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestMain lets a test re-run this binary as the aelab command (AELAB_AS_MAIN=1), so that
// a real process can be killed in the middle of training.
func TestMain(m *testing.M) {
	if os.Getenv("AELAB_AS_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestKillAndResume kills a training process with SIGKILL after its second epoch was saved,
// runs the same command again, and checks the result equals an uninterrupted run's.
func TestKillAndResume(t *testing.T) {
	base := []string{"demo", "--epochs", "30", "--train-n", "3000", "--test-n", "300", "--batch", "32", "--quiet"}
	straightDir := filepath.Join(t.TempDir(), "straight")
	var out, errOut bytes.Buffer
	if code := run(append(base, "--run", straightDir), &out, &errOut); code != 0 {
		t.Fatalf("uninterrupted run: exit %d: %s", code, errOut.String())
	}

	dir := filepath.Join(t.TempDir(), "killed")
	args := append(base, "--run", dir)
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "AELAB_AS_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	saved := filepath.Join(dir, "checkpoints", "epoch-0002", "history.json")
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if _, err := os.Stat(saved); err == nil {
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatal("epoch 2 was never saved")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if _, err := os.Stat(filepath.Join(dir, "metrics.json")); err == nil {
		t.Fatal("the run finished before it could be killed; raise --epochs so the kill lands mid-run")
	}

	out.Reset()
	errOut.Reset()
	if code := run(args, &out, &errOut); code != 0 {
		t.Fatalf("resumed run: exit %d: %s", code, errOut.String())
	}
	want, got := readMetrics(t, straightDir), readMetrics(t, dir)
	if len(got.History.Epochs) != 30 {
		t.Fatalf("resumed run has %d epochs of history, want 30", len(got.History.Epochs))
	}
	for i := range want.History.Epochs {
		if !bytes.Equal(stripSeconds(t, want.History.Epochs[i]), stripSeconds(t, got.History.Epochs[i])) {
			t.Errorf("epoch %d: uninterrupted %s, resumed %s", i+1, want.History.Epochs[i], got.History.Epochs[i])
		}
	}
}
