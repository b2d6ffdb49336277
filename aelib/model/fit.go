package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"time"
	"unsafe"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	gomlxmodel "github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/model/checkpoint"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

// FitOptions are the optional parts of Fit; the zero value trains in memory, silently.
type FitOptions struct {
	// RunDir, when set, receives config.json and a checkpoint after every epoch (written
	// atomically). If it already holds checkpoints of the same config, Fit resumes after the
	// last finished epoch: running the same command again after a kill loses nothing saved.
	// Checkpoints that do not load are skipped and moved to RunDir/checkpoints-unreadable/
	// (never deleted) before their epochs are trained again. Fit never lowers what the
	// model has: when RunDir holds checkpoints ahead of the model in memory and none of them
	// loads, Fit returns an error naming them and the model keeps its weights.
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
	// Restart moves RunDir's checkpoints aside (to checkpoints-discarded-N, nothing is
	// deleted) and trains from scratch: the way out when none of them loads.
	Restart bool
	// Log, when set, receives warnings (checkpoints that could not be loaded, skipped and
	// moved aside); when nil they go to Progress, else to standard error.
	Log io.Writer
}

// warnings is where Fit writes its warnings.
func (o FitOptions) warnings() io.Writer {
	switch {
	case o.Log != nil:
		return o.Log
	case o.Progress != nil:
		return o.Progress
	}
	return os.Stderr
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
		if run, err = ae.openRun(opts); err != nil {
			return ae.History(), err
		}
		defer run.Close()
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
		stats, err := ae.trainEpoch(data, x, n, xVal, epoch, opts.Progress)
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
func (ae *Autoencoder) trainEpoch(data *tensors.Tensor, x []float32, n int, xVal []float32, epoch int, progress io.Writer) (training.EpochStats, error) {
	stats := training.EpochStats{Epoch: epoch}
	if err := ae.setLearningRate(epoch); err != nil {
		return stats, fmt.Errorf("epoch %d: %w", epoch, err)
	}
	noisy, err := ae.noisyInputs(x, n, epoch)
	if err != nil {
		return stats, fmt.Errorf("epoch %d: %w", epoch, err)
	}
	if noisy != nil {
		defer noisy.FinalizeAll()
	}
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
		loss, err := ae.trainStep(data, noisy, batch, epoch, step)
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
	if stats.ValLoss, err = ae.validationLoss(xVal, m, epoch); err != nil {
		return stats, fmt.Errorf("epoch %d validation: %w", epoch, err)
	}
	bar.Finish(fmt.Sprintf("loss %.4f val_loss %.4f", stats.TrainLoss, stats.ValLoss))
	if err := training.CheckFinite(epoch, "validation loss", stats.ValLoss); err != nil {
		return stats, err
	}
	return stats, nil
}

// validationLoss is the training objective measured on the validation rows, in the unit
// of the training loss: the per-value BCE or MSE of the reconstructions m, or for a
// variational model with a Bernoulli decoder the negative ELBO in nats per image (one
// sample per image, drawn from (Seed, epoch)), as its training loss is.
func (ae *Autoencoder) validationLoss(xVal []float32, m Metrics, epoch int) (float64, error) {
	switch {
	case ae.cfg.Variational && ae.cfg.Loss == BCE:
		elbo, err := ae.LogLikelihoodBound(xVal, 1, noiseSeed(ae.cfg.Seed, epoch)^0x5851f42d4c957f2d)
		return -elbo, err
	case ae.cfg.Loss == MSE:
		return m.MSE, nil
	}
	return m.BCE, nil
}

// EpochPermutation is the order in which Fit visits n training rows in epoch:
// mnist.Permutation (a Fisher–Yates shuffle on a PCG generator, written out so that the
// sequence stays fixed across Go releases) seeded from (seed, epoch), so a resumed run
// visits the same batches as an uninterrupted one.
func EpochPermutation(seed int64, epoch, n int) []int {
	return mnist.Permutation(n, int64(noiseSeed(seed, epoch)^0x2545f4914f6cdd1d))
}

// trainStep runs one optimizer step on the rows idx of the training data and returns the
// batch's mean loss. The rows are gathered inside the graph: the data set stays on the
// device and only the indices travel each step.
func (ae *Autoencoder) trainStep(data, noisy *tensors.Tensor, idx []int32, epoch, step int) (loss float64, err error) {
	defer recoverGraphError("training step", &err)
	t := tensors.FromFlatDataAndDimensions(idx, len(idx), 1)
	defer t.FinalizeAll()
	rng, err := graph.RNGStateFromSeed(int64(stepSeed(ae.cfg.Seed, epoch, step)))
	if err != nil {
		return 0, err
	}
	defer rng.FinalizeAll()
	var out *tensors.Tensor
	if noisy != nil {
		out, err = ae.trainExec.Call1(data, noisy, t, rng)
	} else {
		out, err = ae.trainExec.Call1(data, t, rng)
	}
	if err != nil {
		return 0, err
	}
	defer out.FinalizeAll()
	return scalarFloat(out)
}

func (ae *Autoencoder) trainStepGraph(scope *gomlxmodel.Scope, data, idx, rng *graph.Node) *graph.Node {
	g := data.Graph()
	scope.Store().SetTraining(g, true)
	x := graph.Gather(data, idx)
	loss := ae.objectiveGraph(scope, x, x, &randomSource{state: rng})
	ae.optimizer.UpdateGraph(scope, g, loss)
	return loss
}

// denoiseStepGraph is trainStepGraph for a denoising autoencoder: the rows idx of the
// corrupted copy noisy are the inputs, the same rows of data the targets.
func (ae *Autoencoder) denoiseStepGraph(scope *gomlxmodel.Scope, data, noisy, idx, rng *graph.Node) *graph.Node {
	g := data.Graph()
	scope.Store().SetTraining(g, true)
	loss := ae.objectiveGraph(scope, graph.Gather(noisy, idx), graph.Gather(data, idx), &randomSource{state: rng})
	ae.optimizer.UpdateGraph(scope, g, loss)
	return loss
}

// Identity is the part of c that identifies a training run: all of it but Epochs, which a
// finished run may be extended by — except under a learning-rate schedule, whose every
// epoch depends on the total, so that more epochs make another run.
func (c Config) Identity() Config {
	if c.Schedule == nil {
		c.Epochs = 0
	}
	return c
}

// LearningRateAt is the learning rate of epoch (1-based) under the config's schedule:
// LearningRate without one; with a cosine schedule
//
//	lr · (m + (1−m) · ½ (1 + cos(π · (epoch−1)/(Epochs−1)))),   m = MinFactor.
func (c Config) LearningRateAt(epoch int) float64 {
	if c.Schedule == nil || !c.Schedule.Cosine || c.Epochs < 2 {
		return c.LearningRate
	}
	m := c.Schedule.MinFactor
	t := float64(epoch-1) / float64(c.Epochs-1)
	return c.LearningRate * (m + (1-m)*0.5*(1+math.Cos(math.Pi*min(max(t, 0), 1))))
}

// setLearningRate stores the learning rate of epoch in the optimizer's variable, which the
// training step reads (and checkpoints keep).
func (ae *Autoencoder) setLearningRate(epoch int) (err error) {
	if ae.cfg.Schedule == nil {
		return nil
	}
	defer recoverGraphError("set learning rate", &err)
	v := optimizer.LearningRateVarWithValue(ae.store.RootScope(), dtypes.Float32, ae.cfg.LearningRate)
	return v.SetValue(tensors.FromScalar(float32(ae.cfg.LearningRateAt(epoch))))
}

// stepSeed seeds the random draws of one training step (variational samples, the
// contractive estimator's directions): a function of (seed, epoch, step) alone, so a
// resumed run draws what an uninterrupted one does.
func stepSeed(seed int64, epoch, step int) uint64 {
	return noiseSeed(seed, epoch) ^ uint64(step+1)*0x94d049bb133111eb
}

// randomSource hands out random draws inside one graph from a state given as input.
type randomSource struct{ state *graph.Node }

// normal returns N(0, 1) draws of shape.
func (r *randomSource) normal(shape shapes.Shape) *graph.Node {
	var v *graph.Node
	r.state, v = graph.RandomNormal(r.state, shape)
	return v
}

// uniform returns draws of shape from [0, 1).
func (r *randomSource) uniform(shape shapes.Shape) *graph.Node {
	var v *graph.Node
	r.state, v = graph.RandomUniform(r.state, shape)
	return v
}

// noiseSeed is the seed of the training inputs' noise in epoch: fresh every epoch, the
// same on every run of the same config.
func noiseSeed(seed int64, epoch int) uint64 {
	return uint64(seed)*0x9e3779b97f4a7c15 ^ uint64(epoch)*0xbf58476d1ce4e5b9
}

func newOptimizer(cfg Config) optimizer.Interface {
	if cfg.Optimizer == SGD {
		return optimizer.StochasticGradientDescent().WithDecay(false).WithLearningRate(cfg.LearningRate).Done()
	}
	return optimizer.Adam().LearningRate(cfg.LearningRate).WeightDecay(cfg.WeightDecay).Done()
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

// identityConfig is the config recorded in a run folder: its Identity.
func (ae *Autoencoder) identityConfig() ([]byte, error) {
	c := ae.Config().Identity()
	return json.MarshalIndent(struct {
		Config
		Epochs int `json:"epochs,omitempty"`
	}{Config: c}, "", "  ")
}

// openRun opens (or resumes) the run folder, holding its lock until the run is closed,
// and loads the newest checkpoint that loads (naming the ones skipped).
func (ae *Autoencoder) openRun(opts FitOptions) (*training.Run, error) {
	cfgJSON, err := ae.identityConfig()
	if err != nil {
		return nil, fmt.Errorf("fit: %w", err)
	}
	run, err := training.OpenRun(opts.RunDir, cfgJSON)
	if err != nil {
		return nil, fmt.Errorf("fit: %w", err)
	}
	if opts.Restart {
		if aside, err := run.MoveCheckpointsAside(); err != nil {
			run.Close()
			return nil, fmt.Errorf("fit: %w", err)
		} else {
			fmt.Fprintf(opts.warnings(), "restart: the old checkpoints of %s are in %s\n", opts.RunDir, aside)
		}
	}
	if err := ae.resumeInto(run, opts.warnings()); err != nil {
		run.Close()
		return nil, fmt.Errorf("fit: %w", err)
	}
	switch have, want := ae.history.Len(), ae.cfg.Epochs; {
	case have < want:
		if err := run.RecordEpochs(want); err != nil {
			run.Close()
			return nil, fmt.Errorf("fit: %w", err)
		}
	case have > want:
		fmt.Fprintf(opts.warnings(), "fit: run %s has trained %d epochs, %d more than the %d asked for; the model is the %d-epoch one (train into another run folder for a %d-epoch model)\n",
			opts.RunDir, have, have-want, want, have, want)
	}
	return run, nil
}

// resumeInto resumes the model from run (see resume) and moves the checkpoints that do not
// load into the run's training.UnreadableDir, naming them on warn in one line, so that
// training their epochs again deletes nothing.
func (ae *Autoencoder) resumeInto(run *training.Run, warn io.Writer) error {
	loaded, unreadable, err := ae.resume(run)
	if err != nil || len(unreadable) == 0 {
		return err
	}
	aside, err := run.SetAside(unreadable)
	if err != nil {
		return err
	}
	after := fmt.Sprintf("resumed after epoch %d", ae.history.Len())
	if !loaded {
		after = fmt.Sprintf("the model in memory goes on after epoch %d", ae.history.Len())
	}
	fmt.Fprintf(warn, "resume %s: %d checkpoint(s) do not load (%s); moved to %s, nothing deleted; %s\n",
		run.Dir, len(unreadable), training.JoinCheckpointErrors(unreadable), aside, after)
	return nil
}

// resume loads into the model the newest checkpoint of run that is ahead of the model in
// memory and loads (loaded reports whether one did), and returns every checkpoint of run
// found unreadable on the way. It never lowers what the model has: when the folder holds
// checkpoints ahead of the model and none of them loads, it returns an error naming them
// and the model keeps its weights and history.
func (ae *Autoencoder) resume(run *training.Run) (loaded bool, unreadable []*training.CheckpointError, err error) {
	ok, bad, err := run.Checkpoints()
	if err != nil {
		return false, nil, err
	}
	have := ae.history.Len()
	ahead := false
	for _, b := range bad {
		ahead = ahead || b.Epoch > have
	}
	for _, cp := range ok {
		if cp.Epoch <= have {
			break // the model in memory is already as far as the folder.
		}
		ahead = true
		if err := ae.loadWeights(cp.Dir); err != nil {
			bad = append(bad, &training.CheckpointError{Epoch: cp.Epoch, Dir: cp.Dir, Err: err})
			continue
		}
		ae.history = cp.History
		return true, bad, nil
	}
	if !ahead {
		return false, bad, nil
	}
	if have == 0 {
		return false, nil, fmt.Errorf("resume run %s: no checkpoint loads (%s); %s", run.Dir, training.JoinCheckpointErrors(bad), training.StartOver)
	}
	return false, nil, fmt.Errorf("resume run %s: the model in memory has trained %d epochs and no checkpoint ahead of it loads (%s); its weights are unchanged. Fit it without the run folder, or into another one; or %s",
		run.Dir, have, training.JoinCheckpointErrors(bad), training.StartOver)
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

// loadWeights replaces the model's store with the checkpoint in dir. When the checkpoint
// does not load, the model keeps the store, optimizer state and history it had.
func (ae *Autoencoder) loadWeights(dir string) (err error) {
	store, opt, history := ae.store, ae.optimizer, ae.history
	defer func() {
		if err == nil {
			return
		}
		ae.store, ae.optimizer, ae.history = store, opt, history
		if rerr := ae.buildExecs(); rerr != nil {
			err = errors.Join(err, fmt.Errorf("restore the weights in memory: %w", rerr))
		}
	}()
	defer recoverGraphError("load checkpoint", &err)
	if err := ae.resetStore(); err != nil {
		return err
	}
	ae.history = history
	if _, err := checkpoint.Load(ae.store).Dir(dir).Immediate().Done(); err != nil {
		return err
	}
	return ae.rebuildInference()
}

// noisyInputs returns, for a denoising autoencoder, epoch's corrupted copy of the training
// data on the device (nil otherwise).
func (ae *Autoencoder) noisyInputs(x []float32, n, epoch int) (*tensors.Tensor, error) {
	if ae.cfg.Denoise == nil {
		return nil, nil
	}
	noisy, err := ae.cfg.Denoise.Apply(x, noiseSeed(ae.cfg.Seed, epoch))
	if err != nil {
		return nil, fmt.Errorf("corrupt the training inputs: %w", err)
	}
	t, err := ae.onDevice(noisy, n)
	if err != nil {
		return nil, fmt.Errorf("copy the corrupted inputs to the device: %w", err)
	}
	return t, nil
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
