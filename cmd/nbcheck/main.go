// Command nbcheck validates executed notebooks (as written by scripts/run-notebooks.sh
// into reports/) and exits non-zero when any of them fails; see package
// github.com/goautoencoders/autoencoders/aelib/notebookcheck for the checks.
//
// Usage:
//
//	go run ./cmd/nbcheck [-contains TEXT]... reports/*.ipynb
//
// Each -contains TEXT must appear in the outputs of every notebook checked; requirements
// specific to one notebook go in that notebook's metadata ("nbcheck": {"must_contain": [...]}).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/goautoencoders/autoencoders/aelib/notebookcheck"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command with the given arguments and returns the process exit code:
// 0 when all notebooks pass, 1 when any fails, 2 on usage errors.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("nbcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var requirements notebookcheck.Requirements
	fs.Func("contains", "`text` that must appear in the outputs of every notebook (repeatable)", func(s string) error {
		requirements.MustContain = append(requirements.MustContain, s)
		return nil
	})
	fs.BoolVar(&requirements.ProseNumbers, "prose-numbers", false, "also require every number in the markdown cells to appear in an output (or in a > quote / <cite>)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: nbcheck [-contains TEXT]... NOTEBOOK.ipynb...")
		fmt.Fprintln(fs.Output(), "Checks executed notebooks: no error outputs, every code cell executed, at least one image,")
		fmt.Fprintln(fs.Output(), "and the required texts (flags plus the notebook's metadata nbcheck.must_contain) present.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "nbcheck: no notebooks given")
		fs.Usage()
		return 2
	}

	failed := 0
	for _, path := range fs.Args() {
		if err := notebookcheck.Check(path, requirements); err != nil {
			failed++
			fmt.Fprintf(stderr, "FAIL %v\n", err)
			continue
		}
		fmt.Fprintf(stdout, "ok   %s\n", path)
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "nbcheck: %d of %d notebook(s) failed\n", failed, fs.NArg())
		return 1
	}
	return 0
}
