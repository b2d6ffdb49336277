package main

import (
	"fmt"
	"io"

	"github.com/goautoencoders/autoencoders/aelib/lab"
	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/report"
	"github.com/goautoencoders/autoencoders/aelib/training"
)

// parseDemo parses and checks `aelab demo`'s command line.
func parseDemo(args []string, stderr io.Writer) (*common, error) {
	c, fs, err := parseCommon("demo", "dense", args, stderr, nil)
	if err != nil {
		return nil, err
	}
	if err := c.finish(fs); err != nil {
		return nil, err
	}
	return c, nil
}

// runDemo is `aelab demo`: one autoencoder of a chosen kind and PCA at the same code size.
func runDemo(args []string, stdout, stderr io.Writer) error {
	c, err := parseDemo(args, stderr)
	if err != nil {
		return err
	}
	ses, err := c.start("demo", args, stdout, stderr)
	if err != nil {
		return err
	}
	cfg := c.cfg
	runDir := c.runDir
	if runDir != "" {
		ses.opts.Dir = runDir
	} else if runDir, err = lab.RunDir(c.root, ses.data, cfg); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "run folder %s\n", runDir)
	fmt.Fprintln(stdout, trainingLine(runDir, cfg, ses.data))
	ae, aeRow, err := lab.Train(ses.backend, cfg, ses.data, ses.opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "fitting PCA with %d components on %d images\n", cfg.CodeSize, ses.data.Train.Len())
	p, pcaRow, err := lab.PCA(ses.data, cfg.CodeSize)
	if err != nil {
		return err
	}
	rep := ses.report
	rep.Config = cfg
	rep.Results = []metrics.Result{aeRow, pcaRow}
	h := ae.History()
	rep.History = &h
	if cfg.Variational && cfg.Loss == model.BCE {
		if rep.Extra, err = variationalBounds(ae, ses.data); err != nil {
			return err
		}
	}
	test := ses.data.Test.Images
	aeRecon, err := ae.Reconstruct(test[:10*784])
	if err != nil {
		return err
	}
	pcaRecon, err := p.Reconstruct(test[:10*784], 10)
	if err != nil {
		return err
	}
	if err := addDemoFigures(rep, ae, test, aeRecon, pcaRecon); err != nil {
		return err
	}
	if err := rep.Write(runDir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%s\n", report.ResultsTable(rep.Results).Text())
	for _, k := range []string{"test ELBO (nats per image)", "test log-likelihood bound, k=64 (nats per image)"} {
		if v, ok := rep.Extra[k]; ok {
			fmt.Fprintf(stdout, "%s: %.2f\n", k, v)
		}
	}
	fmt.Fprintf(stdout, "%s, %d parameters; compression factor %.1f (784 pixels → %d numbers)\nreport: %s/README.md, metrics.json, %d figures\n",
		lab.Kind(cfg), ae.NumParameters(), cfg.CompressionFactor(), cfg.CodeSize, runDir, len(rep.Figures))
	return nil
}

// trainingLine says what the run will do: train from scratch, resume after the last
// finished epoch, or only load a finished run — saying so in the same line when that run
// has more epochs than asked for, or stopped short of the epochs it was asked for.
func trainingLine(runDir string, cfg model.Config, data lab.Data) string {
	what := fmt.Sprintf("%s %s on %d images, validating on %d", lab.Kind(cfg), cfg.Layout(), data.Train.Len(), data.Validation.Len())
	run := &training.Run{Dir: runDir}
	_, h, err := run.Latest()
	switch {
	case err != nil || h.Len() == 0:
		return fmt.Sprintf("training %s for %d epochs", what, cfg.Epochs)
	case h.Len() < cfg.Epochs:
		return fmt.Sprintf("resuming %s after epoch %d of %d", what, h.Len(), cfg.Epochs)
	}
	asked, _ := run.AskedEpochs()
	return fmt.Sprintf("loading the finished run (%s) of %s; nothing to train", finishedEpochs(h.Len(), cfg.Epochs, asked), what)
}

// finishedEpochs describes the epochs of a run that is loaded, not trained: have epochs
// trained, want asked for now, asked recorded by the run's own training (0: unknown).
func finishedEpochs(have, want, asked int) string {
	s := fmt.Sprintf("%d epochs", have)
	if have > want {
		s += fmt.Sprintf(", %d more than the %d asked for: pick another --run folder for a %d-epoch model", have-want, want, want)
	}
	if asked > have {
		s += fmt.Sprintf("; its own training stopped at %d of the %d epochs it was asked for", have, asked)
	}
	return s
}

// variationalBounds are a variational autoencoder's test-set ELBO and importance-weighted
// bound with 64 samples (on the first 2,000 test images), in nats per image.
func variationalBounds(ae *model.Autoencoder, data lab.Data) (map[string]float64, error) {
	x := data.Test.Images[:min(data.Test.Len(), 2000)*784]
	elbo, err := ae.LogLikelihoodBound(x, 1, 1)
	if err != nil {
		return nil, err
	}
	iw, err := ae.LogLikelihoodBound(x, 64, 1)
	if err != nil {
		return nil, err
	}
	return map[string]float64{"test ELBO (nats per image)": elbo, "test log-likelihood bound, k=64 (nats per image)": iw}, nil
}

// addDemoFigures adds the tutorial's figures: originals over reconstructions, the loss
// curves, and the codes of ten test digits as a heat map.
func addDemoFigures(rep *report.Report, ae *model.Autoencoder, test, aeRecon, pcaRecon []float32) error {
	grid, err := report.ReconstructionGrid(test, 10, []string{"autoencoder", "PCA"}, aeRecon, pcaRecon)
	if err != nil {
		return fmt.Errorf("reconstruction figure: %w", err)
	}
	rep.AddFigure("reconstructions.png", grid)
	loss, err := report.LossFigure(fmt.Sprintf("%s loss per epoch", ae.Config().Loss), ae.History())
	if err != nil {
		return fmt.Errorf("loss figure: %w", err)
	}
	rep.AddFigure("loss.png", loss)
	codes, err := ae.Encode(test[:10*784])
	if err != nil {
		return err
	}
	k := ae.Config().CodeSize
	heat, err := report.CodeHeatmap(codes, k, 10, fmt.Sprintf("the %d-number codes of the first 10 test digits", k))
	if err != nil {
		return fmt.Errorf("code heat map: %w", err)
	}
	rep.AddFigure("codes.png", heat)
	return nil
}
