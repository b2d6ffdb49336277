package model

import (
	"fmt"
	"math"

	"github.com/goautoencoders/autoencoders/aelib/corrupt"
)

// validateArchitecture lists the problems of the architecture fields.
func (c Config) validateArchitecture() []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	switch c.Architecture {
	case "", Dense:
		if c.Conv != nil {
			add("conv layers are set but the architecture is %q; set architecture %q or drop the conv layers", Dense, Conv)
		}
	case Conv:
		errs = append(errs, c.validateConv()...)
	default:
		add("unknown architecture %q (want %q or %q)", c.Architecture, Dense, Conv)
	}
	if !finiteNonNegative(c.WeightDecay) {
		add("weight decay must be finite and ≥ 0, got %g", c.WeightDecay)
	} else if c.WeightDecay > 0 && c.Optimizer != Adam {
		add("weight decay is decoupled Adam's (AdamW); optimizer %q has none", c.Optimizer)
	}
	if s := c.Schedule; s != nil && !(s.MinFactor >= 0 && s.MinFactor <= 1) {
		add("schedule: min factor must be in [0,1], got %g", s.MinFactor)
	}
	return errs
}

// validateConv lists the problems of a convolutional architecture.
func (c Config) validateConv() []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Image == nil {
		add("architecture %q needs the image shape (height, width, channels)", Conv)
	} else {
		im := *c.Image
		if im.Height < 1 || im.Width < 1 || im.Channels < 1 {
			add("image shape %dx%dx%d: every dimension must be ≥ 1", im.Height, im.Width, im.Channels)
		} else if im.Size() != c.InputDim {
			add("image shape %dx%dx%d holds %d values, but the input dimension is %d", im.Height, im.Width, im.Channels, im.Size(), c.InputDim)
		}
	}
	if len(c.Hidden) > 0 {
		add("architecture %q takes its layers from conv.filters, not hidden %v", Conv, c.Hidden)
	}
	cv := c.Conv
	if cv == nil {
		add("architecture %q needs conv layers (filters, kernel, down, up); start from model.KerasConv()", Conv)
		return errs
	}
	if len(cv.Filters) == 0 {
		add("conv: filters is empty; give the channels of each encoder level, e.g. [16, 8, 8]")
	}
	for i, f := range cv.Filters {
		if f < 1 {
			add("conv: filters[%d] must be ≥ 1, got %d", i, f)
		}
	}
	if cv.Kernel < 1 || cv.Kernel%2 == 0 {
		add("conv: kernel must be an odd size ≥ 1, got %d", cv.Kernel)
	}
	if cv.Down != Pool && cv.Down != Stride {
		add("conv: unknown down-sampling %q (want %q or %q)", cv.Down, Pool, Stride)
	}
	if cv.Up != Nearest && cv.Up != Transposed {
		add("conv: unknown up-sampling %q (want %q or %q)", cv.Up, Nearest, Transposed)
	}
	if len(errs) == 0 {
		if want := c.ConvCodeSize(); c.CodeSize != want {
			add("conv: code size must be the last level's h·w·channels = %d, got %d", want, c.CodeSize)
		}
	}
	return errs
}

// validateObjectives lists the problems of the sparse, contractive, denoising and
// variational options, alone and combined.
func (c Config) validateObjectives() []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if s := c.Sparse; s != nil {
		if !finiteNonNegative(s.L1) || !finiteNonNegative(s.Beta) {
			add("sparse: weights must be finite and ≥ 0, got l1 %g, beta %g", s.L1, s.Beta)
		} else if s.L1 == 0 && s.Beta == 0 {
			add("sparse: both l1 and beta are 0; set one, or drop the sparse option")
		}
		if math.IsNaN(s.Target) || math.IsInf(s.Target, 0) {
			add("sparse: the KL target ρ must be a finite number, got %g", s.Target)
		} else if s.Beta > 0 {
			if !(s.Target > 0 && s.Target < 1) {
				add("sparse: the KL target ρ must be in (0,1), got %g", s.Target)
			}
			if c.codeActivation() != Sigmoid {
				add("sparse: the KL penalty needs code activations in (0,1): code activation %q, got %q", Sigmoid, c.codeActivation())
			}
		}
		if c.Variational {
			add("sparse and variational do not combine: the KL term of a variational autoencoder already shapes its code")
		}
	}
	if !finiteNonNegative(c.Contractive) {
		add("contractive: λ must be finite and ≥ 0, got %g", c.Contractive)
	}
	if c.Contractive > 0 && c.Variational {
		add("contractive and variational do not combine: the variational encoder's code is a sample, not a function of x")
	}
	if n := c.Denoise; n != nil {
		if err := n.Validate(); err != nil {
			add("denoise: %v", err)
		} else if n.Kind == corrupt.Grayscale && c.InputDim%3 != 0 {
			add("denoise: grayscale turns RGB images gray, but the input has %d values, not RGB triples", c.InputDim)
		} else if w, h := n.Size(); n.IsImageNoise() && w*h != c.InputDim {
			add("denoise: %s works on %d×%d images, but the input has %d values (set the noise's width and height)", n, w, h, c.InputDim)
		}
	}
	errs = append(errs, c.validateDropout()...)
	if c.Tied && c.Architecture == Conv {
		add("tied weights apply to dense layers; architecture %q has none (drop the tied option)", Conv)
	}
	if c.Tied && c.Variational {
		add("tied and variational do not combine: the decoder would have to mirror both the μ and the log σ² heads")
	}
	if c.Variational && c.Architecture == Conv {
		add("variational needs architecture %q: the convolutional encoder has no μ and log σ² heads", Dense)
	}
	if c.Variational && c.CodeActivation != "" && c.CodeActivation != Linear {
		add("variational: μ and log σ² are linear; code activation %q has no meaning here", c.CodeActivation)
	}
	return errs
}

func finiteNonNegative(v float64) bool { return v >= 0 && !math.IsInf(v, 0) }

// codeActivation is the activation of the code layer: CodeActivation, else Activation.
func (c Config) codeActivation() Activation {
	if c.CodeActivation != "" {
		return c.CodeActivation
	}
	return c.Activation
}

// validateDropout checks the Dropout field: a fraction in [0, 1) of the hidden units of a
// dense model that has hidden layers.
func (c Config) validateDropout() []error {
	if c.Dropout == 0 {
		return nil
	}
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !(c.Dropout > 0 && c.Dropout < 1) {
		add("dropout: the fraction of hidden units dropped must be in [0, 1), got %g", c.Dropout)
	}
	if c.Architecture == Conv {
		add("dropout applies to dense hidden layers; architecture %q has none (drop the dropout option)", Conv)
	} else if len(c.Hidden) == 0 {
		add("dropout applies to dense hidden layers, and this model has none (add hidden layers or drop the dropout option)")
	}
	if c.Contractive > 0 {
		add("contractive and dropout do not combine: the penalty's Jacobian would change with every dropout mask")
	}
	return errs
}
