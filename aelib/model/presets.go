package model

import "github.com/goautoencoders/autoencoders/aelib/corrupt"

// Presets: each returns a complete Config for one kind of autoencoder of the tutorial's
// "Types of autoencoders" section, on 28×28 MNIST digits. Change fields to explore.

// KerasConv is the convolutional autoencoder of the Keras blog ("Building Autoencoders in
// Keras"): 3×3 convolutions with 16, 8, 8 channels and 2×2 max pooling, 28→14→7→4, a code
// of 4×4×8 = 128 values, a mirror decoder with nearest up-sampling and a sigmoid output;
// binary cross-entropy, Adam 1e-3, batch 128, 50 epochs. 4,385 parameters.
func KerasConv() Config {
	c := Tutorial()
	c.Architecture = Conv
	c.Image = &ImageShape{Height: 28, Width: 28, Channels: 1}
	c.Conv = &ConvLayers{Filters: []int{16, 8, 8}, Kernel: 3, Down: Pool, Up: Nearest}
	c.CodeSize = c.ConvCodeSize()
	c.BatchSize = 128
	return c
}

// Hinton2006 is the deep autoencoder of Hinton & Salakhutdinov (Science, 2006) for MNIST:
// 784-1000-500-250-30 with a linear code layer and a sigmoid output. The paper pre-trained
// it as a stack of RBMs, whose unrolled decoder starts as the transpose of the encoder;
// here it is trained end to end with tied weights (every decoder layer keeps the
// transpose of its mirror encoder layer: 1,420,814 parameters instead of 2,837,314), ReLU
// hidden layers, binary cross-entropy, AdamW (weight decay 0.1) and a cosine learning-rate
// decay over 200 epochs. Both regularisers matter: the model over-fits the training
// digits (untied and without weight decay it ends at 3.24 per test image, untied with
// weight decay at 3.05). Notebook 5 puts its measured test error beside the paper's.
func Hinton2006() Config {
	c := Tutorial()
	c.Hidden = []int{1000, 500, 250}
	c.CodeSize = 30
	c.CodeActivation = Linear
	c.BatchSize = 256
	c.Epochs = 200
	c.WeightDecay = 0.1
	c.Tied = true
	c.Schedule = &Schedule{Cosine: true, MinFactor: 0.02}
	return c
}

// Sparse is the tutorial's model with the Keras blog's L1 activity penalty on the code
// (10⁻⁴ per unit): a sparse autoencoder, whose codes are mostly near zero.
func Sparse() Config {
	c := Tutorial()
	c.Sparse = &Sparsity{L1: 1e-4}
	return c
}

// Contractive is a one-layer sigmoid-code autoencoder with the contractive penalty of
// Rifai et al. (ICML 2011), λ = 0.01 on the loss averaged per pixel.
func Contractive() Config {
	c := Tutorial()
	c.Activation = Sigmoid
	c.Contractive = 0.01
	return c
}

// Denoising is the tutorial's model trained on digits with Gaussian noise of σ = 0.5,
// clipped to [0,1] (the Keras blog's noise factor), to reconstruct the clean digits.
func Denoising() Config {
	c := Tutorial()
	c.Denoise = &corrupt.Noise{Kind: corrupt.Gaussian, Level: 0.5}
	return c
}

// Variational is the Keras blog's variational autoencoder: 784-512-2, a 2-D Gaussian code
// (μ and log σ²), binary cross-entropy summed over pixels plus the KL divergence to
// N(0, I); Adam 1e-3, batch 128, 50 epochs.
func Variational() Config {
	c := Tutorial()
	c.Hidden = []int{512}
	c.CodeSize = 2
	c.Variational = true
	c.BatchSize = 128
	return c
}

// Preset returns the preset of a kind name: "dense" (Tutorial), "conv", "sparse",
// "contractive", "denoising", "variational", "hinton2006".
func Preset(name string) (Config, bool) {
	switch name {
	case "dense", "tutorial":
		return Tutorial(), true
	case "conv":
		return KerasConv(), true
	case "sparse":
		return Sparse(), true
	case "contractive":
		return Contractive(), true
	case "denoising":
		return Denoising(), true
	case "variational":
		return Variational(), true
	case "hinton2006", "deep":
		return Hinton2006(), true
	}
	return Config{}, false
}

// PresetNames lists the names Preset knows, in the tutorial's order.
func PresetNames() []string {
	return []string{"dense", "conv", "sparse", "contractive", "denoising", "variational", "hinton2006"}
}
