package lab

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/atomicfile"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/internal/provenance"
)

// TrainedFile is the file of a run folder that says which code trained it, when and on
// which backend: a notebook that loads a run trained elsewhere (a shared run, another
// session's) prints it (see RunInfo).
const TrainedFile = "trained.json"

// Trained is the content of TrainedFile.
type Trained struct {
	// Code is the commit the training ran at.
	Code provenance.Code `json:"code"`
	// Date is when its last epoch finished.
	Date time.Time `json:"date"`
	// Backend is the backend it trained on, e.g. "xla:cpu".
	Backend string `json:"backend"`
	// Epochs is how many epochs the folder held then.
	Epochs int `json:"epochs"`
}

// String is one line: "trained for 200 epochs at commit 1a2b3c4d5e6f on xla:cpu, 2026-12-08 14:05 UTC".
func (t Trained) String() string {
	return fmt.Sprintf("trained for %d epochs at %s on %s, %s", t.Epochs, t.Code, t.Backend, t.Date.UTC().Format("2006-01-02 15:04 MST"))
}

// recordTrained updates dir's TrainedFile when the run now holds more epochs than it
// records (or records none): the code, date and backend of the training just done. A run
// only loaded keeps the record of the code that trained it.
func recordTrained(dir, backendName string, epochs int) error {
	old, err := ReadTrained(dir)
	if err == nil && old.Epochs >= epochs {
		return nil
	}
	raw, err := json.MarshalIndent(Trained{Code: provenance.CodeState(), Date: time.Now().UTC(), Backend: backendName, Epochs: epochs}, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(dir, TrainedFile), raw); err != nil {
		return fmt.Errorf("record the training of %s: %w", dir, err)
	}
	return nil
}

// ReadTrained reads a run folder's TrainedFile. A folder trained before the file existed
// gives an error wrapping fs.ErrNotExist.
func ReadTrained(dir string) (Trained, error) {
	var t Trained
	raw, err := os.ReadFile(filepath.Join(dir, TrainedFile))
	if err != nil {
		return t, fmt.Errorf("run %s: %w", dir, err)
	}
	if err := json.Unmarshal(raw, &t); err != nil {
		return t, fmt.Errorf("run %s: %s is corrupt: %w", dir, TrainedFile, err)
	}
	return t, nil
}

// RunInfo says where a lab run comes from, for a notebook that loads it: its folder and
// Trained's line, or that the folder does not record it.
func RunInfo(dir string) string {
	t, err := ReadTrained(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("run %s: trained before runs recorded their commit", dir)
	case err != nil:
		return err.Error()
	}
	return fmt.Sprintf("run %s: %s", dir, t)
}

// SharedRunInfo is RunInfo of cfg's run folder in the shared runs/ folder (TrainShared).
func (l *Lab) SharedRunInfo(cfg model.Config) (string, error) {
	dir, err := RunDir(l.SharedRoot(), l.Data, cfg)
	if err != nil {
		return "", err
	}
	return RunInfo(dir), nil
}
