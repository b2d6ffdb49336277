// Package lab is the one train-and-score path of aelib: Train fits (or resumes, or loads)
// an autoencoder configuration on a data set and scores it on the test images; PCA fits
// principal components on the same images and scores them on the same metrics. Every
// model kind goes through Train, every run lives in the folder RunDir names, and the
// command line, the notebooks, the sweeps and the benchmarks all call these functions.
//
// Example: the tutorial's model against PCA with as many components.
//
//	b, _, _ := backend.New()
//	train, test, _, _ := mnist.Load(mnist.Options{})
//	data, _ := lab.Split("mnist", train, test, lab.Sizes{}) // 50,000 / 10,000 / 10,000
//	ae, aeRow, err := lab.Train(b, model.Tutorial(), data, lab.Options{Root: "runs"})
//	p, pcaRow, err := lab.PCA(data, 32)
//	fmt.Println(aeRow.Metrics.MSE, pcaRow.Metrics.MSE)
package lab

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/analysis"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/pca"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

// Data is what an experiment trains on, chooses on and scores on: models fit Train, every
// per-epoch curve and every choice of a setting uses Validation, and Test is scored once,
// at the end. Name tells apart models trained on different data in the run folders
// ("mnist-train50000-val10000", "mnist-train50000-val10000-digits0-4", …); Split makes
// the standard one.
type Data struct {
	Name                    string
	Train, Validation, Test *mnist.Set
}

// ValidationSize is the size of the standard validation set: the last 10,000 of a data
// set's 60,000 training images (MNIST and Fashion-MNIST alike). The models train on the
// 50,000 before them; the 10,000 test images are kept for the final score. (The Keras
// tutorial validates on the test images instead; here they are never used to choose.)
const ValidationSize = 10000

// Sizes chooses subsets of a split: the first Train, Validation and Test images of each
// part; 0 keeps the whole part.
type Sizes struct{ Train, Validation, Test int }

// Split makes an experiment's data from a data set's training and test images: Validation
// is the last ValidationSize training images (their first sizes.Validation), Train the
// images before them (their first sizes.Train) and Test the test images (their first
// sizes.Test). Its Name is base with the sizes, the one rule that names data in run
// folders: "mnist-train50000-val10000", or with a test subset
// "mnist-train6000-val1000-test1000".
func Split(base string, train, test *mnist.Set, sizes Sizes) (Data, error) {
	if train == nil || test == nil {
		return Data{}, fmt.Errorf("split %s: no training or test images", base)
	}
	n := train.Len()
	if n <= ValidationSize {
		return Data{}, fmt.Errorf("split %s: %d training images, need more than the %d of the validation set", base, n, ValidationSize)
	}
	if sizes.Train < 0 || sizes.Validation < 0 || sizes.Test < 0 || sizes.Train > n-ValidationSize ||
		sizes.Validation > ValidationSize || sizes.Test > test.Len() {
		return Data{}, fmt.Errorf("split %s: subset sizes %d/%d/%d out of range: at most %d training, %d validation and %d test images",
			base, sizes.Train, sizes.Validation, sizes.Test, n-ValidationSize, ValidationSize, test.Len())
	}
	take := func(size, whole int) int {
		if size == 0 {
			return whole
		}
		return size
	}
	nTrain, nVal := take(sizes.Train, n-ValidationSize), take(sizes.Validation, ValidationSize)
	d := Data{Name: SplitName(base, n, test.Len(), sizes)}
	var err error
	if d.Train, err = train.Range(0, nTrain); err != nil {
		return Data{}, fmt.Errorf("split %s: %w", base, err)
	}
	if d.Validation, err = train.Range(n-ValidationSize, n-ValidationSize+nVal); err != nil {
		return Data{}, fmt.Errorf("split %s: %w", base, err)
	}
	d.Test = test
	if sizes.Test > 0 && sizes.Test < test.Len() {
		if d.Test, err = test.Subset(sizes.Test); err != nil {
			return Data{}, fmt.Errorf("split %s: %w", base, err)
		}
	}
	return d, nil
}

