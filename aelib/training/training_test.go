package training

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestOpenRunConfig(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	first, err := OpenRun(dir, []byte(`{"code": 32, "loss": "bce"}`))
	if err != nil {
		t.Fatal(err)
	}
	first.Close()
	tests := []struct {
		name    string
		config  string
		wantErr string
	}{
		{"same config, other spacing", `{"loss":"bce","code":32}`, ""},
		{"other config", `{"code": 16, "loss": "bce"}`, "another configuration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := OpenRun(dir, []byte(tt.config))
			r.Close()
			if tt.wantErr == "" && err != nil {
				t.Fatalf("OpenRun = %v, want nil", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("OpenRun = %v, want error containing %q", err, tt.wantErr)
			}
		})
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte("{broken"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenRun(dir, []byte(`{}`)); err == nil || !strings.Contains(err.Error(), "not valid JSON") {
		t.Errorf("OpenRun on a corrupt config.json = %v, want a clear error", err)
	}
	if _, err := OpenRun("", nil); err == nil {
		t.Error("OpenRun(\"\") succeeded")
	}
}

func TestSaveEpochAndLatest(t *testing.T) {
	run, err := OpenRun(filepath.Join(t.TempDir(), "run"), []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	dir, h, err := run.Latest()
	if err != nil || dir != "" || h.Len() != 0 {
		t.Fatalf("fresh run: Latest = %q, %d epochs, %v", dir, h.Len(), err)
	}
	var history History
	for epoch := 1; epoch <= 4; epoch++ {
		history.Append(EpochStats{Epoch: epoch, TrainLoss: 1 / float64(epoch)})
		err := run.SaveEpoch(epoch, history, func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "weights.bin"), []byte{byte(epoch)}, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	dir, h, err = run.Latest()
	if err != nil {
		t.Fatal(err)
	}
	if h.Len() != 4 || filepath.Base(dir) != "epoch-0004" {
		t.Fatalf("Latest = %s with %d epochs, want epoch-0004 with 4", dir, h.Len())
	}
	w, err := os.ReadFile(filepath.Join(dir, "weights.bin"))
	if err != nil || !bytes.Equal(w, []byte{4}) {
		t.Fatalf("weights of epoch 4 = %v, %v", w, err)
	}
	entries, _ := os.ReadDir(filepath.Join(run.Dir, "checkpoints"))
	if len(entries) != KeepCheckpoints {
		t.Errorf("%d checkpoints kept, want %d", len(entries), KeepCheckpoints)
	}

	// A failing save leaves the previous epoch in place.
	history.Append(EpochStats{Epoch: 5})
	err = run.SaveEpoch(5, history, func(string) error { return os.ErrPermission })
	if err == nil || !strings.Contains(err.Error(), "epoch 5") {
		t.Fatalf("failing save = %v, want an error naming epoch 5", err)
	}
	if dir, _, _ := run.Latest(); filepath.Base(dir) != "epoch-0004" {
		t.Errorf("after a failed save Latest = %s, want epoch-0004", dir)
	}

	// A corrupt history: Latest falls back to the epoch before it, Checkpoints names it.
	if err := os.WriteFile(filepath.Join(dir, "history.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	prev, h3, err := run.Latest()
	if err != nil || filepath.Base(prev) != "epoch-0003" || h3.Len() != 3 {
		t.Errorf("Latest with epoch 4's history corrupt = %s (%d epochs), %v; want epoch-0003", prev, h3.Len(), err)
	}
	ok, bad, _ := run.Checkpoints()
	if len(ok) != 1 || len(bad) != 1 || !strings.Contains(bad[0].Error(), "epoch-0004") {
		t.Errorf("Checkpoints = %d readable, problems %v; want 1 and one naming epoch-0004", len(ok), bad)
	}
	// None readable: the error says so and how to start over; MoveCheckpointsAside keeps them.
	if err := os.WriteFile(filepath.Join(prev, "history.json"), []byte("[]"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run.Latest(); err == nil || !strings.Contains(err.Error(), "--restart") {
		t.Errorf("Latest with no readable checkpoint = %v, want advice to --restart", err)
	}
	aside, err := run.MoveCheckpointsAside()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(aside, "epoch-0004", "weights.bin")); err != nil {
		t.Errorf("moved checkpoints lost epoch 4: %v", err)
	}
	if d, h, err := run.Latest(); d != "" || h.Len() != 0 || err != nil {
		t.Errorf("after the restart Latest = %q, %d, %v; want a fresh run", d, h.Len(), err)
	}
}

// TestRunLock: a second OpenRun of a folder whose lock is held fails with ErrBusy, naming
// the folder and the holder's PID, and changes nothing; Close releases the lock.
func TestRunLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	first, err := OpenRun(dir, []byte(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "config.json"))
	_, err = OpenRun(dir, []byte(`{"a":1}`))
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), strconv.Itoa(os.Getpid())) {
		t.Fatalf("second OpenRun = %v; want ErrBusy naming %s and PID %d", err, dir, os.Getpid())
	}
	after, _ := os.ReadFile(filepath.Join(dir, "config.json"))
	if !bytes.Equal(before, after) {
		t.Errorf("the refused OpenRun changed config.json")
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := OpenRun(dir, []byte(`{"a":1}`))
	if err != nil {
		t.Fatalf("OpenRun after Close: %v", err)
	}
	again.Close()
}

func TestCheckFinite(t *testing.T) {
	tests := []struct {
		v       float64
		wantErr bool
	}{{0.1, false}, {0, false}, {math.NaN(), true}, {math.Inf(1), true}, {math.Inf(-1), true}}
	for _, tt := range tests {
		err := CheckFinite(7, "loss", tt.v)
		if (err != nil) != tt.wantErr {
			t.Errorf("CheckFinite(%v) = %v, want error %v", tt.v, err, tt.wantErr)
		}
		if err != nil && !strings.Contains(err.Error(), "epoch 7") {
			t.Errorf("CheckFinite(%v) = %v, want it to name epoch 7", tt.v, err)
		}
	}
}

func TestHistorySeries(t *testing.T) {
	var h History
	h.Append(EpochStats{Epoch: 1, TrainLoss: 0.3, ValLoss: 0.2, Seconds: 1.5})
	h.Append(EpochStats{Epoch: 2, TrainLoss: 0.1, ValLoss: 0.15, Seconds: 2})
	if got := h.Loss(); got[0] != 0.3 || got[1] != 0.1 {
		t.Errorf("Loss() = %v", got)
	}
	if got := h.ValLoss(); got[1] != 0.15 {
		t.Errorf("ValLoss() = %v", got)
	}
	if got := h.EpochNumbers(); got[1] != 2 {
		t.Errorf("EpochNumbers() = %v", got)
	}
	if got := h.TrainSeconds(); got != 3.5 {
		t.Errorf("TrainSeconds() = %v, want 3.5", got)
	}
	c := h.Clone()
	c.Epochs[0].TrainLoss = 9
	if h.Epochs[0].TrainLoss != 0.3 {
		t.Error("Clone shares storage with the original")
	}
	if last, ok := h.Last(); !ok || last.Epoch != 2 {
		t.Errorf("Last() = %+v, %v", last, ok)
	}
}

func TestProgressBar(t *testing.T) {
	var buf bytes.Buffer
	p := newProgressBar(&buf, true, 3, 50, 10)
	p.minRefresh = 0
	p.Step(5, 0.3)
	p.Step(10, 0.25)
	p.Finish("loss 0.2500 val_loss 0.2400")
	out := buf.String()
	for _, want := range []string{"epoch  3/50", "[====================]", "10/10", "val_loss 0.2400", "5/10 loss 0.3000"} {
		if !strings.Contains(out, want) {
			t.Errorf("progress output %q lacks %q", out, want)
		}
	}
	if strings.Count(out, "\r") != 3 || strings.Count(out, "\n") != 1 {
		t.Errorf("a live bar redraws in place (3 frames, one newline), got %q", out)
	}
	var nilBar *ProgressBar
	nilBar.Step(1, 1) // must not panic
	nilBar.Finish("")
}

// TestProgressOffTerminal: written to a buffer or a file (a log, CI's output), the progress
// is one line per epoch and no carriage return, however many steps an epoch has.
func TestProgressOffTerminal(t *testing.T) {
	file, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	var buf bytes.Buffer
	for _, w := range []io.Writer{&buf, file} {
		if IsTerminal(w) {
			t.Fatalf("IsTerminal(%T) = true", w)
		}
		for epoch := 1; epoch <= 3; epoch++ {
			p := NewProgressBar(w, epoch, 3, 200)
			p.minRefresh = 0
			for step := 1; step <= 200; step++ {
				p.Step(step, 0.5)
			}
			p.Finish(fmt.Sprintf("loss %.4f val_loss 0.4000", 0.5))
		}
	}
	data, err := os.ReadFile(file.Name())
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"buffer": buf.String(), "file": string(data)} {
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if strings.Contains(out, "\r") || len(lines) != 3 || !strings.HasPrefix(lines[2], "epoch 3/3 [====================] 200/200 loss 0.5000 val_loss 0.4000") {
			t.Errorf("%s: %d lines %q; want 3, one per epoch, without carriage returns", name, len(lines), out)
		}
	}
}

func TestHistoryValMSE(t *testing.T) {
	tests := []struct {
		name   string
		epochs []EpochStats
		want   []float64
	}{
		{"two epochs", []EpochStats{{Epoch: 1, ValLoss: 0.2, ValMSE: 0.03}, {Epoch: 2, ValLoss: 0.1, ValMSE: 0.02}}, []float64{0.03, 0.02}},
		{"one epoch", []EpochStats{{Epoch: 1, ValMSE: 0.5}}, []float64{0.5}},
		{"empty", nil, []float64{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := (History{Epochs: tc.epochs}).ValMSE(); !slices.Equal(got, tc.want) {
				t.Errorf("ValMSE() = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestSaveEpochKeepsReplacedCheckpoint: saving an epoch whose folder is already there (its
// checkpoint could not be used, so the epoch was trained again) moves the old folder into
// checkpoints-unreadable/, a second time under another name, and deletes nothing;
// SetAside does the same for the checkpoints Checkpoints names.
func TestSaveEpochKeepsReplacedCheckpoint(t *testing.T) {
	run, err := OpenRun(filepath.Join(t.TempDir(), "run"), []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	history := History{Epochs: []EpochStats{{Epoch: 1}}}
	for i := range 3 {
		if err := run.SaveEpoch(1, history, func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "weights.bin"), []byte{byte(i)}, 0o644)
		}); err != nil {
			t.Fatal(err)
		}
	}
	for name, want := range map[string]byte{
		filepath.Join("checkpoints", "epoch-0001"):              2,
		filepath.Join("checkpoints-unreadable", "epoch-0001"):   0,
		filepath.Join("checkpoints-unreadable", "epoch-0001-2"): 1,
	} {
		data, err := os.ReadFile(filepath.Join(run.Dir, name, "weights.bin"))
		if err != nil || len(data) != 1 || data[0] != want {
			t.Errorf("%s holds %v (%v), want the save number %d", name, data, err, want)
		}
	}

	if err := os.WriteFile(filepath.Join(run.Dir, "checkpoints", "epoch-0001", "history.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	ok, bad, err := run.Checkpoints()
	if err != nil || len(ok) != 0 || len(bad) != 1 || bad[0].Epoch != 1 {
		t.Fatalf("Checkpoints = %v, %v, %v; want one unreadable epoch 1", ok, bad, err)
	}
	aside, err := run.SetAside(bad)
	if err != nil || aside != filepath.Join(run.Dir, UnreadableDir) {
		t.Fatalf("SetAside = %s, %v", aside, err)
	}
	if _, err := os.Stat(filepath.Join(aside, "epoch-0001-3", "weights.bin")); err != nil {
		t.Errorf("SetAside lost the checkpoint: %v", err)
	}
	if ok, bad, _ := run.Checkpoints(); len(ok)+len(bad) != 0 {
		t.Errorf("after SetAside the run still lists %d checkpoints", len(ok)+len(bad))
	}
}

// TestRecordEpochs: a run folder records the epochs its training was asked for; a folder
// without the record reads 0, a corrupt record is an error naming the folder.
func TestRecordEpochs(t *testing.T) {
	run, err := OpenRun(filepath.Join(t.TempDir(), "run"), []byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	if n, err := run.AskedEpochs(); n != 0 || err != nil {
		t.Errorf("fresh run: AskedEpochs = %d, %v; want 0, nil", n, err)
	}
	for _, epochs := range []int{50, 15} {
		if err := run.RecordEpochs(epochs); err != nil {
			t.Fatal(err)
		}
		if n, err := (&Run{Dir: run.Dir}).AskedEpochs(); n != epochs || err != nil {
			t.Errorf("after RecordEpochs(%d): AskedEpochs = %d, %v", epochs, n, err)
		}
	}
	if err := os.WriteFile(filepath.Join(run.Dir, "epochs.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := run.AskedEpochs(); err == nil || !strings.Contains(err.Error(), run.Dir) {
		t.Errorf("corrupt epochs.json: %v, want an error naming the run", err)
	}
}
