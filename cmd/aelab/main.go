// Command aelab runs the tutorial's autoencoder experiments from the command line and
// leaves a report (metrics.json, README.md and figures) in a run folder.
//
//	aelab demo                        # 784-32-784 autoencoder vs 32-component PCA on MNIST
//	aelab demo --epochs 5 --code 16   # any config field has a flag
//	aelab demo --kind conv            # dense, conv, sparse, contractive, denoising, variational
//	aelab demo --preset hinton2006    # the deep autoencoder of Hinton & Salakhutdinov (2006)
//	aelab compare --codes 2,8,16,32,64
//
// Running the same command again resumes an interrupted run from its last finished epoch.
// Bad flags print a message and exit with status 2.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/goautoencoders/autoencoders/aelib/backend"
)

// usageError marks errors caused by the command line: they exit with status 2.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

func main() {
	backend.SetCommandMemoryLimit() // a soft limit unless GOMEMLIMIT is set
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one aelab command and returns the process exit status: 0 on success,
// 1 when the run failed, 2 for a bad command line.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return 2
	}
	var err error
	switch args[0] {
	case "demo":
		err = runDemo(args[1:], stdout, stderr)
	case "compare":
		err = runCompare(args[1:], stdout, stderr)
	case "denoise":
		err = runDenoise(args[1:], stdout, stderr)
	case "anomaly":
		err = runAnomaly(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		printUsage(stdout)
		return 0
	default:
		err = usagef("unknown command %q", args[0])
	}
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "aelab %s: %s (run 'aelab %s -h' for the flags)\n", commandName(args), oneLine(err), commandName(args))
		return 2
	default:
		fmt.Fprintf(stderr, "aelab: %v\n", err)
		return 1
	}
}

// oneLine joins the lines of a message (errors.Join puts one problem on each) with "; ",
// so that a usage error is always one line.
func oneLine(err error) string {
	var lines []string
	for _, l := range strings.Split(err.Error(), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "; ")
}

// commandName is the command args name, or "help".
func commandName(args []string) string {
	if len(args) > 0 {
		switch args[0] {
		case "demo", "compare", "denoise", "anomaly":
			return args[0]
		}
	}
	return "help"
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `aelab: autoencoder experiments on MNIST, with PCA beside every result.

usage:
  aelab demo    [flags]   train an autoencoder and PCA at the same code size: the tutorial's
                          784-32-784 by default, --kind dense|conv|sparse|contractive|denoising|variational,
                          --preset hinton2006 for the deep 784-1000-500-250-30 model
  aelab compare [flags]   PCA vs the autoencoder at several code sizes (--codes 2,8,16,32,64)
  aelab denoise [flags]   a denoising autoencoder (--noise gaussian|salt_pepper|masking|watermark|lowres,
                          --noise-level) vs the plain one and PCA: PSNR at that level and across --levels
  aelab anomaly [flags]   one-class anomaly detection (Ruff et al. 2018): one model and one PCA per
                          normal class (--classes), ROC AUC of the other classes' test images
  aelab help              this text

Each command writes metrics.json, README.md and figures into its run folder
(runs/<data>/<layout>_<config hash>, or --run); running the same command again resumes an
interrupted run, or loads a finished one. Run 'aelab demo -h' (after --kind, if any) for flags.
`)
}