// SplitName is the name Split gives the split of nTrain training and nTest test images
// with sizes: "<base>-train<N>-val<M>", plus "-test<T>" for a subset of the test images.
func SplitName(base string, nTrain, nTest int, sizes Sizes) string {
	train, val := nTrain-ValidationSize, ValidationSize
	if sizes.Train > 0 {
		train = sizes.Train
	}
	if sizes.Validation > 0 {
		val = sizes.Validation
	}
	name := fmt.Sprintf("%s-train%d-val%d", base, train, val)
	if sizes.Test > 0 && sizes.Test < nTest {
		name += fmt.Sprintf("-test%d", sizes.Test)
	}
	return name
}

// Derive makes data from d by applying f to each of its three parts (a digit selection, a
// colouring, …), named d.Name + "-" + suffix.
func (d Data) Derive(suffix string, f func(part string, s *mnist.Set) (*mnist.Set, error)) (Data, error) {
	out := Data{Name: d.Name + "-" + suffix}
	for _, p := range []struct {
		name string
		src  *mnist.Set
		dst  **mnist.Set
	}{{"training", d.Train, &out.Train}, {"validation", d.Validation, &out.Validation}, {"test", d.Test, &out.Test}} {
		s, err := f(p.name, p.src)
		if err != nil {
			return Data{}, fmt.Errorf("%s: %s images: %w", out.Name, p.name, err)
		}
		*p.dst = s
	}
	return out, nil
}

// Describe is one line for a header: the data's name and the size of each part.
func (d Data) Describe() string {
	return fmt.Sprintf("%d training / %d validation / %d test images", d.Train.Len(), d.Validation.Len(), d.Test.Len())
}

// check reports an empty or missing set.
func (d Data) check(what string) error {
	for _, p := range []struct {
		name string
		s    *mnist.Set
	}{{"training", d.Train}, {"validation", d.Validation}, {"test", d.Test}} {
		if p.s == nil || p.s.Len() == 0 {
			return fmt.Errorf("%s: empty %s set (lab.Split makes training, validation and test sets)", what, p.name)
		}
	}
	if d.Name == "" {
		return fmt.Errorf("%s: the data set has no name (Data.Name names its run folders)", what)
	}
	return nil
}

// Options are the optional parts of Train; the zero value trains in memory, silently.
type Options struct {
	// Root, when set, is the folder of run folders: the model trains into
	// RunDir(Root, data, cfg), resumes there after an interruption, and a later call with
	// the same configuration and data loads it instead of training again.
	Root string
	// Dir, when set, is the run folder itself, in place of the rule under Root (a user's
	// explicit choice, such as aelab's --run).
	Dir string
	// Label replaces the result's model name (default ModelName(cfg)).
	Label string
	// Progress, when set, receives a terminal progress bar.
	Progress io.Writer
	// OnEpoch, when set, is called after every epoch (and, with ReplayRestored, for the
	// epochs restored from the run folder first).
	OnEpoch        func(stats training.EpochStats, history training.History) error
	ReplayRestored bool
	// Restart moves the run folder's checkpoints aside and trains from scratch (see
	// model.FitOptions.Restart).
	Restart bool
	// Validation is how many of the first validation images give the validation loss
	// after each epoch (0: all of them). The scores always use the whole validation and
	// test sets.
	Validation int
	// Watch, when set, is called as each model starts training, with its label and
	// epochs; it returns the per-epoch hook of a display (a live plot in a notebook) and
	// the function that closes it when the model is done.
	Watch Watcher
}

// Watcher opens a display for one training run; see Options.Watch.
type Watcher func(label string, epochs int) (onEpoch func(training.EpochStats, training.History) error, done func())

