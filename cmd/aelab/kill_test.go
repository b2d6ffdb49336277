package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMain lets a test re-run this binary as the aelab command (AELAB_AS_MAIN=1), so that
// a real process can be killed in the middle of training.
//
// AELAB_PAUSE_AFTER_EPOCH=N makes that process stop after saving epoch N and wait to be
// killed, so a kill always lands in the middle of a run, however fast the machine.
func TestMain(m *testing.M) {
	if os.Getenv("AELAB_AS_MAIN") == "1" {
		if n, err := strconv.Atoi(os.Getenv("AELAB_PAUSE_AFTER_EPOCH")); err == nil {
			afterEpoch = func(epoch int) {
				if epoch == n {
					fmt.Fprintln(os.Stderr, "paused")
					select {} // until killed
				}
			}
		}
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// startPaused starts this binary as `aelab args...`, paused after saving epoch, and waits
// until it has saved it.
func startPaused(t *testing.T, dir string, epoch int, args []string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "AELAB_AS_MAIN=1", fmt.Sprintf("AELAB_PAUSE_AFTER_EPOCH=%d", epoch))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	saved := filepath.Join(dir, "checkpoints", fmt.Sprintf("epoch-%04d", epoch), "history.json")
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if _, err := os.Stat(saved); err == nil {
			return cmd
		}
		if time.Now().After(deadline) {
			t.Fatalf("epoch %d was never saved", epoch)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSecondProcessRefused: while one aelab process trains into a run folder, a second
// one with the same command exits 1 with an error naming the folder and the first one's
// PID, and changes nothing; once the first is gone, the command resumes normally.
func TestSecondProcessRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shared")
	args := []string{"demo", "--epochs", "3", "--train-n", "1000", "--test-n", "200", "--quiet", "--run", dir}
	first := startPaused(t, dir, 1, args)
	before, _ := os.ReadDir(filepath.Join(dir, "checkpoints"))
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), dir) || !strings.Contains(errOut.String(), "process "+strconv.Itoa(first.Process.Pid)) {
		t.Fatalf("second process: exit %d, stderr %q; want 1 and an error naming %s and PID %d", code, errOut.String(), dir, first.Process.Pid)
	}
	after, _ := os.ReadDir(filepath.Join(dir, "checkpoints"))
	if len(before) != len(after) {
		t.Errorf("the refused run changed the checkpoints: %d entries, then %d", len(before), len(after))
	}
	_ = first.Process.Kill()
	_ = first.Wait()
	if code := run(args, &out, &errOut); code != 0 {
		t.Fatalf("after the first process died: exit %d: %s", code, errOut.String())
	}
	if m := readMetrics(t, dir); len(m.History.Epochs) != 3 {
		t.Errorf("resumed run has %d epochs of history, want 3", len(m.History.Epochs))
	}
}

// TestKillAndResume kills a training process with SIGKILL after its second epoch was saved,
// runs the same command again, and checks the result equals an uninterrupted run's.
func TestKillAndResume(t *testing.T) {
	base := []string{"demo", "--epochs", "4", "--train-n", "3000", "--test-n", "300", "--batch", "32", "--quiet"}
	straightDir := filepath.Join(t.TempDir(), "straight")
	var out, errOut bytes.Buffer
	if code := run(append(base, "--run", straightDir), &out, &errOut); code != 0 {
		t.Fatalf("uninterrupted run: exit %d: %s", code, errOut.String())
	}

	dir := filepath.Join(t.TempDir(), "killed")
	args := append(base, "--run", dir)
	cmd := startPaused(t, dir, 2, args) // paused after epoch 2: the kill lands mid-run
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if _, err := os.Stat(filepath.Join(dir, "metrics.json")); err == nil {
		t.Fatal("the killed run wrote its report")
	}

	out.Reset()
	errOut.Reset()
	if code := run(args, &out, &errOut); code != 0 {
		t.Fatalf("resumed run: exit %d: %s", code, errOut.String())
	}
	want, got := readMetrics(t, straightDir), readMetrics(t, dir)
	if len(got.History.Epochs) != 4 {
		t.Fatalf("resumed run has %d epochs of history, want 4", len(got.History.Epochs))
	}
	for i := range want.History.Epochs {
		if !bytes.Equal(stripSeconds(t, want.History.Epochs[i]), stripSeconds(t, got.History.Epochs[i])) {
			t.Errorf("epoch %d: uninterrupted %s, resumed %s", i+1, want.History.Epochs[i], got.History.Epochs[i])
		}
	}
}
