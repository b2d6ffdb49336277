package model

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
	"unsafe"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	gomlxmodel "github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/model/checkpoint"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/goautoencoders/autoencoders/aelib/training"
)

// FitOptions are the optional parts of Fit; the zero value trains in memory, silently.
type FitOptions struct {
	// RunDir, when set, receives config.json and a checkpoint after every epoch (written
	// atomically). If it already holds checkpoints of the same config, Fit resumes after the
	// last finished epoch: running the same command again after a kill loses nothing saved.
	RunDir string
	// Progress, when set, receives a self-overwriting progress bar (use os.Stderr in a
	// terminal).
	Progress io.Writer
	// OnEpoch, when set, is called after every epoch trained. Returning an error stops
	// training; Fit then returns the history so far and that error.
	OnEpoch func(stats training.EpochStats, history training.History) error
	// ReplayRestored makes Fit also call OnEpoch, in order, for the epochs restored from
	// RunDir or trained by an earlier Fit, before training more (so a live plot of a resumed
	// run starts complete).
	ReplayRestored bool
}

// Fit trains the autoencoder to reconstruct x (rows of Config.InputDim values), measuring
// the loss on xVal after each epoch, until Config.Epochs epochs have been trained in total.
// Each epoch visits the rows in a permutation drawn from (Seed, epoch), in batches of
// BatchSize (the last one smaller), like Keras's fit(shuffle=True).
//
// It returns the history of every epoch trained, and stops with an error naming the epoch
// if the loss becomes NaN or infinite.
func (ae *Autoencoder) Fit(x, xVal []float32, opts FitOptions) (history training.History, err error) {
	n, err := ae.rows("training data", x)
	if err != nil {
		return ae.History(), err
	}
	if _, err := ae.rows("validation data", xVal); err != nil {
		return ae.History(), err
	}
	var run *training.Run
	if opts.RunDir != "" {
		if run, err = ae.openRun(opts.RunDir); err != nil {
			return ae.History(), err
		}
	}
	if opts.OnEpoch != nil && opts.ReplayRestored {
		replay := training.History{}
		for _, s := range ae.history.Epochs {
			replay.Append(s)
			if err := opts.OnEpoch(s, replay.Clone()); err != nil {
				return ae.History(), err
			}
		}
	}
	var data *tensors.Tensor
	if ae.history.Len() < ae.cfg.Epochs {
		if data, err = ae.onDevice(x, n); err != nil {
			return ae.History(), fmt.Errorf("fit: copy the training data to the device: %w", err)
		}
		defer data.FinalizeAll()
	}
	for epoch := ae.history.Len() + 1; epoch <= ae.cfg.Epochs; epoch++ {
		stats, err := ae.trainEpoch(data, n, xVal, epoch, opts.Progress)
		if err != nil {
			return ae.History(), err
		}
		ae.history.Append(stats)
		if run != nil {
			if err := run.SaveEpoch(epoch, ae.history, ae.saveWeights); err != nil {
				return ae.History(), fmt.Errorf("fit: %w", err)
			}
		}
		if opts.OnEpoch != nil {
			if err := opts.OnEpoch(stats, ae.History()); err != nil {
				return ae.History(), err
			}
		}
	}
	return ae.History(), nil
}

// trainEpoch runs one pass over the training data (already on the device as data) and
// one evaluation over xVal.
func (ae *Autoencoder) trainEpoch(data *tensors.Tensor, n int, xVal []float32, epoch int, progress io.Writer) (training.EpochStats, error) {
	stats := training.EpochStats{Epoch: epoch}
	bs := ae.cfg.BatchSize
	perm := EpochPermutation(ae.cfg.Seed, epoch, n)
	steps := (n + bs - 1) / bs
	bar := training.NewProgressBar(progress, epoch, ae.cfg.Epochs, steps)
	idx := make([]int32, bs)
	start := time.Now()
	var lossSum float64
	for step := 0; step < steps; step++ {
		lo, hi := step*bs, min((step+1)*bs, n)
		batch := idx[:hi-lo]
		for i, row := range perm[lo:hi] {
			batch[i] = int32(row)
		}
		loss, err := ae.trainStep(data, batch)
		if err != nil {
			return stats, fmt.Errorf("epoch %d step %d: %w", epoch, step+1, err)
		}
		lossSum += loss * float64(hi-lo)
		bar.Step(step+1, lossSum/float64(hi))
	}
	stats.Seconds = time.Since(start).Seconds()
	stats.TrainLoss = lossSum / float64(n)
	if err := ae.rebuildInference(); err != nil {
		return stats, fmt.Errorf("epoch %d: %w", epoch, err)
	}
	if err := training.CheckFinite(epoch, "training loss", stats.TrainLoss); err != nil {
		bar.Finish(fmt.Sprintf("loss %v", stats.TrainLoss))
		return stats, err
	}
	evalStart := time.Now()
	m, err := ae.Evaluate(xVal)
	if err != nil {
		return stats, fmt.Errorf("epoch %d validation: %w", epoch, err)
	}
	stats.EvalSeconds = time.Since(evalStart).Seconds()
	stats.ValBCE, stats.ValMSE = m.BCE, m.MSE
	stats.ValLoss = m.BCE
	if ae.cfg.Loss == MSE {
		stats.ValLoss = m.MSE
	}
	bar.Finish(fmt.Sprintf("loss %.4f val_loss %.4f", stats.TrainLoss, stats.ValLoss))
	if err := training.CheckFinite(epoch, "validation loss", stats.ValLoss); err != nil {
		return stats, err
	}
	return stats, nil
}

