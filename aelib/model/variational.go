package model

import (
	"fmt"
	"math/rand/v2"

	"github.com/gomlx/gomlx/core/tensors"
	gomlxmodel "github.com/gomlx/gomlx/ml/model"
)

// Sample draws n codes from the prior N(0, I), seeded, and decodes them: n new images
// from a variational autoencoder (n×InputDim values).
func (ae *Autoencoder) Sample(n int, seed uint64) ([]float32, error) {
	if !ae.cfg.Variational {
		return nil, fmt.Errorf("sample: the model is not variational (config.variational is false); decode codes of your choice instead")
	}
	if n < 1 {
		return nil, fmt.Errorf("sample: n must be ≥ 1, got %d", n)
	}
	return ae.Decode(standardNormal(n*ae.cfg.CodeSize, seed))
}

// LatentGrid returns the codes of a side×side grid over the first two code dimensions,
// each from −span to span (the other dimensions 0): decoded, the map of what a 2-D
// variational autoencoder has learned.
func LatentGrid(codeSize, side int, span float64) ([]float32, error) {
	if codeSize < 2 || side < 2 || !(span > 0) {
		return nil, fmt.Errorf("latent grid: need a code of ≥ 2 dimensions, side ≥ 2 and span > 0, got %d, %d, %g", codeSize, side, span)
	}
	out := make([]float32, 0, side*side*codeSize)
	for i := range side {
		for j := range side {
			c := make([]float32, codeSize)
			c[0] = float32(-span + 2*span*float64(j)/float64(side-1))
			c[1] = float32(span - 2*span*float64(i)/float64(side-1))
			out = append(out, c...)
		}
	}
	return out, nil
}

// LogLikelihoodBound returns the mean over the rows of x of the importance-weighted lower
// bound on log p(x) with k samples per image (Burda et al., 2016), in nats per image:
//
//	log (1/k) Σᵢ p(x|zᵢ)·p(zᵢ)/q(zᵢ|x),   zᵢ ~ q(z|x) = N(μ(x), σ²(x)),
//
// with the Bernoulli decoder of binary cross-entropy. k = 1 is the evidence lower bound
// (ELBO); the bound tightens towards log p(x) as k grows. The draws come from seed.
func (ae *Autoencoder) LogLikelihoodBound(x []float32, k int, seed uint64) (float64, error) {
	if !ae.cfg.Variational || ae.cfg.Loss != BCE {
		return 0, fmt.Errorf("log-likelihood bound: needs a variational autoencoder trained with %q (a Bernoulli decoder)", BCE)
	}
	if k < 1 {
		return 0, fmt.Errorf("log-likelihood bound: k must be ≥ 1, got %d", k)
	}
	n, err := ae.rows("log-likelihood bound input", x)
	if err != nil {
		return 0, err
	}
	exec, err := gomlxmodel.NewExec(ae.backend, ae.store, ae.logLikelihoodBound)
	if err != nil {
		return 0, fmt.Errorf("log-likelihood bound: %w", err)
	}
	defer exec.Finalize()
	return ae.sumBound(exec, x, n, k, seed)
}

// sumBound runs the bound's graph over x in batches of about InferenceBatch decoded rows.
func (ae *Autoencoder) sumBound(exec *gomlxmodel.Exec, x []float32, n, k int, seed uint64) (mean float64, err error) {
	defer recoverGraphError("log-likelihood bound", &err)
	d, z := ae.cfg.InputDim, ae.cfg.CodeSize
	rows := max(InferenceBatch/k, 1)
	eps := standardNormal(n*k*z, seed)
	var sum float64
	for lo := 0; lo < n; lo += rows {
		hi := min(lo+rows, n)
		xt := tensors.FromFlatDataAndDimensions(x[lo*d:hi*d], hi-lo, d)
		et := tensors.FromFlatDataAndDimensions(eps[lo*k*z:hi*k*z], hi-lo, k, z)
		out, err := exec.Call1(xt, et)
		xt.FinalizeAll()
		et.FinalizeAll()
		if err != nil {
			return 0, fmt.Errorf("log-likelihood bound rows %d–%d: %w", lo, hi, err)
		}
		err = tensors.ConstFlatData(out, func(flat []float32) {
			for _, v := range flat {
				sum += float64(v)
			}
		})
		out.FinalizeAll()
		if err != nil {
			return 0, err
		}
	}
	return sum / float64(n), nil
}

// standardNormal returns n draws of N(0, 1) from a PCG generator seeded with seed.
func standardNormal(n int, seed uint64) []float32 {
	r := rand.New(rand.NewPCG(seed, 0xd1b54a32d192ed03))
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(r.NormFloat64())
	}
	return out
}
