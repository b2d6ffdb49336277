package notebook

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/lab"
	"github.com/goautoencoders/autoencoders/aelib/report"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

// Start opens a notebook's lab (lab.Start: the lab's run folders cleared, or kept with
// AELIB_KEEP_RUNS=1; the clock started) with every training run shown live in the cell
// that runs it (Watch).
func Start(name string) (*lab.Lab, error) {
	l, err := lab.Start(name)
	if err != nil {
		return nil, err
	}
	l.Watch = Watch
	return l, nil
}

// Open returns the lab of a notebook whose first cell called Start, with Watch.
func Open(name string) (*lab.Lab, error) {
	l, err := lab.Open(name)
	if err != nil {
		return nil, err
	}
	l.Watch = Watch
	return l, nil
}

// Watch is the notebook's lab.Watcher: a progress line ("epoch 3/10 loss … val_loss …")
// and, from the second epoch, a live plot of the loss curves that stays as a static image
// when training ends.
func Watch(label string, epochs int) (func(training.EpochStats, training.History) error, func()) {
	progress := NewProgress(epochs, label)
	live := NewLivePlot()
	onEpoch := func(s training.EpochStats, h training.History) error {
		progress.Update(s.Epoch, fmt.Sprintf("loss %.4f  val_loss %.4f  (%.1f s/epoch)", s.TrainLoss, s.ValLoss, s.Seconds))
		if h.Len() >= 2 && InNotebook() {
			if fig, err := report.LossFigure(label+": loss per epoch", h); err == nil {
				_ = live.Update(fig)
			}
		}
		return nil
	}
	return onEpoch, func() {
		progress.Done()
		_ = live.Done()
	}
}

// Header is the provenance a notebook prints first: mode, backend and why, versions,
// machine, data source and date, and whether the lab's trained models were kept from an
// earlier run or cleared (RunsLine).
func Header(l *lab.Lab) string {
	r := report.New(l.Name, nil, l.Choice)
	mode := fmt.Sprintf("full mode (%s=1 runs a quick version: %d training, %d validation and %d test images, few epochs)",
		lab.QuickEnv, lab.QuickTrain, lab.QuickValidation, lab.QuickTest)
	if l.Quick {
		mode = fmt.Sprintf("QUICK mode (%s=1): %s, few epochs; numbers differ from the prose",
			lab.QuickEnv, l.Data.Describe())
	}
	return fmt.Sprintf("%s: %s\n%s\ndata: MNIST from %s, %s; validation: the last %d of the 60000 training images (curves and choices), test: scored once\n%s",
		l.Name, mode, r.Header(), l.Source, l.Data.Describe(), lab.ValidationSize, RunsLine(l))
}

// RunsLine says which of the lab's options on its run folders is in force: kept from an
// earlier run of the notebook (AELIB_KEEP_RUNS=1: trained models load), or cleared at the
// start (every model trains again).
func RunsLine(l *lab.Lab) string {
	if l.KeepRuns {
		return fmt.Sprintf("runs: %s kept from earlier runs (%s=1): models trained before load instead of training again", l.Dir, lab.KeepRunsEnv)
	}
	return fmt.Sprintf("runs: %s cleared at the start, so every model trains again (%s=1 keeps them)", l.Dir, lab.KeepRunsEnv)
}
