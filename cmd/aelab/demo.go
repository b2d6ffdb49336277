package main

import (
	"fmt"
	"io"

	"github.com/goautoencoders/autoencoders/aelib/experiment"
	"github.com/goautoencoders/autoencoders/aelib/report"
)

// runDemo is `aelab demo`: the tutorial's autoencoder and PCA at the same code size.
func runDemo(args []string, stdout, stderr io.Writer) error {
	var c common
	fs := newFlagSet("demo", stderr)
	c.addFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := c.finish(fs); err != nil {
		return err
	}
	ses, err := c.start("demo", args, nil, stdout, stderr)
	if err != nil {
		return err
	}
	rep, runDir := ses.report, ses.runDir
	rep.Config = c.cfg
	demo, err := experiment.RunDemo(ses.backend, ses.train, ses.test, experiment.DemoOptions{Config: c.cfg, Fit: ses.fit, Log: stdout})
	if err != nil {
		return err
	}
	rep.Results = demo.Results
	h := demo.History
	rep.History = &h
	if err := addDemoFigures(rep, demo); err != nil {
		return err
	}
	if err := rep.Write(runDir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%s\ncompression factor %.1f (784 pixels → %d numbers)\nreport: %s/README.md, metrics.json, %d figures\n",
		experiment.ResultsTable(demo.Results).Text(), c.cfg.CompressionFactor(), c.cfg.CodeSize, runDir, len(rep.Figures))
	return nil
}

// addDemoFigures adds the tutorial's figures: originals over reconstructions, the loss
// curves, and the codes of ten test digits as a heat map.
func addDemoFigures(rep *report.Report, demo *experiment.Demo) error {
	grid, err := demo.ReconstructionGrid(10)
	if err != nil {
		return fmt.Errorf("reconstruction figure: %w", err)
	}
	rep.AddFigure("reconstructions.png", grid)
	loss, err := experiment.LossFigure(fmt.Sprintf("%s loss per epoch", demo.Autoencoder.Config().Loss), demo.History)
	if err != nil {
		return fmt.Errorf("loss figure: %w", err)
	}
	rep.AddFigure("loss.png", loss)
	heat, err := demo.CodeHeatmap(10)
	if err != nil {
		return fmt.Errorf("code heat map: %w", err)
	}
	rep.AddFigure("codes.png", heat)
	return nil
}
