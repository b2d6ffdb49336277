package analysis

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/corrupt"
	"github.com/goautoencoders/autoencoders/aelib/metrics"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/pca"
)

// Method is one way of turning images into codes and reconstructions, under a name for
// tables and figures: an autoencoder, PCA, the corrupted input itself, a classical baseline.
// Encode maps a row-major batch of images to codes (nil where the method has none);
// Reconstruct maps a batch of (corrupted) images to restored ones (pixels in [0,1]).
type Method struct {
	Name        string
	Encode      func(x []float32) ([]float32, error)
	Reconstruct func(x []float32) ([]float32, error)
}

// Input is the trivial baseline: the images themselves, as reconstruction (the corrupted
// input) and as code (the pixels, for a classifier learning from scratch).
func Input(name string) Method {
	same := func(x []float32) ([]float32, error) { return append([]float32(nil), x...), nil }
	return Method{Name: name, Encode: same, Reconstruct: same}
}

// Autoencoder is a trained model as a method: its code and its reconstruction (for a
// denoising model: corrupted input in, clean estimate out).
func Autoencoder(name string, ae *model.Autoencoder) Method {
	return Method{Name: name, Encode: ae.Encode, Reconstruct: ae.Reconstruct}
}

// PCA is a fitted PCA as a method: its coefficients as code, and the projection onto the
// principal subspace fitted on clean images as reconstruction, the linear "keep what looks
// like a digit, drop the rest". Its reconstructions are scored as they come (values may
// leave [0,1] a little), the one rule for scoring PCA everywhere in aelib (lab.PCAMetrics):
// it is how scikit-learn's inverse_transform gives them and how Hinton & Salakhutdinov's
// 13.87 for PCA-30 is measured. Figures clip them for display.
func PCA(name string, p *pca.PCA) Method {
	codec := PCACodec{PCA: p}
	return Method{Name: name, Encode: codec.Encode, Reconstruct: codec.Reconstruct}
}

// Func is a method given as a plain reconstruction function (bilinear upsampling, a colour
// lookup, …); it has no code.
func Func(name string, f func(x []float32) ([]float32, error)) Method {
	return Method{Name: name, Reconstruct: f}
}

// reconstruct runs m's reconstruction, or says that m has none.
func (m Method) reconstruct(x []float32) ([]float32, error) {
	if m.Reconstruct == nil {
		return nil, fmt.Errorf("method %q has no reconstruction", m.Name)
	}
	return m.Reconstruct(x)
}

// encode runs m's encoder, or says that m has none.
func (m Method) encode(x []float32) ([]float32, error) {
	if m.Encode == nil {
		return nil, fmt.Errorf("method %q has no code", m.Name)
	}
	return m.Encode(x)
}

// Restoration is how well each method restores one batch of corrupted images.
type Restoration struct {
	// Corruption names what was done to the images, e.g. "gaussian σ=0.5".
	Corruption string
	// Methods are the methods' names; PSNR[i] is method i's PSNR in dB (peak 1) against
	// the clean images, and MSE[i] its mean squared error per pixel.
	Methods []string
	PSNR    []float64
	MSE     []float64
	// Outputs[i] is method i's restored batch, for figures.
	Outputs [][]float32
}

// Restore runs every method on corrupted and scores its output against clean:
//
//	PSNR = 10·log₁₀(1 / MSE),  MSE = mean over pixels of (restored − clean)².
func Restore(corruption string, clean, corrupted []float32, methods []Method) (Restoration, error) {
	if len(clean) != len(corrupted) || len(clean) == 0 {
		return Restoration{}, fmt.Errorf("restore %s: %d clean values against %d corrupted", corruption, len(clean), len(corrupted))
	}
	r := Restoration{Corruption: corruption}
	for _, m := range methods {
		out, err := m.reconstruct(corrupted)
		if err != nil {
			return Restoration{}, fmt.Errorf("restore %s with %s: %w", corruption, m.Name, err)
		}
		psnr, err := PSNRs(clean, out)
		if err != nil {
			return Restoration{}, fmt.Errorf("restore %s with %s: %w", corruption, m.Name, err)
		}
		mse, err := metrics.MSE(clean, out)
		if err != nil {
			return Restoration{}, fmt.Errorf("restore %s with %s: %w", corruption, m.Name, err)
		}
		r.Methods = append(r.Methods, m.Name)
		r.PSNR = append(r.PSNR, psnr[0])
		r.MSE = append(r.MSE, mse)
		r.Outputs = append(r.Outputs, out)
	}
	return r, nil
}

// RestoreNoise is Restore of clean corrupted by noise drawn from seed.
func RestoreNoise(clean []float32, noise corrupt.Noise, seed uint64, methods []Method) (Restoration, error) {
	corrupted, err := noise.Apply(clean, seed)
	if err != nil {
		return Restoration{}, fmt.Errorf("restore: %w", err)
	}
	return Restore(noise.String(), clean, corrupted, methods)
}

// PSNRCurve restores clean corrupted by kind at every level in levels (one seed for all)
// and returns, per method, its PSNR at each level: psnr[m][i] is method m at levels[i].
// It shows how a model trained at one level copes with levels it has not seen.
func PSNRCurve(clean []float32, kind string, levels []float64, seed uint64, methods []Method) (psnr [][]float64, err error) {
	if len(levels) == 0 {
		return nil, fmt.Errorf("PSNR curve of %s: no levels", kind)
	}
	psnr = make([][]float64, len(methods))
	for _, level := range levels {
		r, err := RestoreNoise(clean, corrupt.Noise{Kind: kind, Level: level}, seed, methods)
		if err != nil {
			return nil, err
		}
		for m := range methods {
			psnr[m] = append(psnr[m], r.PSNR[m])
		}
	}
	return psnr, nil
}

// Bilinear is the classical super-resolution baseline for LowRes-corrupted images: each
// blocky input is averaged back down by factor (which recovers the low-resolution image
// exactly) and upsampled bilinearly to 28×28.
func Bilinear(name string, factor int) Method {
	return Func(name, func(x []float32) ([]float32, error) {
		w, h := corrupt.DefaultWidth, corrupt.DefaultHeight
		small, err := corrupt.Downsample(x, w, h, factor)
		if err != nil {
			return nil, err
		}
		return corrupt.UpsampleBilinear(small, w/factor, h/factor, factor)
	})
}

// PSNRColumns lays restorations of the same methods out for a table: the methods (rows),
// one column of PSNRs per restoration, and the corruptions as column names.
func PSNRColumns(rs ...Restoration) (methods []string, columns [][]float64, corruptions []string, err error) {
	for i, r := range rs {
		if i == 0 {
			methods = r.Methods
		} else if len(r.Methods) != len(methods) {
			return nil, nil, nil, fmt.Errorf("PSNR columns: %s has %d methods, %s has %d", rs[0].Corruption, len(methods), r.Corruption, len(r.Methods))
		}
		columns = append(columns, r.PSNR)
		corruptions = append(corruptions, r.Corruption)
	}
	return methods, columns, corruptions, nil
}
