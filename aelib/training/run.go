package training

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/goautoencoders/autoencoders/aelib/atomicfile"
)

const (
	configFile     = "config.json"
	historyFile    = "history.json"
	checkpointsDir = "checkpoints"
	epochPrefix    = "epoch-"
	tmpMarker      = ".tmp"
	// KeepCheckpoints is how many finished epochs stay on disk; older ones are removed
	// only after a newer one is complete.
	KeepCheckpoints = 2
)

// Run is a run folder: config.json, and checkpoints/epoch-NNNN/ folders, each holding the
// model's weights and the history up to that epoch. Every write goes to a temporary name
// first and is renamed into place, so a killed process leaves either the previous epoch or
// the new one, never a half-written checkpoint.
type Run struct {
	// Dir is the run folder.
	Dir string
}

// OpenRun creates dir if needed and records config (any JSON) in dir/config.json. When the
// folder already holds a run with a different config it returns an error: resuming would
// mix two experiments. Fields that may change between resumptions (such as the number of
// epochs) should be left out of config by the caller.
func OpenRun(dir string, config []byte) (*Run, error) {
	if dir == "" {
		return nil, fmt.Errorf("open run: empty folder name")
	}
	if err := os.MkdirAll(filepath.Join(dir, checkpointsDir), 0o755); err != nil {
		return nil, fmt.Errorf("open run %s: %w", dir, err)
	}
	r := &Run{Dir: dir}
	path := filepath.Join(dir, configFile)
	old, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := atomicfile.Write(path, config); err != nil {
			return nil, fmt.Errorf("open run %s: %w", dir, err)
		}
		return r, nil
	case err != nil:
		return nil, fmt.Errorf("open run %s: %w", dir, err)
	}
	same, err := sameJSON(old, config)
	if err != nil {
		return nil, fmt.Errorf("open run %s: %s is not valid JSON (%v); move the folder away or pick another run folder", dir, path, err)
	}
	if !same {
		return nil, fmt.Errorf("open run %s: the folder holds a run with another configuration (%s: %s, requested: %s); pick another run folder or delete this one to start over",
			dir, path, compactJSON(old), compactJSON(config))
	}
	return r, nil
}

// Latest returns the folder of the newest finished epoch and the history saved with it;
// on a run without checkpoints it returns "" and an empty history.
func (r *Run) Latest() (dir string, history History, err error) {
	epochs, err := r.finishedEpochs()
	if err != nil {
		return "", History{}, err
	}
	if len(epochs) == 0 {
		return "", History{}, nil
	}
	last := epochs[len(epochs)-1]
	dir = r.epochDir(last)
	data, err := os.ReadFile(filepath.Join(dir, historyFile))
	if err != nil {
		return "", History{}, fmt.Errorf("resume run %s: read history of epoch %d: %w; delete %s to resume from the epoch before it", r.Dir, last, err, dir)
	}
	if err := json.Unmarshal(data, &history); err != nil {
		return "", History{}, fmt.Errorf("resume run %s: history of epoch %d is corrupt: %w; delete %s to resume from the epoch before it", r.Dir, last, err, dir)
	}
	if history.Len() != last {
		return "", History{}, fmt.Errorf("resume run %s: %s holds %d epochs of history, want %d; delete it to resume from the epoch before it", r.Dir, dir, history.Len(), last)
	}
	return dir, history, nil
}

// SaveEpoch writes epoch's checkpoint: save fills a fresh temporary folder with the
// weights, the history is added to it, and the folder is renamed to epoch-NNNN. Older
// epochs beyond KeepCheckpoints are then removed.
func (r *Run) SaveEpoch(epoch int, history History, save func(dir string) error) error {
	final := r.epochDir(epoch)
	tmp := final + tmpMarker
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("save epoch %d: %w", epoch, err)
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return fmt.Errorf("save epoch %d: %w", epoch, err)
	}
	if err := save(tmp); err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("save epoch %d weights into %s: %w", epoch, tmp, err)
	}
	data, err := history.MarshalIndent()
	if err != nil {
		return fmt.Errorf("save epoch %d history: %w", epoch, err)
	}
	if err := atomicfile.Write(filepath.Join(tmp, historyFile), data); err != nil {
		return fmt.Errorf("save epoch %d history: %w", epoch, err)
	}
	if err := syncDir(tmp); err != nil {
		return fmt.Errorf("save epoch %d: %w", epoch, err)
	}
	if err := os.RemoveAll(final); err != nil {
		return fmt.Errorf("save epoch %d: %w", epoch, err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return fmt.Errorf("save epoch %d: %w", epoch, err)
	}
	if err := syncDir(filepath.Join(r.Dir, checkpointsDir)); err != nil {
		return fmt.Errorf("save epoch %d: %w", epoch, err)
	}
	return r.prune()
}

// WriteFile writes name inside the run folder atomically.
func (r *Run) WriteFile(name string, data []byte) error {
	return atomicfile.Write(filepath.Join(r.Dir, name), data)
}

// Path is the path of name inside the run folder.
func (r *Run) Path(name string) string { return filepath.Join(r.Dir, name) }

func (r *Run) epochDir(epoch int) string {
	return filepath.Join(r.Dir, checkpointsDir, fmt.Sprintf("%s%04d", epochPrefix, epoch))
}

// finishedEpochs lists the epochs with a complete (renamed) checkpoint folder, ascending.
func (r *Run) finishedEpochs() ([]int, error) {
	entries, err := os.ReadDir(filepath.Join(r.Dir, checkpointsDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list checkpoints of run %s: %w", r.Dir, err)
	}
	var epochs []int
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, epochPrefix) || strings.Contains(name, tmpMarker) {
			continue
		}
		n, err := strconv.Atoi(strings.TrimPrefix(name, epochPrefix))
		if err != nil || n < 1 {
			continue
		}
		epochs = append(epochs, n)
	}
	sort.Ints(epochs)
	return epochs, nil
}

// prune removes finished epochs older than the newest KeepCheckpoints, and leftovers of
// interrupted saves.
func (r *Run) prune() error {
	epochs, err := r.finishedEpochs()
	if err != nil {
		return err
	}
	for i := 0; i+KeepCheckpoints < len(epochs); i++ {
		if err := os.RemoveAll(r.epochDir(epochs[i])); err != nil {
			return fmt.Errorf("remove old checkpoint: %w", err)
		}
	}
	entries, err := os.ReadDir(filepath.Join(r.Dir, checkpointsDir))
	if err != nil {
		return fmt.Errorf("list checkpoints of run %s: %w", r.Dir, err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), tmpMarker) {
			if err := os.RemoveAll(filepath.Join(r.Dir, checkpointsDir, e.Name())); err != nil {
				return fmt.Errorf("remove unfinished checkpoint: %w", err)
			}
		}
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

func sameJSON(a, b []byte) (bool, error) {
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		return false, err
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		return false, err
	}
	ca, _ := json.Marshal(va)
	cb, _ := json.Marshal(vb)
	return bytes.Equal(ca, cb), nil
}

func compactJSON(b []byte) string {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return string(b)
	}
	return buf.String()
}
