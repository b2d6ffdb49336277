package lab

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/atomicfile"
	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/pca"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

// QuickEnv is the environment variable that turns on quick mode.
const QuickEnv = "AELIB_QUICK"

// Quick-mode data sizes: enough for every figure to make its point in seconds.
const (
	QuickTrain = 6000
	QuickTest  = 1000
)

// QuickMode reports whether quick mode is on: AELIB_QUICK is "1" or "true" (any case).
// Notebooks then train on QuickTrain images for few epochs, e.g. when CI executes them.
func QuickMode() bool {
	v := strings.TrimSpace(os.Getenv(QuickEnv))
	return v == "1" || strings.EqualFold(v, "true")
}

// Lab is one notebook's (or one command's) working set: a backend, MNIST (all of it, or
// subsets in quick mode) and a folder of run folders. GoNB runs every cell as a new
// program, so models train into the folder: the first cell that asks for a configuration
// trains it, later cells asking for the same one load it.
type Lab struct {
	// Name is the notebook's name; its folder is runs/notebooks/<Name>[-quick].
	Name string
	// Backend runs the models; Choice says which one and why.
	Backend compute.Backend
	Choice  backend.Choice
	// Data is MNIST (subsets of QuickTrain / QuickTest images in quick mode).
	Data Data
	// Source says where MNIST was read from.
	Source mnist.Source
	// Quick is true in quick mode.
	Quick bool
	// Dir is the folder of this lab's run folders.
	Dir string
	// Watch, when set, displays each training run (see Options.Watch).
	Watch Watcher
	// KeepRuns reports whether Start kept the run folders of an earlier run of the
	// notebook (StartOptions.KeepRuns); false when it cleared them. Open, which later
	// cells call, reads it from AELIB_KEEP_RUNS.
	KeepRuns bool
}

// KeepRunsEnv is the environment variable that makes Start keep a notebook's trained
// models from one run of the notebook to the next: AELIB_KEEP_RUNS=1 (or "true").
const KeepRunsEnv = "AELIB_KEEP_RUNS"

// KeepRunsFromEnv reports whether AELIB_KEEP_RUNS asks to keep the runs: "1" or "true"
// (any case).
func KeepRunsFromEnv() bool {
	v := strings.TrimSpace(os.Getenv(KeepRunsEnv))
	return v == "1" || strings.EqualFold(v, "true")
}

// StartOptions are the choices of StartWith.
type StartOptions struct {
	// KeepRuns keeps the run folders an earlier run of the notebook left in the lab's
	// folder: a model trained then loads instead of training again. When false, Start
	// clears the lab's folder, so that a notebook run top to bottom trains everything
	// afresh — taking the lock of every run folder in it first: when another process
	// (another kernel on the same notebook) trains into one of them, Start fails naming it
	// and that process, and removes nothing. The shared runs/ folder (SharedRoot) is never
	// cleared.
	KeepRuns bool
}

// Start opens the lab for the first cell of a notebook: StartWith, keeping the runs when
// AELIB_KEEP_RUNS=1 (KeepRunsFromEnv) and clearing them otherwise.
func Start(name string) (*Lab, error) {
	return StartWith(name, StartOptions{KeepRuns: KeepRunsFromEnv()})
}

