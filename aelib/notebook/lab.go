package notebook

import (
	"errors"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/atomicfile"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/aelib/experiment"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/report"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

// Quick-mode data sizes: enough for every figure to make its point in seconds.
const (
	QuickTrain = 6000
	QuickTest  = 1000
)

// Lab is a notebook's working set: the backend, MNIST (all of it, or subsets in quick
// mode) and a run folder. GoNB runs every cell as a new program, so models are trained into
// the run folder: the first cell that fits a model trains it, later cells asking for the
// same name load it from its checkpoint instead of training again.
type Lab struct {
	// Name is the notebook's name; its run folder is runs/notebooks/<Name>[-quick].
	Name string
	// Backend runs the models; Choice says which one and why.
	Backend compute.Backend
	Choice  backend.Choice
	// Train and Test are MNIST's splits (subsets of QuickTrain / QuickTest in quick mode).
	Train, Test *mnist.Set
	// Source says where MNIST was read from.
	Source mnist.Source
	// Quick is true in quick mode (AELIB_QUICK=1).
	Quick bool
	// Dir is the notebook's run folder.
	Dir string
}

// Start opens the lab for the first cell of a notebook: it empties the notebook's run
// folder (a notebook run top to bottom trains everything afresh), records the start time
// and returns the lab. Set AELIB_KEEP_RUNS=1 to keep trained models between runs.
func Start(name string) (*Lab, error) {
	dir := runDir(name)
	if os.Getenv("AELIB_KEEP_RUNS") != "1" {
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("start notebook %s: %w", name, err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("start notebook %s: %w", name, err)
	}
	stamp := strconv.FormatInt(time.Now().UnixNano(), 10)
	if err := atomicfile.Write(filepath.Join(dir, "started"), []byte(stamp)); err != nil {
		return nil, fmt.Errorf("start notebook %s: %w", name, err)
	}
	return Open(name)
}

// Open returns the lab of a notebook whose first cell called Start.
func Open(name string) (*Lab, error) {
	l := &Lab{Name: name, Quick: QuickMode(), Dir: runDir(name)}
	var err error
	if l.Backend, l.Choice, err = backend.New(); err != nil {
		return nil, err
	}
	train, test, src, err := mnist.Load(mnist.Options{})
	if err != nil {
		return nil, err
	}
	l.Source = src
	if l.Quick {
		if train, err = train.Subset(QuickTrain); err != nil {
			return nil, err
		}
		if test, err = test.Subset(QuickTest); err != nil {
			return nil, err
		}
	}
	l.Train, l.Test = train, test
	return l, nil
}

// runDir is runs/notebooks/<name>[-quick] under the repository: GoNB sets GONB_DIR to the
// notebook's folder, notebooks/, so the repository is its parent.
func runDir(name string) string {
	root := "."
	if d := os.Getenv("GONB_DIR"); d != "" {
		root = filepath.Join(d, "..")
	}
	if QuickMode() {
		name += "-quick"
	}
	return filepath.Join(root, "runs", "notebooks", name)
}

// Header is the provenance a notebook prints first: mode, backend, versions, machine, data
// and date.
func (l *Lab) Header() string {
	r := report.New(l.Name, nil, l.Choice)
	mode := "full mode"
	if l.Quick {
		mode = fmt.Sprintf("QUICK mode (AELIB_QUICK=1): %d training and %d test images, few epochs; numbers differ from the prose", l.Train.Len(), l.Test.Len())
	}
	return fmt.Sprintf("%s: %s\n%s\ndata: MNIST from %s, %d training / %d test images",
		l.Name, mode, r.Header(), l.Source, l.Train.Len(), l.Test.Len())
}

// Elapsed is the time since the notebook's first cell called Start.
func (l *Lab) Elapsed() (time.Duration, error) {
	data, err := os.ReadFile(filepath.Join(l.Dir, "started"))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("notebook %s: no start time; run the first cell (notebook.Start)", l.Name)
	}
	if err != nil {
		return 0, err
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("notebook %s: bad start time: %w", l.Name, err)
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

// Fit trains cfg under the given name (or loads it if a previous cell already trained it),
// showing a live loss plot and a progress line in the notebook.
func (l *Lab) Fit(name string, cfg model.Config) (*model.Autoencoder, error) {
	ae, err := model.New(l.Backend, cfg)
	if err != nil {
		return nil, err
	}
	opts, done := l.Watch(name, cfg.Epochs)
	_, err = ae.Fit(l.Train.Images, l.Test.Images, opts)
	done()
	if err != nil {
		return nil, err
	}
	return ae, nil
}

// Watch returns FitOptions that train into the run folder under name (so later cells load
// instead of retraining) with a live loss plot and a progress line, and the function to
// call when training is over, which leaves the final plot as a static image.
func (l *Lab) Watch(name string, epochs int) (model.FitOptions, func()) {
	progress := NewProgress(epochs, name)
	live := NewLivePlot()
	opts := model.FitOptions{
		RunDir: filepath.Join(l.Dir, name),
		OnEpoch: func(s training.EpochStats, h training.History) error {
			progress.Update(s.Epoch, fmt.Sprintf("loss %.4f  val_loss %.4f  (%.1f s/epoch)", s.TrainLoss, s.ValLoss, s.Seconds))
			if h.Len() >= 2 && InNotebook() {
				if fig, err := experiment.LossFigure(name+": loss per epoch", h); err == nil {
					_ = live.Update(fig)
				}
			}
			return nil
		},
	}
	return opts, func() {
		progress.Done()
		_ = live.Done()
	}
}

// Must returns v, or prints err as a clear message (no stack trace) and ends the cell's
// program with status 1, which marks the cell as failed.
func Must[T any](v T, err error) T {
	Check(err)
	return v
}

// Check prints err as a clear message and ends the cell's program with status 1; it does
// nothing when err is nil.
func Check(err error) {
	if err == nil {
		return
	}
	fmt.Fprintf(os.Stderr, "error: %v\n", err)
	if InNotebook() {
		front.displayHTML("<pre style=\"color:#b00\">error: " + html.EscapeString(err.Error()) + "</pre>")
	}
	os.Exit(1)
}

// Must2 is Must for functions returning two values and an error.
func Must2[A, B any](a A, b B, err error) (A, B) {
	Check(err)
	return a, b
}
