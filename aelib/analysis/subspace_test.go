package analysis

import (
	"slices"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
	"github.com/goautoencoders/autoencoders/aelib/pca"
)

// TestDecoderSubspace: a trained linear autoencoder's decoder leans towards PCA's
// subspace (angles ascending, the largest well under 30°); bad inputs are refused.
func TestDecoderSubspace(t *testing.T) {
	train, test, _, err := mnist.Load(mnist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	train, _ = train.Subset(2000)
	test, _ = test.Subset(100)
	b, err := backend.NewWithConfig("go")
	if err != nil {
		t.Fatal(err)
	}
	p, err := pca.Fit(train.Images, train.Len(), mnist.Pixels, 2)
	if err != nil {
		t.Fatal(err)
	}
	lin := model.LinearPCA(2)
	lin.Epochs, lin.BatchSize, lin.LearningRate = 15, 32, 3e-3
	ae, _ := model.New(b, lin)
	if _, err := ae.Fit(train.Images, test.Images, model.FitOptions{}); err != nil {
		t.Fatal(err)
	}
	c, err := DecoderSubspace(ae, p)
	if err != nil {
		t.Fatal(err)
	}
	if c.CodeSize != 2 || len(c.Angles) != 2 || !slices.IsSorted(c.Angles) || c.Largest != c.Angles[1] || !(c.Largest < 30) {
		t.Errorf("check %+v: want two ascending angles, the largest < 30°", c)
	}
	p1, _ := p.Truncate(1)
	hidden := model.LinearPCA(2)
	hidden.Hidden = []int{4}
	withHidden, _ := model.New(b, hidden)
	untrained, _ := model.New(b, model.LinearPCA(2))
	for name, tc := range map[string]struct {
		ae   *model.Autoencoder
		p    *pca.PCA
		want string
	}{
		"too few components": {ae, p1, "PCA has 1 components"},
		"nil":                {nil, nil, "nil"},
		"hidden layers":      {withHidden, p, "hidden layers"},
		"untrained":          {untrained, p, "not found"},
	} {
		if _, err := DecoderSubspace(tc.ae, tc.p); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error containing %q", name, err, tc.want)
		}
	}
}
