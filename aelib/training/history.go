// Package training holds what a training loop needs besides the model: the per-epoch
// History that Fit returns (Keras's History.history), a terminal progress bar, and a run
// folder whose per-epoch checkpoints are written atomically so that an interrupted run
// resumes from its last finished epoch.
//
// Example: resume-aware loop skeleton.
//
//	run, err := training.OpenRun("runs/demo", cfgJSON) // refuses a folder holding another config
//	last, history, err := run.Latest()                  // "" and empty history on a fresh run
//	for epoch := len(history.Epochs) + 1; epoch <= epochs; epoch++ {
//		stats := trainOneEpoch()
//		history.Append(stats)
//		err = run.SaveEpoch(epoch, history, func(dir string) error { return saveWeights(dir) })
//	}
package training

import (
	"encoding/json"
	"fmt"
	"math"
)

// EpochStats are the numbers recorded at the end of one epoch.
type EpochStats struct {
	// Epoch counts from 1.
	Epoch int `json:"epoch"`
	// TrainLoss is the mean training loss over the epoch's examples (weights changing
	// during the epoch, as Keras reports it).
	TrainLoss float64 `json:"loss"`
	// ValLoss is the training loss measured on the validation set after the epoch.
	ValLoss float64 `json:"val_loss"`
	// ValBCE and ValMSE are the validation binary cross-entropy and per-pixel MSE.
	ValBCE float64 `json:"val_bce"`
	ValMSE float64 `json:"val_mse"`
	// Seconds is the wall time of the epoch's training steps (evaluation excluded).
	Seconds float64 `json:"seconds"`
	// EvalSeconds is the wall time of the validation pass.
	EvalSeconds float64 `json:"eval_seconds"`
}

// History is the list of finished epochs, oldest first.
type History struct {
	Epochs []EpochStats `json:"epochs"`
}

// Append adds one epoch's stats.
func (h *History) Append(s EpochStats) { h.Epochs = append(h.Epochs, s) }

// Len is the number of finished epochs.
func (h History) Len() int { return len(h.Epochs) }

// Last returns the most recent epoch, and false when the history is empty.
func (h History) Last() (EpochStats, bool) {
	if len(h.Epochs) == 0 {
		return EpochStats{}, false
	}
	return h.Epochs[len(h.Epochs)-1], true
}

// Clone returns a deep copy.
func (h History) Clone() History {
	return History{Epochs: append([]EpochStats(nil), h.Epochs...)}
}

// Loss returns the train-loss series, one value per epoch.
func (h History) Loss() []float64 { return h.series(func(s EpochStats) float64 { return s.TrainLoss }) }

// ValLoss returns the validation-loss series, one value per epoch.
func (h History) ValLoss() []float64 {
	return h.series(func(s EpochStats) float64 { return s.ValLoss })
}

// ValMSE returns the validation per-pixel MSE series, one value per epoch: the same
// measure for models trained with different losses.
func (h History) ValMSE() []float64 {
	return h.series(func(s EpochStats) float64 { return s.ValMSE })
}

// EpochNumbers returns 1, 2, …, Len() as float64, the x-axis of loss curves.
func (h History) EpochNumbers() []float64 {
	return h.series(func(s EpochStats) float64 { return float64(s.Epoch) })
}

// TrainSeconds is the total training time over all epochs.
func (h History) TrainSeconds() float64 {
	total := 0.0
	for _, s := range h.Epochs {
		total += s.Seconds
	}
	return total
}

func (h History) series(f func(EpochStats) float64) []float64 {
	out := make([]float64, len(h.Epochs))
	for i, s := range h.Epochs {
		out[i] = f(s)
	}
	return out
}

// MarshalIndent encodes the history as indented JSON.
func (h History) MarshalIndent() ([]byte, error) { return json.MarshalIndent(h, "", "  ") }

// CheckFinite returns an error naming the epoch when the loss is NaN or infinite: the
// weights have diverged and training cannot recover. The usual fixes are a smaller
// learning rate or a loss matched to the data (BCE needs inputs in [0,1]).
func CheckFinite(epoch int, name string, value float64) error {
	if math.IsNaN(value) || math.IsInf(value, 0) {
		return fmt.Errorf("epoch %d: %s is %v: training diverged; lower the learning rate or check the inputs (BCE needs values in [0,1])",
			epoch, name, value)
	}
	return nil
}
