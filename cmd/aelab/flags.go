package main

import (
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/aelib/corrupt"
	"github.com/goautoencoders/autoencoders/aelib/lab"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/report"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

// common holds the flags every command shares.
type common struct {
	preset   string
	cfg      model.Config
	hidden   string
	filters  string
	noise    string
	level    float64
	sparse   model.Sparsity
	cosine   float64
	runDir   string
	root     string
	mnistDir string
	dataset  string
	data     mnist.Dataset
	trainN   int
	testN    int
	quiet    bool
	restart  bool
}

// presetFromArgs finds --kind or --preset among args (both name a preset; see
// model.Preset) before the flags are defined, so that every other flag defaults to that
// preset's value. The last one given wins; name is the command's default.
func presetFromArgs(args []string, name string) (string, error) {
	for i := 0; i < len(args); i++ {
		a := strings.TrimLeft(args[i], "-")
		if !strings.HasPrefix(args[i], "-") {
			continue
		}
		key, value, hasValue := strings.Cut(a, "=")
		if key != "kind" && key != "preset" {
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return "", usagef("--%s needs a value (one of %s)", key, strings.Join(model.PresetNames(), ", "))
			}
			value = args[i+1]
			i++
		}
		if _, ok := model.Preset(value); !ok {
			return "", usagef("--%s: unknown kind %q (want one of %s)", key, value, strings.Join(model.PresetNames(), ", "))
		}
		name = value
	}
	return name, nil
}