// StartWith opens the lab for the first cell of a notebook: it clears or keeps the lab's
// run folders (see StartOptions), records the start time and returns the lab, whose
// KeepRuns says which was done.
func StartWith(name string, opts StartOptions) (*Lab, error) {
	dir := labDir(name)
	if !opts.KeepRuns {
		if err := clearRuns(dir); err != nil {
			return nil, fmt.Errorf("start lab %s: %w", name, err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("start lab %s: %w", name, err)
	}
	stamp := strconv.FormatInt(time.Now().UnixNano(), 10)
	if err := atomicfile.Write(filepath.Join(dir, "started"), []byte(stamp)); err != nil {
		return nil, fmt.Errorf("start lab %s: %w", name, err)
	}
	l, err := Open(name)
	if err != nil {
		return nil, err
	}
	l.KeepRuns = opts.KeepRuns
	return l, nil
}

// clearRuns removes dir once it holds the lock of every run folder in it. When another
// process holds one, it returns that error (naming the folder and the process) and removes
// nothing.
func clearRuns(dir string) error {
	runs, err := runFolders(dir)
	if err != nil {
		return err
	}
	var held []*training.Run
	defer func() {
		for _, r := range held {
			_ = r.Close()
		}
	}()
	for _, run := range runs {
		r, err := training.LockRun(run)
		if err != nil {
			return fmt.Errorf("clear the lab's runs (nothing removed; set %s=1 to keep them): %w", KeepRunsEnv, err)
		}
		held = append(held, r)
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("clear the lab's runs: %w", err)
	}
	return nil
}

// runFolders lists the run folders under dir (training.IsRunFolder), not looking inside
// them; none when dir does not exist.
func runFolders(dir string) ([]string, error) {
	var runs []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case errors.Is(err, fs.ErrNotExist) && path == dir:
			return filepath.SkipAll
		case err != nil:
			return err
		case !d.IsDir():
			return nil
		case training.IsRunFolder(path):
			runs = append(runs, path)
			return filepath.SkipDir
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list the run folders of %s: %w", dir, err)
	}
	return runs, nil
}

// Open returns the lab of a notebook whose first cell called Start.
func Open(name string) (*Lab, error) {
	l := &Lab{Name: name, Quick: QuickMode(), Dir: labDir(name), KeepRuns: KeepRunsFromEnv()}
	var err error
	if l.Backend, l.Choice, err = backend.New(); err != nil {
		return nil, err
	}
	if l.Data, l.Source, err = LoadData(mnist.MNIST, l.Quick); err != nil {
		return nil, err
	}
	return l, nil
}

// Quick-mode validation size: the first 1,000 of the validation images.
const QuickValidation = 1000

// LoadData loads a data set for experiments, split as Split does: 50,000 training,
// 10,000 validation (the last of the 60,000 training images) and 10,000 test images; in
// quick mode the first QuickTrain, QuickValidation and QuickTest of them.
func LoadData(d mnist.Dataset, quick bool) (Data, mnist.Source, error) {
	train, test, src, err := mnist.Load(mnist.Options{Dataset: d})
	if err != nil {
		return Data{}, mnist.Source{}, err
	}
	name := string(d)
	if name == "" {
		name = string(mnist.MNIST)
	}
	sizes := Sizes{}
	if quick {
		sizes = Sizes{Train: QuickTrain, Validation: QuickValidation, Test: QuickTest}
	}
	data, err := Split(name, train, test, sizes)
	return data, src, err
}

// Dataset is another data set than the lab's MNIST (Fashion-MNIST), loaded as LoadData
// does in the lab's mode.
func (l *Lab) Dataset(d mnist.Dataset) (Data, error) {
	data, _, err := LoadData(d, l.Quick)
	return data, err
}

// labDir is runs/notebooks/<name>[-quick] under the repository.
func labDir(name string) string {
	if QuickMode() {
		name += "-quick"
	}
	return filepath.Join(repoRoot(), "runs", "notebooks", name)
}

// repoRoot is the repository: GoNB sets GONB_DIR to the notebook's folder, notebooks/, so
// the repository is its parent; elsewhere the working directory.
func repoRoot() string {
	if d := os.Getenv("GONB_DIR"); d != "" {
		return filepath.Join(d, "..")
	}
	return "."
}

// SharedRoot is the repository's runs/ folder, where aelab keeps its run folders
// (runs/<data>/<layout>_<hash>). A notebook trains its long runs there (TrainShared), so
// that the command line and the notebook share one training: a run started by
// `aelab demo --preset hinton2006` is resumed or loaded by the notebook, and the other way
// round. Start never empties it.
func (l *Lab) SharedRoot() string { return filepath.Join(repoRoot(), "runs") }

// TrainShared is Train into SharedRoot instead of the lab's own folder.
func (l *Lab) TrainShared(cfg model.Config) (*model.Autoencoder, metrics.Result, error) {
	opts := l.Options()
	opts.Root = l.SharedRoot()
	return Train(l.Backend, cfg, l.Data, opts)
}

// Elapsed is the time since the notebook's first cell called Start.
func (l *Lab) Elapsed() (time.Duration, error) {
	data, err := os.ReadFile(filepath.Join(l.Dir, "started"))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("lab %s: no start time; run the first cell (Start)", l.Name)
	}
	if err != nil {
		return 0, err
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("lab %s: bad start time: %w", l.Name, err)
	}
	return time.Since(time.Unix(0, ns)), nil
}

// Epochs is full in full mode and quick in quick mode.
func (l *Lab) Epochs(full, quick int) int {
	if l.Quick {
		return quick
	}
	return full
}

// Options are the lab's training options: its folder and its display.
func (l *Lab) Options() Options { return Options{Root: l.Dir, Watch: l.Watch} }

// Train is lab.Train of cfg on the lab's data, in the lab's folder, watched.
func (l *Lab) Train(cfg model.Config) (*model.Autoencoder, metrics.Result, error) {
	return Train(l.Backend, cfg, l.Data, l.Options())
}

// TrainOn is Train on other data (a subset, corrupted inputs, …): data.Name keeps its
// models apart from the others.
func (l *Lab) TrainOn(data Data, cfg model.Config) (*model.Autoencoder, metrics.Result, error) {
	return Train(l.Backend, cfg, data, l.Options())
}

// Sweep is lab.Sweep on the lab's data, in the lab's folder, watched.
func (l *Lab) Sweep(variants []Variant) ([]metrics.Result, error) {
	return Sweep(l.Backend, variants, l.Data, l.Options(), nil)
}

// CompareCodes is lab.CompareCodes on the lab's data, in the lab's folder, watched.
func (l *Lab) CompareCodes(models []model.Config, codes []int) ([]metrics.Result, error) {
	return CompareCodes(l.Backend, models, l.Data, codes, l.Options(), nil)
}

// PCA is lab.PCA on the lab's data.
func (l *Lab) PCA(k int) (*pca.PCA, metrics.Result, error) { return PCA(l.Data, k) }

// PCAs is lab.PCAs on the lab's data.
func (l *Lab) PCAs(codes ...int) ([]metrics.Result, error) { return PCAs(l.Data, codes) }
