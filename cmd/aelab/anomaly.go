package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/lab"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/report"
)

// parseAnomaly parses and checks `aelab anomaly`'s command line: the shared flags, the
// normal classes and the number of PCA components.
func parseAnomaly(args []string, stderr io.Writer) (c *common, classes []uint8, pcaK int, err error) {
	var classesFlag *string
	var pcaFlag *int
	c, fs, err := parseCommon("anomaly", "dense", args, stderr, func(fs *flag.FlagSet) {
		classesFlag = fs.String("classes", "0,1,2,3,4,5,6,7,8,9", "normal classes, one model each, comma-separated")
		pcaFlag = fs.Int("pca", 0, "PCA components (0: the model's code size)")
	})
	if err != nil {
		return nil, nil, 0, err
	}
	if err := c.finish(fs); err != nil {
		return nil, nil, 0, err
	}
	if classes, err = parseClasses(*classesFlag); err != nil {
		return nil, nil, 0, err
	}
	if *pcaFlag < 0 || *pcaFlag > c.cfg.InputDim {
		return nil, nil, 0, usagef("--pca must be between 0 and %d, got %d", c.cfg.InputDim, *pcaFlag)
	}
	return c, classes, *pcaFlag, nil
}

// runAnomaly is `aelab anomaly`: the one-class protocol of Ruff et al. (ICML 2018) — for each
// class, a model and PCA fitted on that class alone, every test image scored by its
// reconstruction error, ROC AUC of the other classes against it — with Deep SVDD's published
// MNIST AUCs beside ours.
func runAnomaly(args []string, stdout, stderr io.Writer) error {
	c, classes, pcaK, err := parseAnomaly(args, stderr)
	if err != nil {
		return err
	}
	name, err := lab.RunName(c.cfg)
	if err != nil {
		return err
	}
	ses, err := c.start("anomaly", args, stdout, stderr)
	if err != nil {
		return err
	}
	runDir := c.reportDir("anomaly", fmt.Sprintf("%s %v %d", name, classes, pcaK))
	fmt.Fprintf(stdout, "report folder %s; models in %s\n", runDir, ses.opts.Root)
	rows, err := lab.OneClass(ses.backend, c.cfg, ses.data, lab.OneClassOptions{
		Classes: classes, PCAComponents: pcaK, Train: ses.opts,
	})
	if err != nil {
		return err
	}
	rep := ses.report
	rep.Config = c.cfg
	rep.Extra = map[string]float64{}
	for _, r := range rows {
		rep.Extra[fmt.Sprintf("AUC class %d, autoencoder", r.Class)] = r.Autoencoder
		rep.Extra[fmt.Sprintf("AUC class %d, PCA", r.Class)] = r.PCA
	}
	aeMean, pcaMean := analysis.MeanAUC(rows)
	rep.Extra["mean AUC, autoencoder"], rep.Extra["mean AUC, PCA"] = aeMean, pcaMean
	t, err := report.OneClassTable(rows, c.data == mnist.MNIST)
	if err != nil {
		return err
	}
	rep.Tables = append(rep.Tables, report.NamedTable{Title: "one-class ROC AUC (%), test images of the other classes against the normal class", Table: t})
	if err := rep.Write(runDir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%s\nmean AUC: autoencoder %.1f%%, PCA %.1f%%\nreport: %s/README.md, metrics.json\n",
		t.Text(), 100*aeMean, 100*pcaMean, runDir)
	return nil
}

// parseClasses parses a comma-separated list of class labels 0–9.
func parseClasses(s string) ([]uint8, error) {
	var out []uint8
	for _, part := range strings.Split(s, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || c < 0 || c > 9 {
			return nil, usagef("--classes: %q is not a class (0–9)", part)
		}
		out = append(out, uint8(c))
	}
	return out, nil
}