// addFlags registers one flag per config field, defaulting to the preset's values.
func (c *common) addFlags(fs *flag.FlagSet, preset string) {
	c.preset = preset
	c.cfg, _ = model.Preset(preset)
	cfg := &c.cfg
	fs.String("kind", preset, "the kind of autoencoder, a preset every other flag starts from: "+strings.Join(model.PresetNames(), ", "))
	fs.String("preset", preset, "same as --kind (e.g. --preset hinton2006, the deep autoencoder of Hinton & Salakhutdinov 2006)")
	fs.IntVar(&cfg.CodeSize, "code", cfg.CodeSize, "code size: units in the bottleneck (a convolutional model's follows from its layers)")
	fs.StringVar(&c.hidden, "hidden", joinInts(cfg.Hidden), "encoder hidden layer sizes, outermost first, e.g. 128,64 (decoder mirrors them)")
	fs.StringVar((*string)(&cfg.Activation), "activation", string(cfg.Activation), "activation of hidden and code layers: linear, relu, sigmoid, tanh, swish")
	fs.StringVar((*string)(&cfg.CodeActivation), "code-activation", string(cfg.CodeActivation), "activation of the code layer, when it differs from --activation")
	fs.StringVar((*string)(&cfg.OutputActivation), "output-activation", string(cfg.OutputActivation), "output activation: sigmoid or linear")
	fs.StringVar((*string)(&cfg.Loss), "loss", string(cfg.Loss), "loss: bce or mse")
	fs.StringVar((*string)(&cfg.Optimizer), "optimizer", string(cfg.Optimizer), "optimizer: adam or sgd")
	fs.Float64Var(&cfg.LearningRate, "lr", cfg.LearningRate, "learning rate")
	fs.Float64Var(&cfg.WeightDecay, "weight-decay", cfg.WeightDecay, "decoupled weight decay of Adam (AdamW); 0: none")
	fs.Float64Var(&c.cosine, "lr-cosine", cosineFactor(*cfg), "decay the learning rate along a cosine to this fraction of --lr by the last epoch (0: constant)")
	fs.Float64Var(&cfg.Dropout, "dropout", cfg.Dropout, "fraction of each dense hidden layer's units dropped in every training step; 0: none")
	fs.BoolVar(&cfg.Tied, "tied", cfg.Tied, "tied weights: each dense decoder layer uses the transpose of its mirror encoder layer's weights")
	fs.IntVar(&cfg.BatchSize, "batch", cfg.BatchSize, "batch size")
	fs.IntVar(&cfg.Epochs, "epochs", cfg.Epochs, "training epochs")
	fs.Int64Var(&cfg.Seed, "seed", cfg.Seed, "random seed for initialisation, shuffling, noise and samples")
	if cfg.Conv != nil {
		fs.StringVar(&c.filters, "filters", joinInts(cfg.Conv.Filters), "convolutional encoder: channels per level (each halves the image)")
		fs.IntVar(&cfg.Conv.Kernel, "kernel", cfg.Conv.Kernel, "convolution kernel size (odd)")
		fs.StringVar(&cfg.Conv.Down, "down", cfg.Conv.Down, "down-sampling: pool (2×2 max pooling) or stride (stride-2 convolution)")
		fs.StringVar(&cfg.Conv.Up, "up", cfg.Conv.Up, "up-sampling: nearest (then a convolution) or transposed (input-dilated convolution)")
	}
	sp := model.Sparsity{}
	if cfg.Sparse != nil {
		sp = *cfg.Sparse
	}
	fs.Float64Var(&c.sparse.L1, "sparse-l1", sp.L1, "sparse: weight of the L1 penalty on the code")
	fs.Float64Var(&c.sparse.Beta, "sparse-beta", sp.Beta, "sparse: weight β of the KL penalty towards a mean activation ρ (needs a sigmoid code)")
	fs.Float64Var(&c.sparse.Target, "sparse-target", sp.Target, "sparse: ρ, the target mean activation of the KL penalty")
	fs.Float64Var(&cfg.Contractive, "contractive", cfg.Contractive, "contractive: λ of the penalty λ·‖∂code/∂x‖²")
	noise := corrupt.Noise{}
	if cfg.Denoise != nil {
		noise = *cfg.Denoise
	}
	fs.StringVar(&c.noise, "noise", noise.Kind, "denoising: corrupt the training inputs with "+strings.Join(corrupt.NoiseKinds(), ", ")+" (empty: none)")
	fs.Float64Var(&c.level, "noise-level", noise.Level, "denoising: σ of gaussian noise, the fraction of pixels hit, a watermark's largest opacity, or the lowres factor")
	fs.BoolVar(&cfg.Variational, "variational", cfg.Variational, "variational: a Gaussian code (μ, log σ²), reconstruction + KL loss")
	fs.StringVar(&c.runDir, "run", "", "run folder for checkpoints and the report (default: the run-folder rule under --runs)")
	fs.StringVar(&c.root, "runs", "runs", "folder of run folders: <runs>/<data>/<layout>_<config hash>")
	fs.StringVar(&c.dataset, "dataset", "mnist", "data set: mnist or fashion (Fashion-MNIST, from the Debian package dataset-fashion-mnist, the user cache or a download)")
	fs.StringVar(&c.mnistDir, "mnist-dir", "", "folder with the data set's four files (default: $AELIB_MNIST_DIR or $AELIB_FASHION_MNIST_DIR, the user cache, the Go module cache or the system package)")
	fs.IntVar(&c.trainN, "train-n", 0, "use only the first N training images (0 = all 50000: the last 10000 of the 60000 are the validation set)")
	fs.IntVar(&c.testN, "test-n", 0, "use only the first N test images (0 = all 10000)")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress bar")
	fs.BoolVar(&c.restart, "restart", false, "move the run folder's checkpoints aside (nothing is deleted) and train from scratch")
}

// parseCommon parses the command line of command with its preset (from --kind or
// --preset, else preset) and the flags every command shares, plus those extra adds; it
// returns the checked flags. Nothing is loaded, named or opened.
func parseCommon(command, preset string, args []string, stderr io.Writer, extra func(*flag.FlagSet)) (*common, *flag.FlagSet, error) {
	preset, err := presetFromArgs(args, preset)
	if err != nil {
		return nil, nil, err
	}
	c := &common{}
	fs := newFlagSet(command, stderr)
	c.addFlags(fs, preset)
	if extra != nil {
		extra(fs)
	}
	if err := parse(fs, args); err != nil {
		return nil, nil, err
	}
	return c, fs, nil
}

