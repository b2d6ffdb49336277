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

	"github.com/goautoencoders/autoencoders/aelib/training"
)

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
