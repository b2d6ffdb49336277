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
	epochsFile     = "epochs.json"
	historyFile    = "history.json"
	checkpointsDir = "checkpoints"
	// UnreadableDir is the folder of a run where checkpoints that cannot be read are moved
	// (never deleted) before their epochs are trained again.
	UnreadableDir = "checkpoints-unreadable"
	epochPrefix   = "epoch-"
	tmpMarker     = ".tmp"
	// KeepCheckpoints is how many finished epochs stay on disk; older ones are removed
	// only after a newer one is complete.
	KeepCheckpoints = 2
)

// Run is a run folder: config.json, epochs.json (the epochs its training was asked for),
// and checkpoints/epoch-NNNN/ folders, each holding the model's weights and the history up
// to that epoch. Every write goes to a temporary name
// first and is renamed into place, so a killed process leaves either the previous epoch or
// the new one, never a half-written checkpoint.
type Run struct {
	// Dir is the run folder.
	Dir string

	lock *os.File
}

// ErrBusy is returned (wrapped) by OpenRun when another process trains into the folder.
var ErrBusy = errors.New("run folder busy")

// OpenRun creates dir if needed, takes its lock (see Close) and records config (any JSON)
// in dir/config.json. When another process holds the lock it returns an error wrapping
// ErrBusy that names the holder's PID, having changed nothing. The lock is an flock(2) on
// dir/lock, on Unix systems only; elsewhere there is none. When the folder already
// holds a run with a different config it returns an error: resuming would mix two
// experiments. Fields that may change between resumptions (such as the number of epochs)
// should be left out of config by the caller.
func OpenRun(dir string, config []byte) (r *Run, err error) {
	if dir == "" {
		return nil, fmt.Errorf("open run: empty folder name")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open run %s: %w", dir, err)
	}
	held, err := lock(dir)
	if err != nil {
		return nil, fmt.Errorf("open run: %w", err)
	}
	opened := &Run{Dir: dir, lock: held}
	defer func() {
		if err != nil {
			_ = opened.Close() // r is nil on the error returns
		}
	}()
	r = opened
	if err := os.MkdirAll(filepath.Join(dir, checkpointsDir), 0o755); err != nil {
		return nil, fmt.Errorf("open run %s: %w", dir, err)
	}
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

// LockRun takes the lock of the run folder dir, as OpenRun does, and reads or writes
// nothing else: for a process that changes a folder as a whole (removes it) and must not
// while another process trains into it. When another process holds the lock it returns an
// error wrapping ErrBusy that names that process's PID. Close releases the lock.
func LockRun(dir string) (*Run, error) {
	held, err := lock(dir)
	if err != nil {
		return nil, err
	}
	return &Run{Dir: dir, lock: held}, nil
}

// IsRunFolder reports whether dir looks like a run folder: it holds a run's config.json or
// its lock file.
func IsRunFolder(dir string) bool {
	for _, name := range []string{configFile, lockFile} {
		if st, err := os.Stat(filepath.Join(dir, name)); err == nil && st.Mode().IsRegular() {
			return true
		}
	}
	return false
}

// Close releases the run folder's lock. A process that exits or crashes releases it too.
func (r *Run) Close() error {
	if r == nil {
		return nil
	}
	err := unlock(r.lock)
	r.lock = nil
	return err
}

// Checkpoint is a finished epoch: its folder and the history saved with it.
type Checkpoint struct {
	Epoch   int
	Dir     string
	History History
}

// CheckpointError is a finished epoch's checkpoint that cannot be used: its history or its
// weights do not read.
type CheckpointError struct {
	Epoch int
	Dir   string
	Err   error
}

// Error names the checkpoint folder and what is wrong with it.
func (e *CheckpointError) Error() string { return e.Dir + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *CheckpointError) Unwrap() error { return e.Err }

// JoinCheckpointErrors lists the checkpoints that cannot be used on one line, separated by
// semicolons.
func JoinCheckpointErrors(bad []*CheckpointError) string {
	parts := make([]string, len(bad))
	for i, b := range bad {
		parts[i] = strings.ReplaceAll(b.Error(), "\n", "; ")
	}
	return strings.Join(parts, "; ")
}

// Checkpoints returns the finished epochs whose history reads and matches the epoch,
// newest first, and one error for each epoch folder that does not (left where it is, for
// the caller to name or to move with SetAside): a resume falls back to the newest
// checkpoint that loads.
func (r *Run) Checkpoints() (ok []Checkpoint, bad []*CheckpointError, err error) {
	epochs, err := r.finishedEpochs()
	if err != nil {
		return nil, nil, err
	}
	for i := len(epochs) - 1; i >= 0; i-- {
		e := epochs[i]
		dir := r.epochDir(e)
		var h History
		data, err := os.ReadFile(filepath.Join(dir, historyFile))
		switch {
		case err != nil:
			bad = append(bad, &CheckpointError{Epoch: e, Dir: dir, Err: err})
		case json.Unmarshal(data, &h) != nil:
			bad = append(bad, &CheckpointError{Epoch: e, Dir: dir, Err: fmt.Errorf("%s is corrupt", historyFile)})
		case h.Len() != e:
			bad = append(bad, &CheckpointError{Epoch: e, Dir: dir, Err: fmt.Errorf("holds %d epochs of history, want %d", h.Len(), e)})
		default:
			ok = append(ok, Checkpoint{Epoch: e, Dir: dir, History: h})
		}
	}
	return ok, bad, nil
}

// SetAside moves the checkpoint folders bad into the run's UnreadableDir (a folder that
// is already there gets a "-2", "-3", … suffix), so that nothing is deleted when their
// epochs are trained again, and returns the UnreadableDir.
func (r *Run) SetAside(bad []*CheckpointError) (string, error) {
	to := filepath.Join(r.Dir, UnreadableDir)
	if len(bad) == 0 {
		return to, nil
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return "", fmt.Errorf("set aside unreadable checkpoints of run %s: %w", r.Dir, err)
	}
	for _, b := range bad {
		if err := moveFree(b.Dir, filepath.Join(to, filepath.Base(b.Dir))); err != nil {
			return "", fmt.Errorf("set aside unreadable checkpoint %s: %w", b.Dir, err)
		}
	}
	return to, syncDir(to)
}

// moveFree renames from to the first free name among to, to-2, to-3, …
func moveFree(from, to string) error {
	dest := to
	for n := 2; ; n++ {
		if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
			return os.Rename(from, dest)
		} else if err != nil {
			return err
		}
		dest = fmt.Sprintf("%s-%d", to, n)
	}
}

