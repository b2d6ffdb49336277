// Command nbreport writes reports/index.html: one row per executed notebook (mode, backend,
// commit, date, run time and headline numbers read from its outputs, linking to its HTML
// rendering) and one row per aelab run report found under runs/ (copied into
// reports/runs/, one page each). See package
// github.com/goautoencoders/autoencoders/aelib/reportsite for where each number comes from.
//
// Usage:
//
//	go run ./cmd/nbreport [-out reports] [-runs runs] [-headlines notebooks/headlines.json] [-strict] [NOTEBOOK.ipynb...]
//
// With no notebooks it reads every OUT/*.ipynb. Headline patterns come from each notebook's
// metadata ("nbreport": {"headlines": [...]}), else from the -headlines side file. The page
// is written even when something is missing; -strict then exits 1 (a headline pattern that
// matches nothing, a notebook without header or HTML, a run report that does not parse).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/reportsite"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command and returns its exit code: 0 written, 1 written with problems
// under -strict or not written, 2 usage error.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("nbreport", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "reports", "`folder` with the executed notebooks; index.html and runs/ are written there")
	runs := fs.String("runs", "runs", "`folder` searched for aelab run reports (folders with metrics.json and README.md); \"\" for none")
	headlines := fs.String("headlines", "notebooks/headlines.json", "side `file` of headline patterns for notebooks whose metadata has none (\"\" for none; a missing default is ignored)")
	strict := fs.Bool("strict", false, "exit 1 when any headline, header, HTML rendering or run report is missing")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: nbreport [flags] [NOTEBOOK.ipynb...]")
		fmt.Fprintln(fs.Output(), "Writes OUT/index.html over the executed notebooks (default: OUT/*.ipynb) and the aelab runs.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}

	var specs map[string]reportsite.Spec
	if *headlines != "" {
		s, err := reportsite.LoadSpecs(*headlines)
		switch {
		case err == nil:
			specs = s
		case errors.Is(err, os.ErrNotExist) && !flagSet(fs, "headlines"):
			// The default side file is optional.
		default:
			fmt.Fprintf(stderr, "nbreport: %v\n", err)
			return 2
		}
	}

	notebooks := fs.Args()
	if len(notebooks) == 0 {
		found, err := filepath.Glob(filepath.Join(*out, "*.ipynb"))
		if err != nil {
			fmt.Fprintf(stderr, "nbreport: %v\n", err)
			return 2
		}
		sort.Strings(found)
		notebooks = found
	}
	site := reportsite.Site{Generated: time.Now()}
	for _, nb := range notebooks {
		site.Notebooks = append(site.Notebooks, reportsite.ReadNotebook(nb, specs, *out))
	}
	if *runs != "" {
		r, err := reportsite.FindRuns(*runs)
		if err != nil {
			fmt.Fprintf(stderr, "nbreport: %v\n", err)
			return 1
		}
		site.Runs = r
	}
	index, err := site.Write(*out)
	if err != nil {
		fmt.Fprintf(stderr, "nbreport: %v\n", err)
		return 1
	}
	problems := site.Problems()
	fmt.Fprintf(stdout, "nbreport: wrote %s: %d notebook(s), %d run report(s), %d problem(s)\n", index, len(site.Notebooks), len(site.Runs), len(problems))
	for _, p := range problems {
		fmt.Fprintf(stderr, "nbreport: %s\n", p)
	}
	if *strict && len(problems) > 0 {
		fmt.Fprintf(stderr, "nbreport: -strict: %d problem(s) (the page lists them too)\n", len(problems))
		return 1
	}
	return 0
}

// flagSet reports whether the flag was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}