// cosineFactor is the --lr-cosine default: the preset's schedule, or 0.
func cosineFactor(cfg model.Config) float64 {
	if cfg.Schedule != nil && cfg.Schedule.Cosine {
		return cfg.Schedule.MinFactor
	}
	return 0
}

// finish checks the flags after parsing — every number against the range its flag
// accepts, every flag that needs another — and completes and validates the config. It
// lists every problem it finds in one usage error, before anything is loaded, named or
// hashed.
func (c *common) finish(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return usagef("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	var errs []error
	var err error
	if c.data, err = mnist.ParseDataset(c.dataset); err != nil {
		errs = append(errs, fmt.Errorf("--dataset: %w", err))
	}
	if c.cfg.Hidden, err = parseInts("hidden", c.hidden); err != nil {
		errs = append(errs, err)
	}
	if c.cfg.Conv != nil {
		if c.cfg.Conv.Filters, err = parseInts("filters", c.filters); err != nil {
			errs = append(errs, err)
		}
	}
	errs = append(errs, c.checkNumbers(fs)...)
	errs = append(errs, c.checkNoise(fs)...)
	if len(errs) > 0 {
		return usageError{errors.Join(errs...)}
	}
	if c.cfg.Conv != nil && !flagSet(fs, "code") {
		c.cfg.CodeSize = c.cfg.ConvCodeSize()
	}
	c.cfg.Sparse = nil
	if c.sparse != (model.Sparsity{}) {
		s := c.sparse
		c.cfg.Sparse = &s
	}
	c.cfg.Denoise = nil
	if c.noise != "" {
		c.cfg.Denoise = &corrupt.Noise{Kind: c.noise, Level: c.level}
	}
	c.cfg.Schedule = nil
	if c.cosine != 0 {
		c.cfg.Schedule = &model.Schedule{Cosine: true, MinFactor: c.cosine}
	}
	if err := c.cfg.Validate(); err != nil {
		return usageError{err}
	}
	return nil
}

// numberRule is the range one numeric flag accepts: ok reports whether a value is in it,
// and want says what it is, for the error.
type numberRule struct {
	flag  string
	value float64
	ok    func(float64) bool
	want  string
}

// Ranges of numeric flags. NaN fails every one of them.
var (
	positive    = func(v float64) bool { return v > 0 && !math.IsInf(v, 0) }
	nonNegative = func(v float64) bool { return v >= 0 && !math.IsInf(v, 0) }
	atLeastOne  = func(v float64) bool { return v >= 1 }
	fraction    = func(v float64) bool { return v >= 0 && v <= 1 }
	dropRate    = func(v float64) bool { return v >= 0 && v < 1 }
	openUnit    = func(v float64) bool { return v > 0 && v < 1 }
	oddSize     = func(v float64) bool { return v >= 1 && math.Mod(v, 2) == 1 }
)

// checkNumbers checks every numeric flag against its range, and the flags that apply only
// with another one.
func (c *common) checkNumbers(fs *flag.FlagSet) []error {
	cfg := c.cfg
	rules := []numberRule{
		{"code", float64(cfg.CodeSize), atLeastOne, "the code size must be > 0"},
		{"lr", cfg.LearningRate, positive, "the learning rate must be a finite number > 0"},
		{"weight-decay", cfg.WeightDecay, nonNegative, "the weight decay must be a finite number ≥ 0"},
		{"lr-cosine", c.cosine, fraction, "the final fraction of the learning rate must be in [0, 1]"},
		{"dropout", cfg.Dropout, dropRate, "the fraction of units dropped must be in [0, 1)"},
		{"batch", float64(cfg.BatchSize), atLeastOne, "the batch size must be ≥ 1"},
		{"epochs", float64(cfg.Epochs), atLeastOne, "the number of epochs must be ≥ 1"},
		{"sparse-l1", c.sparse.L1, nonNegative, "the L1 weight must be a finite number ≥ 0"},
		{"sparse-beta", c.sparse.Beta, nonNegative, "the KL weight β must be a finite number ≥ 0"},
		{"contractive", cfg.Contractive, nonNegative, "λ must be a finite number ≥ 0"},
		{"train-n", float64(c.trainN), func(v float64) bool { return v >= 0 && v <= 50000 }, "the number of training images must be between 0 (all) and 50000 (the last 10000 of the 60000 are the validation set)"},
		{"test-n", float64(c.testN), func(v float64) bool { return v >= 0 && v <= 10000 }, "the number of test images must be between 0 (all) and 10000"},
	}
	if cfg.Conv != nil {
		rules = append(rules, numberRule{"kernel", float64(cfg.Conv.Kernel), oddSize, "the kernel must be an odd size ≥ 1"})
	}
	switch {
	case c.sparse.Beta > 0:
		rules = append(rules, numberRule{"sparse-target", c.sparse.Target, openUnit, "the KL target ρ must be in (0, 1)"})
	case flagSet(fs, "sparse-target"):
		return append(checkRules(rules), fmt.Errorf("--sparse-target applies only with --sparse-beta > 0 (it is the target of the KL penalty); set --sparse-beta or drop --sparse-target"))
	}
	return checkRules(rules)
}

// checkRules returns one error per flag out of its range, naming the flag and the value.
func checkRules(rules []numberRule) []error {
	var errs []error
	for _, r := range rules {
		if !r.ok(r.value) {
			errs = append(errs, fmt.Errorf("--%s: %s, got %v", r.flag, r.want, r.value))
		}
	}
	return errs
}

// checkNoise checks --noise and --noise-level: a known kind, a level in the kind's range
// that corrupts something, and no level without a kind.
func (c *common) checkNoise(fs *flag.FlagSet) []error {
	if c.noise == "" {
		if flagSet(fs, "noise-level") {
			return []error{fmt.Errorf("--noise-level applies only with --noise (the kind of training noise: %s); add --noise or drop --noise-level", strings.Join(corrupt.NoiseKinds(), ", "))}
		}
		return nil
	}
	if !slices.Contains(corrupt.NoiseKinds(), c.noise) {
		return []error{fmt.Errorf("--noise: unknown noise %q (want one of %s)", c.noise, strings.Join(corrupt.NoiseKinds(), ", "))}
	}
	n := corrupt.Noise{Kind: c.noise, Level: c.level}
	if err := n.Validate(); err != nil {
		return []error{fmt.Errorf("--noise-level: %w", err)}
	}
	if n.Level == 0 && n.Kind != corrupt.Grayscale {
		return []error{fmt.Errorf("--noise-level: %s noise of level 0 leaves the training inputs clean; give a level > 0, or drop --noise to train a plain autoencoder", n.Kind)}
	}
	return nil
}

// flagSet reports whether the command line set flag name.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// dataName names the data for the run-folder rule: "mnist" or "fashion-mnist", or with
// subsets "mnist-train2000-test500", so that runs on subsets never meet runs on all of it.
func (c *common) dataName() string {
	return lab.SplitName(string(c.data), mnist.TrainLen, mnist.TestLen, lab.Sizes{Train: c.trainN, Test: c.testN})
}

// loadData loads the data set and splits it as lab.Split does, with the subset flags.
func (c *common) loadData(log io.Writer) (lab.Data, string, error) {
	train, test, src, err := mnist.Load(mnist.Options{Dir: c.mnistDir, Dataset: c.data})
	if err != nil {
		return lab.Data{}, "", err
	}
	fmt.Fprintf(log, "%s from %s\n", c.data.Title(), src)
	data, err := lab.Split(string(c.data), train, test, lab.Sizes{Train: c.trainN, Test: c.testN})
	if err != nil {
		return lab.Data{}, "", fmt.Errorf("--train-n %d, --test-n %d: %w", c.trainN, c.testN, err)
	}
	desc := fmt.Sprintf("%s (%s): %s", c.data.Title(), src, data.Describe())
	return data, desc, nil
}

// parseInts parses a comma-separated list of positive integers.
func parseInts(name, s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var out []int
	for _, part := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil {
			return nil, usagef("--%s: %q is not a whole number", name, part)
		}
		if v < 1 {
			return nil, usagef("--%s: sizes must be ≥ 1, got %d", name, v)
		}
		out = append(out, v)
	}
	return out, nil
}

