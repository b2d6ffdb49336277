package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/goautoencoders/autoencoders/aelib/lab"
	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/plots"
	"github.com/goautoencoders/autoencoders/aelib/report"
)

// parseCompare parses and checks `aelab compare`'s command line: the shared flags and the
// code sizes.
func parseCompare(args []string, stderr io.Writer) (*common, []int, error) {
	var codesFlag *string
	c, fs, err := parseCommon("compare", "dense", args, stderr, func(fs *flag.FlagSet) {
		codesFlag = fs.String("codes", "2,8,16,32,64", "code sizes to compare, comma-separated (the model's --code is swept, not set)")
	})
	if err != nil {
		return nil, nil, err
	}
	if flagSet(fs, "code") {
		return nil, nil, usagef("--code: compare sweeps the code size: use --codes, not --code")
	}
	if c.cfg.Architecture == model.Conv {
		return nil, nil, usagef("--kind: compare sweeps the code size of dense models; a convolutional model's follows from its layers (use aelab demo --kind conv)")
	}
	if err := c.finish(fs); err != nil {
		return nil, nil, err
	}
	codes, err := parseInts("codes", *codesFlag)
	if err != nil {
		return nil, nil, err
	}
	if len(codes) == 0 {
		return nil, nil, usagef("--codes needs at least one code size")
	}
	for _, k := range codes {
		if k > c.cfg.InputDim {
			return nil, nil, usagef("--codes: %d is larger than the input (%d pixels)", k, c.cfg.InputDim)
		}
	}
	return c, codes, nil
}

// runCompare is `aelab compare`: PCA and the autoencoder at several code sizes.
func runCompare(args []string, stdout, stderr io.Writer) error {
	c, codes, err := parseCompare(args, stderr)
	if err != nil {
		return err
	}
	name, err := lab.RunName(c.cfg)
	if err != nil {
		return err
	}
	ses, err := c.start("compare", args, stdout, stderr)
	if err != nil {
		return err
	}
	if c.runDir != "" {
		ses.opts.Root = c.runDir
	}
	runDir := c.reportDir("compare", fmt.Sprintf("%s %v", name, codes))
	fmt.Fprintf(stdout, "report folder %s; models in %s\n", runDir, ses.opts.Root)
	rep := ses.report
	rep.Config = struct {
		Model model.Config `json:"model"`
		Codes []int        `json:"codes"`
	}{c.cfg, codes}
	results, err := lab.CompareCodes(ses.backend, []model.Config{c.cfg}, ses.data, codes, ses.opts, func(r metrics.Result) {
		fmt.Fprintf(stdout, "%-28s code %3d  test MSE %.5f  BCE %.4f\n", r.Model, r.CodeSize, r.Metrics.MSE, r.Metrics.BCE)
	})
	if err != nil {
		return err
	}
	rep.Results = results
	chart, err := plots.ErrorVsCodeSize(report.SeriesByModel(results, report.MetricMSE), "test MSE per pixel")
	if err != nil {
		return fmt.Errorf("error chart: %w", err)
	}
	rep.AddFigure("error_vs_code_size.png", chart)
	if err := rep.Write(runDir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%s\nreport: %s/README.md, metrics.json, error_vs_code_size.png\n",
		report.ResultsTable(results).Text(), runDir)
	return nil
}
