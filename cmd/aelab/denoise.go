package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/goautoencoders/autoencoders/aelib/corrupt"
	"github.com/goautoencoders/autoencoders/aelib/lab"
	"github.com/goautoencoders/autoencoders/aelib/report"
)

// parseDenoise parses and checks `aelab denoise`'s command line: the shared flags, with a
// training noise, and the levels of the PSNR curve, each one valid for the noise's kind.
func parseDenoise(args []string, stderr io.Writer) (*common, []float64, error) {
	var levelsFlag *string
	c, fs, err := parseCommon("denoise", "denoising", args, stderr, func(fs *flag.FlagSet) {
		levelsFlag = fs.String("levels", "", "noise levels of the PSNR curve, comma-separated (default: 0.1,…,0.8; 0.2,…,1 for watermarks; 2,4 for lowres)")
	})
	if err != nil {
		return nil, nil, err
	}
	if err := c.finish(fs); err != nil {
		return nil, nil, err
	}
	if c.cfg.Denoise == nil {
		return nil, nil, usagef("--noise: denoise needs a training noise: --noise gaussian|salt_pepper|masking|… and --noise-level")
	}
	levels, err := parseFloats("levels", levelsOrDefault(*levelsFlag, c.cfg.Denoise.Kind))
	if err != nil {
		return nil, nil, err
	}
	for _, l := range levels {
		if err := (corrupt.Noise{Kind: c.cfg.Denoise.Kind, Level: l}).Validate(); err != nil {
			return nil, nil, usagef("--levels: %v is not a level of %s noise: %v", l, c.cfg.Denoise.Kind, err)
		}
	}
	return c, levels, nil
}

// runDenoise is `aelab denoise`: a denoising autoencoder, the same model trained on clean
// digits, and PCA, each cleaning the same corrupted test digits (PSNR), at the training
// noise level and across --levels.
func runDenoise(args []string, stdout, stderr io.Writer) error {
	c, levels, err := parseDenoise(args, stderr)
	if err != nil {
		return err
	}
	name, err := lab.RunName(c.cfg)
	if err != nil {
		return err
	}
	ses, err := c.start("denoise", args, stdout, stderr)
	if err != nil {
		return err
	}
	noise := *c.cfg.Denoise
	runDir := c.reportDir("denoise", fmt.Sprintf("%s %v", name, levels))
	fmt.Fprintf(stdout, "report folder %s; models in %s\n", runDir, ses.opts.Root)
	d, err := lab.CompareDenoisers(ses.backend, c.cfg, ses.data, ses.opts, levels...)
	if err != nil {
		return err
	}
	r, clean := d.Restoration, ses.data.Test.Images
	rep := ses.report
	rep.Config = c.cfg
	rep.Results = d.Results
	rep.Extra = map[string]float64{}
	for i, m := range r.Methods {
		rep.Extra[fmt.Sprintf("PSNR dB, %s, %s", noise, m)] = r.PSNR[i]
	}
	if err := addRestorationFigures(rep, clean, d, noise.Kind); err != nil {
		return err
	}
	if err := rep.Write(runDir); err != nil {
		return err
	}
	t, err := report.PSNRTable(r)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%s\nreport: %s/README.md, metrics.json, restorations.png, psnr_vs_level.png\n", t.Text(), runDir)
	return nil
}

// addRestorationFigures adds rows clean / corrupted / each method for eight test digits,
// and the PSNR of every method against the noise level.
func addRestorationFigures(rep *report.Report, clean []float32, d lab.Denoising, kind string) error {
	r := d.Restoration
	grid, err := report.RestorationGrid(clean, r, 8)
	if err != nil {
		return fmt.Errorf("restoration figure: %w", err)
	}
	rep.AddFigure("restorations.png", grid)
	chart, err := report.Curves("PSNR against the clean digits", kind+" noise level", "PSNR dB", d.Levels, r.Methods, d.Curve)
	if err != nil {
		return fmt.Errorf("PSNR chart: %w", err)
	}
	rep.AddFigure("psnr_vs_level.png", chart)
	return nil
}

// levelsOrDefault is the --levels value, or the default levels of the noise kind.
func levelsOrDefault(flagValue, kind string) string {
	switch {
	case flagValue != "":
		return flagValue
	case kind == corrupt.LowRes:
		return "2,4"
	case kind == corrupt.Watermarked || kind == corrupt.WatermarkedLogo:
		return "0.2,0.4,0.6,0.8,1"
	}
	return "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8"
}