// Latest returns the folder of the newest finished epoch whose history reads, and that
// history; on a run without checkpoints it returns "" and an empty history, and when no
// checkpoint's history reads, an error naming them all.
func (r *Run) Latest() (dir string, history History, err error) {
	ok, bad, err := r.Checkpoints()
	if err != nil {
		return "", History{}, err
	}
	if len(ok) == 0 && len(bad) > 0 {
		return "", History{}, fmt.Errorf("resume run %s: no checkpoint is readable (%s); %s", r.Dir, JoinCheckpointErrors(bad), StartOver)
	}
	if len(ok) == 0 {
		return "", History{}, nil
	}
	return ok[0].Dir, ok[0].History, nil
}

// StartOver says how to start a run over when none of its checkpoints loads.
const StartOver = "to start over, run the same command with --restart (or set FitOptions.Restart), which moves the old checkpoints aside"

// MoveCheckpointsAside renames the run's checkpoints folder to checkpoints-discarded-N
// (the first free N) and makes a new, empty one: a restart that loses nothing.
func (r *Run) MoveCheckpointsAside() (string, error) {
	from := filepath.Join(r.Dir, checkpointsDir)
	for n := 1; ; n++ {
		to := fmt.Sprintf("%s-discarded-%d", from, n)
		if _, err := os.Stat(to); err == nil {
			continue
		}
		if err := os.Rename(from, to); err != nil {
			return "", fmt.Errorf("restart run %s: %w", r.Dir, err)
		}
		if err := os.MkdirAll(from, 0o755); err != nil {
			return "", fmt.Errorf("restart run %s: %w", r.Dir, err)
		}
		return to, nil
	}
}

// SaveEpoch writes epoch's checkpoint: save fills a fresh temporary folder with the
// weights, the history is added to it, and the folder is renamed to epoch-NNNN. Older
// epochs beyond KeepCheckpoints are then removed. A folder epoch-NNNN that is already
// there (a checkpoint that could not be used, so that its epoch was trained again) is
// moved into UnreadableDir first, never deleted.
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
	if _, err := os.Lstat(final); err == nil {
		old := &CheckpointError{Epoch: epoch, Dir: final, Err: errors.New("trained again")}
		if _, err := r.SetAside([]*CheckpointError{old}); err != nil {
			return fmt.Errorf("save epoch %d: %w", epoch, err)
		}
	}
	if err := os.Rename(tmp, final); err != nil {
		return fmt.Errorf("save epoch %d: %w", epoch, err)
	}
	if err := syncDir(filepath.Join(r.Dir, checkpointsDir)); err != nil {
		return fmt.Errorf("save epoch %d: %w", epoch, err)
	}
	return r.prune()
}

// askedEpochs is the content of epochs.json.
type askedEpochs struct {
	Asked int `json:"asked"`
}

// RecordEpochs records in the run folder (epochs.json) the number of epochs the training
// into it was asked for: the total its checkpoints are trained towards. The config.json
// of a run leaves the epochs out (a finished run may be extended), so this is where a
// reader of the folder, or a later command, finds it.
func (r *Run) RecordEpochs(epochs int) error {
	data, err := json.Marshal(askedEpochs{Asked: epochs})
	if err != nil {
		return fmt.Errorf("record the epochs of run %s: %w", r.Dir, err)
	}
	if err := atomicfile.Write(filepath.Join(r.Dir, epochsFile), append(data, '\n')); err != nil {
		return fmt.Errorf("record the epochs of run %s: %w", r.Dir, err)
	}
	return nil
}

// AskedEpochs returns the number of epochs RecordEpochs recorded, and 0 for a folder that
// records none (a fresh folder, or one written before the record existed).
func (r *Run) AskedEpochs() (int, error) {
	data, err := os.ReadFile(filepath.Join(r.Dir, epochsFile))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read the epochs of run %s: %w", r.Dir, err)
	}
	var a askedEpochs
	if err := json.Unmarshal(data, &a); err != nil {
		return 0, fmt.Errorf("read the epochs of run %s: %s is corrupt: %w", r.Dir, epochsFile, err)
	}
	return a.Asked, nil
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