// Train trains cfg on data.Train (validating on data.Validation after every epoch) —
// resuming or loading what opts.Root already holds — and scores the model on
// data.Validation and data.Test: the model and its Result row, with the metrics package's
// definitions (test errors in Metrics, validation errors in Validation, the one to choose
// settings by), the training seconds, the number of parameters and epochs.
func Train(b compute.Backend, cfg model.Config, data Data, opts Options) (*model.Autoencoder, metrics.Result, error) {
	if err := data.check("train"); err != nil {
		return nil, metrics.Result{}, err
	}
	ae, err := model.New(b, cfg)
	if err != nil {
		return nil, metrics.Result{}, err
	}
	fit := model.FitOptions{Progress: opts.Progress, OnEpoch: opts.OnEpoch, ReplayRestored: opts.ReplayRestored, Restart: opts.Restart}
	label := opts.Label
	if label == "" {
		label = ModelName(cfg)
	}
	if opts.Watch != nil {
		onEpoch, done := opts.Watch(label, cfg.Epochs)
		defer done()
		fit.OnEpoch = chainEpochHooks(opts.OnEpoch, onEpoch)
	}
	switch {
	case opts.Dir != "":
		fit.RunDir = opts.Dir
	case opts.Root != "":
		if fit.RunDir, err = RunDir(opts.Root, data, cfg); err != nil {
			return nil, metrics.Result{}, err
		}
	}
	val := data.Validation.Images
	if n := opts.Validation; n > 0 && n < data.Validation.Len() {
		val = val[:n*data.Validation.Dim()]
	}
	h, err := ae.Fit(data.Train.Images, val, fit)
	if err != nil {
		return nil, metrics.Result{}, fmt.Errorf("train %s on %s: %w", cfg.Layout(), data.Name, err)
	}
	if fit.RunDir != "" {
		if err := recordTrained(fit.RunDir, backendName(b), h.Len()); err != nil {
			return nil, metrics.Result{}, err
		}
	}
	r, err := Score(ae, data.Test)
	if err != nil {
		return nil, metrics.Result{}, err
	}
	v, err := Score(ae, data.Validation)
	if err != nil {
		return nil, metrics.Result{}, err
	}
	r.Validation = v.Metrics
	if opts.Label != "" {
		r.Model = opts.Label
	}
	return ae, r, nil
}

// backendName is b's name as GOMLX_BACKEND spells it, e.g. "go" or "xla:cpu".
func backendName(b compute.Backend) string {
	if name, _, _ := strings.Cut(b.Description(), " "); b.Name() == "xla" && strings.HasPrefix(name, "xla:") {
		return name // "xla:cpu - PJRT "cpu" plugin (…)"
	}
	if f := strings.Fields(b.Name()); len(f) > 0 {
		return strings.ToLower(f[0]) // "Go Backend"
	}
	return b.Name()
}

// Score measures a trained autoencoder's reconstructions of test on every metric.
func Score(ae *model.Autoencoder, test *mnist.Set) (metrics.Result, error) {
	cfg := ae.Config()
	recon, err := ae.Reconstruct(test.Images)
	if err != nil {
		return metrics.Result{}, fmt.Errorf("score %s: %w", cfg.Layout(), err)
	}
	m, err := metrics.Summarize(test.Images, recon, test.Dim())
	if err != nil {
		return metrics.Result{}, fmt.Errorf("score %s: %w", cfg.Layout(), err)
	}
	h := ae.History()
	return metrics.Result{Model: ModelName(cfg), CodeSize: cfg.CodeSize, Metrics: m,
		TrainSeconds: h.TrainSeconds(), Parameters: ae.NumParameters(), Epochs: h.Len()}, nil
}

// PCA fits k principal components on data.Train and scores their reconstructions of
// data.Test, and of data.Validation in the row's Validation (see PCAMetrics): the fit and
// its Result row.
func PCA(data Data, k int) (*pca.PCA, metrics.Result, error) {
	if err := data.check("PCA"); err != nil {
		return nil, metrics.Result{}, err
	}
	d := data.Train.Dim()
	if k < 1 || k > d {
		return nil, metrics.Result{}, fmt.Errorf("PCA: %d components out of range 1..%d", k, d)
	}
	start := time.Now()
	p, err := pca.Fit(data.Train.Images, data.Train.Len(), d, k)
	if err != nil {
		return nil, metrics.Result{}, fmt.Errorf("PCA with %d components: %w", k, err)
	}
	secs := time.Since(start).Seconds()
	r, err := scorePCASplit(p, data)
	r.TrainSeconds = secs
	return p, r, err
}

// scorePCASplit is ScorePCA on data.Test with the validation errors added.
func scorePCASplit(p *pca.PCA, data Data) (metrics.Result, error) {
	r, err := ScorePCA(p, data.Test)
	if err != nil {
		return r, err
	}
	v, err := ScorePCA(p, data.Validation)
	if err != nil {
		return r, err
	}
	r.Validation = v.Metrics
	return r, nil
}

