package applications

import (
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/corrupt"
	"github.com/goautoencoders/autoencoders/aelib/lab"
	"github.com/goautoencoders/autoencoders/aelib/mnist"
	"github.com/goautoencoders/autoencoders/aelib/model"
)

func TestColoring(t *testing.T) {
	data, b := fixture(t)
	col, err := Colored(data, 3)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Colored(data, 3)
	if col.Name != "mnist-small-colored" || col.Train.Channels != 3 || col.Test.Dim() != 3*mnist.Pixels ||
		col.Train.Validate() != nil || again.Test.Images[1234] != col.Test.Images[1234] {
		t.Fatalf("colored data %q, channels %d, dim %d", col.Name, col.Train.Channels, col.Test.Dim())
	}
	truth := col.Test.Images
	oracle := Func("truth", func([]float32) ([]float32, error) { return truth, nil })
	mean, err := MeanColor("mean colour", col.Train)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := PCARegression("PCA regression", col.Train, 16, 1000)
	if err != nil {
		t.Fatal(err)
	}
	cfg := model.Tutorial()
	cfg.InputDim, cfg.Epochs, cfg.BatchSize = 3*mnist.Pixels, 60, 32
	cfg.Denoise = &corrupt.Noise{Kind: corrupt.Grayscale}
	ae, _, err := lab.Train(b, cfg, col, lab.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Color(col.Test, []Method{oracle, mean, reg, Autoencoder("colouring autoencoder", ae)})
	if err != nil {
		t.Fatal(err)
	}
	if c.MSE[0] != 0 || c.Hue[0] != 1 {
		t.Errorf("the true colours: MSE %v, hue %v; want 0 and 1", c.MSE[0], c.Hue[0])
	}
	// One colour law for all digits gets about one class in ten right; a linear map from
	// the shape's PCA codes gets more of them (about a third here).
	t.Logf("hue accuracy %v, MSE %v", c.Hue, c.MSE)
	if !(c.Hue[1] < 0.2 && c.Hue[2] > 2*c.Hue[1]) {
		t.Errorf("hue accuracy mean %v, PCA regression %v; MSE %v vs %v", c.Hue[1], c.Hue[2], c.MSE[1], c.MSE[2])
	}
	// The colouring autoencoder (60 epochs on 1,000 digits: about 0.6 of the hues right,
	// MSE 0.0135 against the mean colour's 0.0152) must beat the mean colour on both.
	if !(c.Hue[3] > 3*c.Hue[1] && c.MSE[3] < c.MSE[1]) {
		t.Errorf("colouring autoencoder: hue accuracy %v, MSE %v; the mean colour %v, %v: want more than 3× its hues and a lower MSE",
			c.Hue[3], c.MSE[3], c.Hue[1], c.MSE[1])
	}
	if fig, err := ColorGrid(col.Test, c, 4); err != nil || fig == nil {
		t.Errorf("color grid: %v", err)
	}
	if _, err := Color(data.Test, []Method{mean}); err == nil {
		t.Error("gray test set: no error")
	}
}
