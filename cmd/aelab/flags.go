package main

import (
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/report"
)

// common holds the flags every command shares.
type common struct {
	cfg      model.Config
	hidden   string
	runDir   string
	mnistDir string
	trainN   int
	testN    int
	quiet    bool
}

// addFlags registers one flag per config field, defaulting to the tutorial's model.
func (c *common) addFlags(fs *flag.FlagSet) {
	c.cfg = model.Tutorial()
	fs.IntVar(&c.cfg.CodeSize, "code", c.cfg.CodeSize, "code size: units in the bottleneck")
	fs.StringVar(&c.hidden, "hidden", "", "encoder hidden layer sizes, outermost first, e.g. 128,64 (decoder mirrors them)")
	fs.StringVar((*string)(&c.cfg.Activation), "activation", string(c.cfg.Activation), "activation of hidden and code layers: linear, relu, sigmoid, tanh, swish")
	fs.StringVar((*string)(&c.cfg.OutputActivation), "output-activation", string(c.cfg.OutputActivation), "output activation: sigmoid or linear")
	fs.StringVar((*string)(&c.cfg.Loss), "loss", string(c.cfg.Loss), "loss: bce or mse")
	fs.StringVar((*string)(&c.cfg.Optimizer), "optimizer", string(c.cfg.Optimizer), "optimizer: adam or sgd")
	fs.Float64Var(&c.cfg.LearningRate, "lr", c.cfg.LearningRate, "learning rate")
	fs.IntVar(&c.cfg.BatchSize, "batch", c.cfg.BatchSize, "batch size")
	fs.IntVar(&c.cfg.Epochs, "epochs", c.cfg.Epochs, "training epochs")
	fs.Int64Var(&c.cfg.Seed, "seed", c.cfg.Seed, "random seed for initialisation and shuffling")
	fs.StringVar(&c.runDir, "run", "", "run folder for checkpoints and the report (default runs/<command>-<config hash>)")
	fs.StringVar(&c.mnistDir, "mnist-dir", "", "folder with the four MNIST .gz files (default: $AELIB_MNIST_DIR, the user cache, the Go module cache)")
	fs.IntVar(&c.trainN, "train-n", 0, "use only the first N training images (0 = all 60000)")
	fs.IntVar(&c.testN, "test-n", 0, "use only the first N test images (0 = all 10000)")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress bar")
}

// finish validates the flags after parsing.
func (c *common) finish(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return usagef("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	hidden, err := parseInts("hidden", c.hidden)
	if err != nil {
		return err
	}
	c.cfg.Hidden = hidden
	if err := c.cfg.Validate(); err != nil {
		return usageError{err}
	}
	if c.trainN < 0 || c.trainN > 60000 {
		return usagef("--train-n must be between 0 and 60000, got %d", c.trainN)
	}
	if c.testN < 0 || c.testN > 10000 {
		return usagef("--test-n must be between 0 and 10000, got %d", c.testN)
	}
	return nil
}

// defaultRunDir names a run folder after the command and a hash of everything that makes
// the run what it is (config and data sizes, not the epoch count), so that the same
// command resumes its own folder and another command never collides with it.
func (c *common) defaultRunDir(command string, extra any) string {
	if c.runDir != "" {
		return c.runDir
	}
	id := c.cfg
	id.Epochs = 0
	data, _ := json.Marshal(struct {
		Config model.Config
		TrainN int
		TestN  int
		Extra  any
	}{id, c.trainN, c.testN, extra})
	sum := sha256.Sum256(data)
	return fmt.Sprintf("runs/%s-%x", command, sum[:4])
}

// loadData loads MNIST and applies the subset flags.
func (c *common) loadData(log io.Writer) (train, test *mnist.Set, desc string, err error) {
	train, test, src, err := mnist.Load(mnist.Options{Dir: c.mnistDir})
	if err != nil {
		return nil, nil, "", err
	}
	fmt.Fprintf(log, "MNIST from %s\n", src)
	if c.trainN > 0 {
		if train, err = train.Subset(c.trainN); err != nil {
			return nil, nil, "", err
		}
	}
	if c.testN > 0 {
		if test, err = test.Subset(c.testN); err != nil {
			return nil, nil, "", err
		}
	}
	desc = fmt.Sprintf("MNIST (%s): %d training images, %d test images", src, train.Len(), test.Len())
	return train, test, desc, nil
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

// newFlagSet makes a flag set that reports errors instead of exiting.
func newFlagSet(name string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("aelab "+name, flag.ContinueOnError)
	fs.SetOutput(out)
	return fs
}

// parse parses args, wrapping flag errors as usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{err}
	}
	return nil
}

// session is what every command sets up before it trains: the backend, the data, the run
// folder, the report being filled, and the Fit options.
type session struct {
	backend     compute.Backend
	train, test *mnist.Set
	runDir      string
	report      *report.Report
	fit         model.FitOptions
}

// start picks the backend, loads the data and names the run folder, printing one line for
// each; extra distinguishes run folders of the same command (e.g. the code sizes).
func (c *common) start(command string, args []string, extra any, stdout, stderr io.Writer) (*session, error) {
	b, choice, err := backend.New()
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(stdout, choice)
	train, test, dataDesc, err := c.loadData(stdout)
	if err != nil {
		return nil, err
	}
	s := &session{backend: b, train: train, test: test, runDir: c.defaultRunDir(command, extra)}
	fmt.Fprintf(stdout, "run folder %s\n", s.runDir)
	s.report = report.New(command, append([]string{"aelab", command}, args...), choice)
	s.report.Data = dataDesc
	s.fit = model.FitOptions{RunDir: s.runDir}
	if !c.quiet {
		s.fit.Progress = stderr
	}
	return s, nil
}
