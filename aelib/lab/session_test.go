package lab

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

func TestQuickMode(t *testing.T) {
	for value, quick := range map[string]bool{"": false, "0": false, "false": false, "yes": false, "1": true, "true": true, "TRUE": true, " 1 ": true} {
		t.Setenv(QuickEnv, value)
		if got := QuickMode(); got != quick {
			t.Errorf("%s=%q: QuickMode() = %v, want %v", QuickEnv, value, got, quick)
		}
	}
}

// TestLabTrainsOnceThenLoads: a notebook's first cell starts the lab, a cell trains, a
// later cell (a new program) opens the lab and gets the trained model back without
// training; Start empties the folder.
func TestLabTrainsOnceThenLoads(t *testing.T) {
	repo := t.TempDir()
	t.Setenv("GONB_DIR", filepath.Join(repo, "notebooks"))
	t.Setenv(QuickEnv, "1")
	t.Setenv("GOMLX_BACKEND", "go")
	t.Setenv(KeepRunsEnv, "")
	l, err := Start("01_test")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(repo, "runs", "notebooks", "01_test-quick"); l.Dir != want {
		t.Errorf("Dir = %s, want %s", l.Dir, want)
	}
	if l.Data.Train.Len() != QuickTrain || l.Data.Validation.Len() != QuickValidation || l.Data.Test.Len() != QuickTest || !l.Quick {
		t.Errorf("quick lab has %s, quick=%v", l.Data.Describe(), l.Quick)
	}
	if got := l.Epochs(50, 2); got != 2 {
		t.Errorf("Epochs(50, 2) = %d in quick mode", got)
	}
	watched := 0
	l.Watch = func(label string, epochs int) (func(training.EpochStats, training.History) error, func()) {
		return func(training.EpochStats, training.History) error { watched++; return nil }, func() {}
	}
	cfg := tiny(1)
	ae, _, err := l.Train(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if watched != 1 {
		t.Errorf("the watcher saw %d epochs, want 1", watched)
	}
	again, err := Open("01_test")
	if err != nil {
		t.Fatal(err)
	}
	ae2, _, err := again.Train(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h1, h2 := ae.History(), ae2.History()
	if h2.Len() != 1 || h1.Epochs[0].ValLoss != h2.Epochs[0].ValLoss || h1.Epochs[0].Seconds != h2.Epochs[0].Seconds {
		t.Errorf("second Train retrained or lost the history: %+v vs %+v", h1, h2)
	}
	if d, err := again.Elapsed(); err != nil || d <= 0 {
		t.Errorf("Elapsed = %v, %v", d, err)
	}
	if _, err := Start("01_test"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(l.Dir, l.Data.Name, mustRunName(t, cfg))); !os.IsNotExist(err) {
		t.Errorf("Start kept the old run: %v", err)
	}
}

// TestLoadDataNames: the data name of the run folders follows the data set and the mode,
// and quick mode takes the first QuickTrain / QuickTest images.
func TestLoadDataNames(t *testing.T) {
	tests := []struct {
		d     mnist.Dataset
		quick bool
		name  string
	}{
		{mnist.MNIST, false, "mnist-train50000-val10000"},
		{mnist.MNIST, true, "mnist-train6000-val1000-test1000"},
		{mnist.Fashion, true, "fashion-mnist-train6000-val1000-test1000"},
	}
	for _, tc := range tests {
		data, _, err := LoadData(tc.d, tc.quick)
		if tc.d == mnist.Fashion {
			if _, statErr := os.Stat(mnist.FashionSystemDir); statErr != nil && err != nil {
				// Without the Debian package (and no cache or network) the error must say how to get it.
				if !strings.Contains(err.Error(), "dataset-fashion-mnist") {
					t.Errorf("Fashion-MNIST missing: error %q does not name the package", err)
				}
				continue
			}
		}
		if err != nil {
			t.Fatalf("%s quick=%v: %v", tc.d, tc.quick, err)
		}
		wantTrain, wantVal, wantTest := 50000, 10000, 10000
		if tc.quick {
			wantTrain, wantVal, wantTest = QuickTrain, QuickValidation, QuickTest
		}
		if data.Name != tc.name || data.Train.Len() != wantTrain || data.Validation.Len() != wantVal || data.Test.Len() != wantTest {
			t.Errorf("%s quick=%v: %q with %s, want %q with %d/%d/%d", tc.d, tc.quick, data.Name,
				data.Describe(), tc.name, wantTrain, wantVal, wantTest)
		}
	}
}

// TestStartTakesRunLocks: Start clears the lab's run folders only once it holds their
// locks — a run another process trains into stops it with an error naming the folder and
// the process, and nothing is removed; keeping the runs (AELIB_KEEP_RUNS=1) leaves them.
func TestStartTakesRunLocks(t *testing.T) {
	repo := t.TempDir()
	t.Setenv("GONB_DIR", filepath.Join(repo, "notebooks"))
	t.Setenv(QuickEnv, "1")
	t.Setenv("GOMLX_BACKEND", "go")
	t.Setenv(KeepRunsEnv, "")
	l, err := Start("02_lock")
	if err != nil {
		t.Fatal(err)
	}
	if l.KeepRuns {
		t.Errorf("Start without %s: KeepRuns is true", KeepRunsEnv)
	}
	runDir := filepath.Join(l.Dir, l.Data.Name, "784-32-784_0123abcd")
	busy, err := training.OpenRun(runDir, []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	saved := filepath.Join(runDir, "checkpoints", "epoch-0001", "weights.bin")
	h := training.History{Epochs: []training.EpochStats{{Epoch: 1}}}
	if err := busy.SaveEpoch(1, h, func(dir string) error { return os.WriteFile(filepath.Join(dir, "weights.bin"), []byte{1}, 0o644) }); err != nil {
		t.Fatal(err)
	}

	_, err = Start("02_lock")
	if !errors.Is(err, training.ErrBusy) || !strings.Contains(err.Error(), runDir) || !strings.Contains(err.Error(), strconv.Itoa(os.Getpid())) {
		t.Errorf("Start while a run is held = %v; want ErrBusy naming %s and PID %d", err, runDir, os.Getpid())
	}
	if _, err := os.Stat(saved); err != nil {
		t.Fatalf("Start removed a run another process holds: %v", err)
	}

	t.Setenv(KeepRunsEnv, "1")
	kept, err := Start("02_lock")
	if err != nil || !kept.KeepRuns {
		t.Fatalf("Start with %s=1: %v (KeepRuns %v)", KeepRunsEnv, err, kept != nil && kept.KeepRuns)
	}
	if _, err := os.Stat(saved); err != nil {
		t.Errorf("Start with %s=1 removed the run: %v", KeepRunsEnv, err)
	}

	busy.Close()
	cleared, err := StartWith("02_lock", StartOptions{KeepRuns: false})
	if err != nil || cleared.KeepRuns {
		t.Fatalf("StartWith(KeepRuns false) once the run is free: %v", err)
	}
	if _, err := os.Stat(runDir); !os.IsNotExist(err) {
		t.Errorf("the free run was not cleared: %v", err)
	}
}