// ScorePCA measures a fitted PCA's reconstructions of test (see PCAMetrics).
func ScorePCA(p *pca.PCA, test *mnist.Set) (metrics.Result, error) {
	recon, err := p.Reconstruct(test.Images, test.Len())
	if err != nil {
		return metrics.Result{}, fmt.Errorf("PCA k=%d: %w", p.K(), err)
	}
	m, err := PCAMetrics(test.Images, recon, test.Dim())
	if err != nil {
		return metrics.Result{}, err
	}
	return metrics.Result{Model: "PCA", CodeSize: p.K(), Metrics: m, Parameters: (p.K() + 1) * p.NFeatures}, nil
}

// PCAMetrics scores PCA reconstructions the way the literature does: MSE, per-image
// squared error and PSNR on the raw reconstructions (as scikit-learn's inverse_transform
// gives them), and BCE — defined only for values in [0,1] — on the reconstructions clipped
// to [0,1]. d is the number of pixels per image.
func PCAMetrics(x, recon []float32, d int) (metrics.Summary, error) {
	m, err := metrics.Summarize(x, recon, d)
	if err != nil {
		return m, fmt.Errorf("PCA metrics: %w", err)
	}
	if m.BCE, err = metrics.BCE(x, analysis.Clip01(recon)); err != nil {
		return m, fmt.Errorf("PCA BCE: %w", err)
	}
	return m, nil
}

// chainEpochHooks calls a then b (either may be nil), stopping at the first error.
func chainEpochHooks(a, b func(training.EpochStats, training.History) error) func(training.EpochStats, training.History) error {
	return func(s training.EpochStats, h training.History) error {
		for _, f := range []func(training.EpochStats, training.History) error{a, b} {
			if f != nil {
				if err := f(s, h); err != nil {
					return err
				}
			}
		}
		return nil
	}
}

// ModelName is the row label of an autoencoder: its kind and layout, e.g.
// "autoencoder 784-32-784", "sparse autoencoder 784-32-784", "convolutional autoencoder
// 28x28x1-…", "linear autoencoder 784-2-784".
func ModelName(cfg model.Config) string {
	return Kind(cfg) + " " + cfg.Layout()
}

// Kind names the kind of autoencoder cfg describes, its options joined: "autoencoder",
// "convolutional autoencoder", "denoising sparse autoencoder", "variational autoencoder",
// "linear autoencoder", …
func Kind(cfg model.Config) string {
	kind := "autoencoder"
	if cfg.Architecture == model.Conv {
		kind = "convolutional " + kind
	}
	if cfg.Variational {
		kind = "variational " + kind
	}
	if cfg.Contractive > 0 {
		kind = "contractive " + kind
	}
	if cfg.Sparse != nil {
		kind = "sparse " + kind
	}
	if cfg.Denoise != nil {
		kind = "denoising " + kind
	}
	if cfg.Activation == model.Linear && cfg.OutputActivation == model.Linear {
		kind = "linear " + kind
	}
	return kind
}

// RunDir is the one run-folder rule: root/<data name>/<RunName(cfg)>. It fails, naming
// every problem, when cfg is not a valid configuration (see RunName).
func RunDir(root string, data Data, cfg model.Config) (string, error) {
	name, err := RunName(cfg)
	if err != nil {
		return "", err
	}
	return filepath.Join(root, data.Name, name), nil
}

// RunName names a configuration's run folder: its layout and a hash of its
// model.Config.Identity (the whole configuration but the number of epochs, which a finished
// run may be extended by, unless a learning-rate schedule depends on it), e.g.
// "784-32-784_3f9a1c2e". Configurations that differ in anything Fit depends on get
// different folders; the same configuration always gets the same one, so a sweep that
// meets an already trained model loads it. It validates cfg first: an invalid
// configuration gets no name, only the error listing its problems.
func RunName(cfg model.Config) (string, error) {
	if err := cfg.Validate(); err != nil {
		return "", fmt.Errorf("run name: %w", err)
	}
	raw, err := json.Marshal(cfg.Identity())
	if err != nil {
		return "", fmt.Errorf("run name of %s: the config does not marshal to JSON: %w", cfg.Layout(), err)
	}
	sum := sha256.Sum256(raw)
	return cfg.Layout() + "_" + hex.EncodeToString(sum[:4]), nil
}

// errNoCodes is returned by sweeps given no code sizes.
var errNoCodes = errors.New("no code sizes given")
