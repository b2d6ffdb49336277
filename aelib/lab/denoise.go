package lab

import (
	"fmt"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/analysis"
	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/model"
)

// DenoiseSeed is the seed of the noise every denoising comparison draws.
const DenoiseSeed = 7

// Denoising is the denoising comparison: how the corrupted input, a denoising model, the
// same model trained on clean digits and PCA restore the same corrupted test digits.
type Denoising struct {
	// Restoration is every method at the training noise; its Corruption names the noise
	// with its level (e.g. "gaussian σ=0.5").
	Restoration analysis.Restoration
	// Levels are the noise levels of the curve, and Curve[m][i] is method m's PSNR (dB) at
	// Levels[i]; both empty when no levels were asked for.
	Levels []float64
	Curve  [][]float64
	// Results are the rows of the denoising model, the plain model and PCA.
	Results []metrics.Result
}

// CompareDenoisers trains (or loads, through Train with opts) cfg, a model with a training
// noise (cfg.Denoise), and the same model trained on clean digits, fits PCA with as many
// components as the code, and restores data's test images corrupted by the training noise
// (seed DenoiseSeed) with each of them and with the corrupted input itself. PCA is scored
// on its raw reconstructions (see analysis.PCA). With levels it also restores the test
// images at every level of the noise's kind (Curve).
func CompareDenoisers(b compute.Backend, cfg model.Config, data Data, opts Options, levels ...float64) (Denoising, error) {
	if cfg.Denoise == nil {
		return Denoising{}, fmt.Errorf("compare denoisers: the model has no training noise; set Config.Denoise")
	}
	noise := *cfg.Denoise
	dae, daeRow, err := Train(b, cfg, data, opts)
	if err != nil {
		return Denoising{}, fmt.Errorf("compare denoisers: denoising model: %w", err)
	}
	plainCfg := cfg
	plainCfg.Denoise = nil
	plain, plainRow, err := Train(b, plainCfg, data, opts)
	if err != nil {
		return Denoising{}, fmt.Errorf("compare denoisers: plain model: %w", err)
	}
	p, pcaRow, err := PCA(data, cfg.CodeSize)
	if err != nil {
		return Denoising{}, fmt.Errorf("compare denoisers: %w", err)
	}
	methods := []analysis.Method{
		analysis.Input("noisy input"),
		analysis.Autoencoder("denoising autoencoder", dae),
		analysis.Autoencoder("plain autoencoder", plain),
		analysis.PCA(fmt.Sprintf("PCA %d", cfg.CodeSize), p),
	}
	clean := data.Test.Images
	d := Denoising{Levels: levels, Results: []metrics.Result{daeRow, plainRow, pcaRow}}
	if d.Restoration, err = analysis.RestoreNoise(clean, noise, DenoiseSeed, methods); err != nil {
		return Denoising{}, fmt.Errorf("compare denoisers: %w", err)
	}
	if len(levels) > 0 {
		if d.Curve, err = analysis.PSNRCurve(clean, noise.Kind, levels, DenoiseSeed, methods); err != nil {
			return Denoising{}, fmt.Errorf("compare denoisers: %w", err)
		}
	}
	return d, nil
}

// CompareDenoisers is CompareDenoisers on the lab's data, backend and run folder.
func (l *Lab) CompareDenoisers(cfg model.Config, levels ...float64) (Denoising, error) {
	return CompareDenoisers(l.Backend, cfg, l.Data, l.Options(), levels...)
}

// PCAMethod fits PCA with k components on data (as PCA does) and returns it as a method
// named name, scored on raw reconstructions (analysis.PCA).
func PCAMethod(name string, data Data, k int) (analysis.Method, error) {
	p, _, err := PCA(data, k)
	if err != nil {
		return analysis.Method{}, fmt.Errorf("PCA method %q: %w", name, err)
	}
	return analysis.PCA(name, p), nil
}
