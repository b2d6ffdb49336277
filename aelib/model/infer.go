package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/goautoencoders/autoencoders/aelib/atomicfile"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/tensors"
	gomlxmodel "github.com/gomlx/gomlx/ml/model"

	"github.com/goautoencoders/autoencoders/aelib/training"
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

// Save writes the model to dir: model.json (config and history) and the weights in
// GoMLX's checkpoint format, replacing what dir held before only once the new copy is
// complete.
func (ae *Autoencoder) Save(dir string) error {
	tmp := filepath.Clean(dir) + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("save model %s: %w", dir, err)
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return fmt.Errorf("save model %s: %w", dir, err)
	}
	meta, err := json.MarshalIndent(savedModel{Config: ae.cfg, History: ae.history}, "", "  ")
	if err != nil {
		return fmt.Errorf("save model %s: %w", dir, err)
	}
	if err := atomicfile.Write(filepath.Join(tmp, modelFile), meta); err != nil {
		return fmt.Errorf("save model %s: %w", dir, err)
	}
	if err := ae.saveWeights(tmp); err != nil {
		return fmt.Errorf("save model %s: %w", dir, err)
	}
	old := filepath.Clean(dir) + ".old"
	_ = os.RemoveAll(old)
	if _, err := os.Stat(dir); err == nil {
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("save model %s: %w", dir, err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("save model %s: %w", dir, err)
	}
	_ = os.RemoveAll(old)
	return nil
}

const modelFile = "model.json"

type savedModel struct {
	Config  Config           `json:"config"`
	History training.History `json:"history"`
}

// Load reads a model written by Save, or the newest checkpoint of a Fit run folder, onto
// backend.
func Load(backend compute.Backend, dir string) (*Autoencoder, error) {
	meta, err := os.ReadFile(filepath.Join(dir, modelFile))
	if errors.Is(err, fs.ErrNotExist) {
		return loadRun(backend, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("load model %s: %w", dir, err)
	}
	var saved savedModel
	if err := json.Unmarshal(meta, &saved); err != nil {
		return nil, fmt.Errorf("load model %s: %s is corrupt: %w", dir, modelFile, err)
	}
	ae, err := New(backend, saved.Config)
	if err != nil {
		return nil, fmt.Errorf("load model %s: %w", dir, err)
	}
	if err := ae.loadWeights(dir); err != nil {
		return nil, fmt.Errorf("load model %s: %w", dir, err)
	}
	ae.history = saved.History
	return ae, nil
}

// loadRun loads the newest checkpoint of a run folder written by Fit.
func loadRun(backend compute.Backend, dir string) (*Autoencoder, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if err != nil {
		return nil, fmt.Errorf("load model %s: neither %s nor a run's config.json: %w", dir, modelFile, err)
	}
	var cfg Config
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return nil, fmt.Errorf("load model %s: config.json is corrupt: %w", dir, err)
	}
	run := &training.Run{Dir: dir}
	ok, _, err := run.Checkpoints()
	if err != nil {
		return nil, fmt.Errorf("load model %s: %w", dir, err)
	}
	if len(ok) == 0 {
		if _, _, err := run.Latest(); err != nil {
			return nil, fmt.Errorf("load model %s: %w", dir, err)
		}
		return nil, fmt.Errorf("load model %s: the run has no finished epoch yet", dir)
	}
	cfg.Epochs = max(ok[0].History.Len(), 1)
	ae, err := New(backend, cfg)
	if err != nil {
		return nil, fmt.Errorf("load model %s: %w", dir, err)
	}
	if _, _, err := ae.resume(run); err != nil {
		return nil, fmt.Errorf("load model %s: %w", dir, err)
	}
	if ae.history.Len() == 0 {
		return nil, fmt.Errorf("load model %s: no checkpoint loads; %s", dir, training.StartOver)
	}
	return ae, nil
}
