package experiment

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/atomicfile"

	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/pca"
)

// savedPCA is the file format of CachedPCA.
type savedPCA struct {
	PCA *pca.PCA
	// Seconds is how long the original fit took.
	Seconds float64
}

// CachedPCA returns PCA with k components fitted on train, and the seconds the fit took.
// When path holds a PCA saved by an earlier call (an earlier notebook cell) with at least k
// components, fitted on as many images of 784 pixels, it is loaded and truncated to k
// components instead of fitted again (with the exact solver, which pca.Fit uses on the
// full MNIST training set, these are the axes a fit with k would give); otherwise the fit
// is saved to path. The file does not record which images
// were used: give every training set its own path, in a folder that starts empty.
func CachedPCA(path string, train *mnist.Set, k int) (*pca.PCA, float64, error) {
	if train == nil || train.Len() == 0 {
		return nil, 0, errors.New("cached PCA: empty training set")
	}
	if k < 1 || k > mnist.Pixels {
		return nil, 0, fmt.Errorf("cached PCA: %d components out of range 1..%d", k, mnist.Pixels)
	}
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		var saved savedPCA
		if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&saved); err != nil {
			return nil, 0, fmt.Errorf("cached PCA %s: %w", path, err)
		}
		p := saved.PCA
		if p != nil && p.NSamples == train.Len() && p.NFeatures == mnist.Pixels && p.K() >= k {
			if p.K() > k {
				if p, err = p.Truncate(k); err != nil {
					return nil, 0, fmt.Errorf("cached PCA %s: %w", path, err)
				}
			}
			return p, saved.Seconds, nil
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, 0, fmt.Errorf("cached PCA: %w", err)
	}
	start := time.Now()
	p, err := pca.Fit(train.Images, train.Len(), mnist.Pixels, k)
	if err != nil {
		return nil, 0, fmt.Errorf("cached PCA: %w", err)
	}
	secs := time.Since(start).Seconds()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(savedPCA{PCA: p, Seconds: secs}); err != nil {
		return nil, 0, fmt.Errorf("cached PCA: encode: %w", err)
	}
	if err := atomicfile.Write(path, buf.Bytes()); err != nil {
		return nil, 0, fmt.Errorf("cached PCA: %w", err)
	}
	return p, secs, nil
}

// PCAResults scores the first k components of the fitted PCA p on test for every k in
// codes, in order: rows named "PCA", scored as PCAMetrics does, with fitSeconds as their
// fitting time. With the exact solver (pca.Fit's choice for the full MNIST training set)
// truncating one fit gives the same axes as fitting each k separately.
func PCAResults(p *pca.PCA, fitSeconds float64, test *mnist.Set, codes []int) ([]Result, error) {
	if len(codes) == 0 {
		return nil, errors.New("PCA results: no code sizes given")
	}
	if p == nil {
		return nil, errors.New("PCA results: no PCA")
	}
	if test == nil || test.Len() == 0 {
		return nil, errors.New("PCA results: empty test set")
	}
	out := make([]Result, 0, len(codes))
	for _, k := range codes {
		r, err := pcaResult(p, test, k, fitSeconds)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
