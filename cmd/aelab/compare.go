package main

import (
	"fmt"
	"io"

	"github.com/goautoencoders/autoencoders/aelib/experiment"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/plots"
)

// runCompare is `aelab compare`: PCA and the autoencoder at several code sizes.
func runCompare(args []string, stdout, stderr io.Writer) error {
	var c common
	fs := newFlagSet("compare", stderr)
	c.addFlags(fs)
	codesFlag := fs.String("codes", "2,8,16,32,64", "code sizes to compare, comma-separated")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := c.finish(fs); err != nil {
		return err
	}
	codes, err := parseInts("codes", *codesFlag)
	if err != nil {
		return err
	}
	if len(codes) == 0 {
		return usagef("--codes needs at least one code size")
	}
	for _, k := range codes {
		if k > c.cfg.InputDim {
			return usagef("--codes: %d is larger than the input (%d pixels)", k, c.cfg.InputDim)
		}
	}
	ses, err := c.start("compare", args, codes, stdout, stderr)
	if err != nil {
		return err
	}
	rep, runDir := ses.report, ses.runDir
	rep.Config = struct {
		Model model.Config `json:"model"`
		Codes []int        `json:"codes"`
	}{c.cfg, codes}
	results, err := experiment.CompareCodeSizes(ses.backend, ses.train, ses.test, codes, experiment.CompareOptions{
		Models: []model.Config{c.cfg},
		Fit:    ses.fit,
		OnResult: func(r experiment.Result) {
			fmt.Fprintf(stdout, "%-28s code %3d  test MSE %.5f  BCE %.4f\n", r.Model, r.CodeSize, r.Metrics.MSE, r.Metrics.BCE)
		},
	})
	if err != nil {
		return err
	}
	rep.Results = results
	chart, err := plots.ErrorVsCodeSize(experiment.SeriesByModel(results, experiment.MetricMSE), "test MSE per pixel")
	if err != nil {
		return fmt.Errorf("error chart: %w", err)
	}
	rep.AddFigure("error_vs_code_size.png", chart)
	if err := rep.Write(runDir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%s\nreport: %s/README.md, metrics.json, error_vs_code_size.png\n",
		experiment.ResultsTable(results).Text(), runDir)
	return nil
}
