package model

import (
	"errors"
	"fmt"

	"github.com/gomlx/gomlx/core/tensors"
	gomlxmodel "github.com/gomlx/gomlx/ml/model"
)

// InferenceBatch is the number of rows per call when encoding, decoding or evaluating:
// large batches amortise the per-call cost and keep memory bounded.
const InferenceBatch = 2000

// Metrics are reconstruction errors averaged over every value of a data set.
type Metrics struct {
	// BCE is the mean binary cross-entropy; for a sigmoid output it is computed from the
	// logits, otherwise from the clipped reconstruction (Keras's convention).
	BCE float64 `json:"bce"`
	// MSE is the mean squared error per value (per pixel).
	MSE float64 `json:"mse"`
}

// Evaluate returns the mean BCE and MSE of the reconstructions of x.
func (ae *Autoencoder) Evaluate(x []float32) (m Metrics, err error) {
	n, err := ae.rows("evaluation data", x)
	if err != nil {
		return m, err
	}
	defer recoverGraphError("evaluate", &err)
	d := ae.cfg.InputDim
	var bceSum, seSum float64
	for lo := 0; lo < n; lo += InferenceBatch {
		hi := min(lo+InferenceBatch, n)
		t := tensors.FromFlatDataAndDimensions(x[lo*d:hi*d], hi-lo, d)
		bce, se, err := ae.evalExec.Call2(t)
		t.FinalizeAll()
		if err != nil {
			return m, fmt.Errorf("evaluate rows %d–%d: %w", lo, hi, err)
		}
		b, err1 := scalarFloat(bce)
		s, err2 := scalarFloat(se)
		bce.FinalizeAll()
		se.FinalizeAll()
		if err := errors.Join(err1, err2); err != nil {
			return m, fmt.Errorf("evaluate rows %d–%d: %w", lo, hi, err)
		}
		bceSum += b
		seSum += s
	}
	total := float64(n * d)
	return Metrics{BCE: bceSum / total, MSE: seSum / total}, nil
}

// Encode maps rows of x (InputDim values each) to their codes (CodeSize values each),
// like Keras's encoder.predict.
func (ae *Autoencoder) Encode(x []float32) ([]float32, error) {
	if _, err := ae.rows("encoder input", x); err != nil {
		return nil, err
	}
	return ae.mapRows("encode", ae.encodeExec, x, ae.cfg.InputDim, ae.cfg.CodeSize)
}

// Decode maps codes (CodeSize values each) to reconstructions (InputDim values each),
// like Keras's decoder.predict. Codes need not come from Encode: hand-edited codes and
// interpolations decode the same way.
func (ae *Autoencoder) Decode(codes []float32) ([]float32, error) {
	if len(codes) == 0 || len(codes)%ae.cfg.CodeSize != 0 {
		return nil, fmt.Errorf("decoder input has %d values, not a whole number of codes of %d", len(codes), ae.cfg.CodeSize)
	}
	return ae.mapRows("decode", ae.decodeExec, codes, ae.cfg.CodeSize, ae.cfg.InputDim)
}

// Reconstruct runs the whole autoencoder: Decode(Encode(x)) in one pass.
func (ae *Autoencoder) Reconstruct(x []float32) ([]float32, error) {
	if _, err := ae.rows("autoencoder input", x); err != nil {
		return nil, err
	}
	return ae.mapRows("reconstruct", ae.reconExec, x, ae.cfg.InputDim, ae.cfg.InputDim)
}

// mapRows applies exec to rows of width in, InferenceBatch rows at a time, collecting rows
// of width out.
func (ae *Autoencoder) mapRows(what string, exec *gomlxmodel.Exec, x []float32, in, out int) (res []float32, err error) {
	defer recoverGraphError(what, &err)
	n := len(x) / in
	res = make([]float32, 0, n*out)
	for lo := 0; lo < n; lo += InferenceBatch {
		hi := min(lo+InferenceBatch, n)
		t := tensors.FromFlatDataAndDimensions(x[lo*in:hi*in], hi-lo, in)
		y, err := exec.Call1(t)
		t.FinalizeAll()
		if err != nil {
			return nil, fmt.Errorf("%s rows %d–%d: %w", what, lo, hi, err)
		}
		err = tensors.ConstFlatData(y, func(flat []float32) { res = append(res, flat...) })
		y.FinalizeAll()
		if err != nil {
			return nil, fmt.Errorf("%s rows %d–%d: %w", what, lo, hi, err)
		}
	}
	return res, nil
}