// EpochPermutation is the order in which Fit visits n training rows in epoch: a
// permutation drawn from a PCG generator seeded with (seed, epoch), so a resumed run
// visits the same batches as an uninterrupted one.
func EpochPermutation(seed int64, epoch, n int) []int {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(epoch)))
	return r.Perm(n)
}

// trainStep runs one optimizer step on the rows idx of the training data and returns the
// batch's mean loss. The rows are gathered inside the graph: the data set stays on the
// device and only the indices travel each step.
func (ae *Autoencoder) trainStep(data *tensors.Tensor, idx []int32) (loss float64, err error) {
	defer recoverGraphError("training step", &err)
	t := tensors.FromFlatDataAndDimensions(idx, len(idx), 1)
	defer t.FinalizeAll()
	out, err := ae.trainExec.Call1(data, t)
	if err != nil {
		return 0, err
	}
	defer out.FinalizeAll()
	return scalarFloat(out)
}

func (ae *Autoencoder) trainStepGraph(scope *gomlxmodel.Scope, data, idx *graph.Node) *graph.Node {
	g := data.Graph()
	scope.Store().SetTraining(g, true)
	x := graph.Gather(data, idx)
	logits := ae.DecoderLogitsGraph(scope, ae.EncoderGraph(scope, x))
	loss := ae.lossGraph(x, logits)
	ae.optimizer.UpdateGraph(scope, g, loss)
	return loss
}

func newOptimizer(cfg Config) optimizer.Interface {
	if cfg.Optimizer == SGD {
		return optimizer.StochasticGradientDescent().WithDecay(false).WithLearningRate(cfg.LearningRate).Done()
	}
	return optimizer.Adam().LearningRate(cfg.LearningRate).Done()
}

// rows checks that data holds whole rows of InputDim values and returns their count.
func (ae *Autoencoder) rows(what string, data []float32) (int, error) {
	d := ae.cfg.InputDim
	if len(data) == 0 {
		return 0, fmt.Errorf("%s is empty", what)
	}
	if len(data)%d != 0 {
		return 0, fmt.Errorf("%s has %d values, not a whole number of rows of %d (the model's input dimension)", what, len(data), d)
	}
	return len(data) / d, nil
}

// identityConfig is the config recorded in a run folder: everything but Epochs, which may
// grow when a finished run is continued.
func (ae *Autoencoder) identityConfig() ([]byte, error) {
	c := ae.Config()
	c.Epochs = 0
	return json.MarshalIndent(struct {
		Config
		Epochs int `json:"epochs,omitempty"`
	}{Config: c}, "", "  ")
}

// openRun opens (or resumes) the run folder and, if it holds checkpoints, loads the newest
// one into the model.
func (ae *Autoencoder) openRun(dir string) (*training.Run, error) {
	cfgJSON, err := ae.identityConfig()
	if err != nil {
		return nil, fmt.Errorf("fit: %w", err)
	}
	run, err := training.OpenRun(dir, cfgJSON)
	if err != nil {
		return nil, fmt.Errorf("fit: %w", err)
	}
	latest, history, err := run.Latest()
	if err != nil {
		return nil, fmt.Errorf("fit: %w", err)
	}
	if latest == "" {
		return run, nil
	}
	if history.Len() <= ae.history.Len() {
		return run, nil // the model in memory is already as far as the folder.
	}
	if err := ae.loadWeights(latest); err != nil {
		return nil, fmt.Errorf("fit: resume from %s: %w", latest, err)
	}
	ae.history = history
	return run, nil
}

// saveWeights writes the weights and optimizer state with GoMLX's checkpoint format.
func (ae *Autoencoder) saveWeights(dir string) (err error) {
	defer recoverGraphError("save checkpoint", &err)
	h, err := checkpoint.Build(ae.store).Dir(dir).Keep(-1).Done()
	if err != nil {
		return err
	}
	return h.Save()
}

// loadWeights replaces the model's store with the checkpoint in dir.
func (ae *Autoencoder) loadWeights(dir string) (err error) {
	defer recoverGraphError("load checkpoint", &err)
	history := ae.history
	if err := ae.resetStore(); err != nil {
		return err
	}
	ae.history = history
	if _, err := checkpoint.Load(ae.store).Dir(dir).Immediate().Done(); err != nil {
		return err
	}
	return ae.rebuildInference()
}

// onDevice copies the n×InputDim matrix x straight into a device buffer (a shared buffer on
// the Go backend), with no intermediate host tensor: one copy of the data set, not two.
func (ae *Autoencoder) onDevice(x []float32, n int) (t *tensors.Tensor, err error) {
	defer recoverGraphError("upload", &err)
	raw := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(x))), len(x)*4)
	return tensors.FromRaw(ae.backend, 0, shapes.Make(dtypes.Float32, n, ae.cfg.InputDim), raw)
}

func scalarFloat(t *tensors.Tensor) (float64, error) {
	var v float64
	err := tensors.ConstFlatData(t, func(flat []float32) { v = float64(flat[0]) })
	return v, err
}
