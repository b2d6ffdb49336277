package analysis

import (
	"fmt"
	"slices"

	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/pca"
)

// SubspaceCheck compares the subspace spanned by a linear autoencoder's decoder with the
// one spanned by PCA's leading components, through their principal angles.
type SubspaceCheck struct {
	// Model names the autoencoder, e.g. "linear autoencoder 784-8-784".
	Model string `json:"model"`
	// CodeSize is the autoencoder's code size k, also the number of PCA components compared.
	CodeSize int `json:"code_size"`
	// Angles are the k principal angles in degrees, ascending.
	Angles []float64 `json:"angles"`
	// Largest and Mean summarise Angles: 0° for both means the same subspace.
	Largest float64 `json:"largest"`
	Mean    float64 `json:"mean"`
}

// DecoderSubspace measures the principal angles between the k rows of ae's output weights
// (model.DecoderOutputWeights, k×InputDim, k = CodeSize) and the first k components of p.
//
// The reconstruction of an autoencoder without hidden layers whose output is linear is
// code·W + b: a point of the k-dimensional affine subspace spanned by W's rows. Trained with
// MSE, that subspace is PCA's (Baldi & Hornik, 1989), so the angles tend to 0° as training
// converges — while the rows themselves need not be PCA's components, nor orthogonal.
// ae must have no hidden layers and p at least k components.
func DecoderSubspace(ae *model.Autoencoder, p *pca.PCA) (SubspaceCheck, error) {
	if ae == nil || p == nil {
		return SubspaceCheck{}, fmt.Errorf("decoder subspace: nil autoencoder or PCA")
	}
	cfg := ae.Config()
	k, d := cfg.CodeSize, cfg.InputDim
	if len(cfg.Hidden) > 0 {
		return SubspaceCheck{}, fmt.Errorf("decoder subspace: %s has hidden layers; its output weights do not span a %d-dimensional subspace of codes", cfg.Layout(), k)
	}
	if p.K() < k {
		return SubspaceCheck{}, fmt.Errorf("decoder subspace: PCA has %d components, the code size is %d", p.K(), k)
	}
	if p.NFeatures != d {
		return SubspaceCheck{}, fmt.Errorf("decoder subspace: PCA has %d features, the autoencoder's input %d", p.NFeatures, d)
	}
	w, dims, err := ae.Parameter(model.DecoderOutputWeights)
	if err != nil {
		return SubspaceCheck{}, fmt.Errorf("decoder subspace: %w", err)
	}
	if !slices.Equal(dims, []int{k, d}) {
		return SubspaceCheck{}, fmt.Errorf("decoder subspace: output weights have shape %v, want [%d %d]", dims, k, d)
	}
	pk, err := p.Truncate(k)
	if err != nil {
		return SubspaceCheck{}, fmt.Errorf("decoder subspace: %w", err)
	}
	angles, err := pk.PrincipalAnglesTo(w, k)
	if err != nil {
		return SubspaceCheck{}, fmt.Errorf("decoder subspace of %s: %w", cfg.Layout(), err)
	}
	return NewSubspaceCheck(fmt.Sprintf("linear autoencoder %s", cfg.Layout()), k, angles), nil
}

// NewSubspaceCheck summarises ascending angles.
func NewSubspaceCheck(name string, k int, angles []float64) SubspaceCheck {
	c := SubspaceCheck{Model: name, CodeSize: k, Angles: angles}
	for _, a := range angles {
		c.Mean += a
		c.Largest = max(c.Largest, a)
	}
	if len(angles) > 0 {
		c.Mean /= float64(len(angles))
	}
	return c
}