// parseFloats parses a comma-separated list of finite numbers ≥ 0.
func parseFloats(name, s string) ([]float64, error) {
	var out []float64
	for _, part := range strings.Split(strings.TrimSpace(s), ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			return nil, usagef("--%s: %q is not a number ≥ 0", name, part)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, usagef("--%s needs at least one value", name)
	}
	return out, nil
}

// joinInts joins whole numbers with commas, the inverse of parseInts.
func joinInts(v []int) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ",")
}

// newFlagSet makes a flag set that returns its errors instead of printing them or
// exiting: run prints each usage error as one line, and parse prints the flags for -h.
func newFlagSet(name string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("aelab "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fs.SetOutput(out)
		fmt.Fprintf(out, "usage: %s [flags]\n", fs.Name())
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses args, wrapping flag errors as usage errors that name the flag; for -h
// the flag set prints its flags (only then: its Usage is called for errors too).
func parse(fs *flag.FlagSet, args []string) error {
	usage := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		usage()
		return err
	}
	return usageError{flagError(err)}
}

// flagError rewrites the flag package's `invalid value "x" for flag -name: parse error`
// as `--name: invalid value "x" (parse error)`, so that every usage error starts with the
// flag it is about.
func flagError(err error) error {
	value, rest, ok := strings.Cut(err.Error(), " for flag -")
	if !ok || !strings.HasPrefix(value, "invalid value ") {
		return err
	}
	name, why, _ := strings.Cut(rest, ": ")
	return fmt.Errorf("--%s: %s (%s)", name, value, why)
}

// session is what every command sets up before it trains: the backend, the data, the
// report being filled, and the training options.
type session struct {
	backend compute.Backend
	data    lab.Data
	report  *report.Report
	opts    lab.Options
}

// start picks the backend and loads the data, printing one line for each.
func (c *common) start(command string, args []string, stdout, stderr io.Writer) (*session, error) {
	b, choice, err := backend.New()
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(stdout, choice)
	data, dataDesc, err := c.loadData(stdout)
	if err != nil {
		return nil, err
	}
	s := &session{backend: b, data: data, opts: lab.Options{Root: c.root}}
	s.report = report.New(command, append([]string{"aelab", command}, args...), choice)
	s.report.Data = dataDesc
	if !c.quiet {
		s.opts.Progress = stderr
	}
	s.opts.Restart = c.restart
	if afterEpoch != nil {
		s.opts.OnEpoch = func(st training.EpochStats, _ training.History) error {
			afterEpoch(st.Epoch)
			return nil
		}
	}
	return s, nil
}

// afterEpoch, when set (by tests only), is called after every epoch trained.
var afterEpoch func(epoch int)

// reportDir is where a command that trains several models writes its report: --run, or
// <runs>/<data>/<command>-<hash of what makes the comparison>.
func (c *common) reportDir(command string, id string) string {
	if c.runDir != "" {
		return c.runDir
	}
	sum := sha256.Sum256([]byte(id))
	return filepath.Join(c.root, c.dataName(), fmt.Sprintf("%s-%x", command, sum[:4]))
}
