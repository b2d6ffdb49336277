package lab

import (
	"fmt"
	"time"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/pca"
)

// Variant is one point of a sweep: a label for tables and charts, and the configuration.
type Variant struct {
	Label  string
	Config model.Config
}

// Sweep trains every variant through Train and returns their rows, labelled, in order,
// calling onResult (when set) as each is ready.
func Sweep(b compute.Backend, variants []Variant, data Data, opts Options, onResult func(metrics.Result)) ([]metrics.Result, error) {
	if len(variants) == 0 {
		return nil, fmt.Errorf("sweep: no variants")
	}
	var rows []metrics.Result
	for _, v := range variants {
		o := opts
		o.Label = v.Label
		_, r, err := Train(b, v.Config, data, o)
		if err != nil {
			return rows, fmt.Errorf("sweep %q: %w", v.Label, err)
		}
		rows = append(rows, r)
		if onResult != nil {
			onResult(r)
		}
	}
	return rows, nil
}

// PCAs scores PCA with each number of components in codes on data.Test: one fit with the
// largest, truncated for the others (which gives the same components as separate fits),
// each row carrying the fit's seconds.
func PCAs(data Data, codes []int) ([]metrics.Result, error) {
	if len(codes) == 0 {
		return nil, fmt.Errorf("PCA: %w", errNoCodes)
	}
	kMax := 0
	for _, k := range codes {
		if k < 1 {
			return nil, fmt.Errorf("PCA: code size %d must be ≥ 1", k)
		}
		kMax = max(kMax, k)
	}
	if err := data.check("PCA"); err != nil {
		return nil, err
	}
	start := time.Now()
	if kMax > data.Train.Dim() {
		return nil, fmt.Errorf("PCA: code size %d out of range 1..%d", kMax, data.Train.Dim())
	}
	full, err := pca.Fit(data.Train.Images, data.Train.Len(), data.Train.Dim(), kMax)
	if err != nil {
		return nil, fmt.Errorf("PCA with %d components: %w", kMax, err)
	}
	secs := time.Since(start).Seconds()
	rows := make([]metrics.Result, 0, len(codes))
	for _, k := range codes {
		p, err := full.Truncate(k)
		if err != nil {
			return nil, fmt.Errorf("PCA k=%d: %w", k, err)
		}
		r, err := scorePCASplit(p, data)
		if err != nil {
			return nil, err
		}
		r.TrainSeconds = secs
		rows = append(rows, r)
	}
	return rows, nil
}

// CompareCodes measures PCA and each autoencoder at every code size in codes: the rows
// of code size codes[0] first (PCA's, then each model's in order), then codes[1]'s, and so
// on, calling onResult (when set) as each is ready. Each model's CodeSize is replaced, so
// only dense models can be swept.
func CompareCodes(b compute.Backend, models []model.Config, data Data, codes []int, opts Options, onResult func(metrics.Result)) ([]metrics.Result, error) {
	pcaRows, err := PCAs(data, codes)
	if err != nil {
		return nil, fmt.Errorf("compare: %w", err)
	}
	for _, m := range models {
		if m.Architecture == model.Conv {
			return nil, fmt.Errorf("compare: a convolutional model's code size follows from its layers; compare it with PCA(%d) instead", m.ConvCodeSize())
		}
	}
	var rows []metrics.Result
	emit := func(r metrics.Result) {
		rows = append(rows, r)
		if onResult != nil {
			onResult(r)
		}
	}
	for i, k := range codes {
		emit(pcaRows[i])
		for _, m := range models {
			m.CodeSize = k
			_, r, err := Train(b, m, data, opts)
			if err != nil {
				return rows, fmt.Errorf("compare: code size %d: %w", k, err)
			}
			emit(r)
		}
	}
	return rows, nil
}

// KNNByCodeSize trains cfg with each code size in codes (through Train with opts) and
// fits PCA with as many components, and returns the k-NN accuracy (analysis.CodeKNN, k neighbours)
// of each one's codes: the first nRef training images are the references, the first
// nQuery test images the queries.
func KNNByCodeSize(b compute.Backend, cfg model.Config, data Data, codes []int, opts Options, nRef, nQuery, k int) (ae, pca []float64, err error) {
	ref, err := data.Train.Subset(min(nRef, data.Train.Len()))
	if err != nil {
		return nil, nil, err
	}
	query, err := data.Test.Subset(min(nQuery, data.Test.Len()))
	if err != nil {
		return nil, nil, err
	}
	for _, size := range codes {
		c := cfg
		c.CodeSize = size
		m, _, err := Train(b, c, data, opts)
		if err != nil {
			return nil, nil, err
		}
		p, _, err := PCA(data, size)
		if err != nil {
			return nil, nil, err
		}
		a, err := analysis.CodeKNN(analysis.Autoencoder("autoencoder", m), ref, query, k)
		if err != nil {
			return nil, nil, err
		}
		q, err := analysis.CodeKNN(analysis.PCA("PCA", p), ref, query, k)
		if err != nil {
			return nil, nil, err
		}
		ae, pca = append(ae, a), append(pca, q)
	}
	return ae, pca, nil
}
