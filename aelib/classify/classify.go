// Package classify fits the linear classifier that measures how useful a representation
// is for recognising digits with few labels: multinomial logistic (softmax) regression on
// centred or standardised features (see Scaling), with an L2 penalty, fitted by L-BFGS
// (gonum's optimize).
//
// The same classifier on different features — raw pixels (learning from scratch), PCA
// coefficients, a pre-trained encoder's codes — tells what each representation brings, the
// tutorial's "pre-trained layers" argument.
//
// Example: 1,000 labelled codes, accuracy on the test codes.
//
//	c, err := classify.Fit(trainCodes, trainLabels, 32, classify.Options{})
//	acc, err := c.Accuracy(testCodes, testLabels)
package classify

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/optimize"
)

// Classes is the number of classes (digits 0–9).
const Classes = 10

// Scaling is how Fit scales each feature before the regression, from the labelled
// examples' statistics.
type Scaling string

const (
	// Auto (the default) standardises when there are at least as many labelled examples
	// as features, and only centres when there are fewer: a standard deviation over fewer
	// examples than features is too noisy to divide by (a pixel that is ink in two of 100
	// digits would weigh as much as a stroke every digit shares), and the L2 penalty then
	// works on the features' own scale. Raw MNIST pixels (784 features) with 100 labels
	// are centred; with 1,000 labels they are standardised, as 32-number codes are.
	Auto Scaling = ""
	// Standardise subtracts each feature's mean and divides by its standard deviation (1
	// where it is 0).
	Standardise Scaling = "standardise"
	// Centre subtracts each feature's mean only.
	Centre Scaling = "centre"
)

// Options are the classifier's settings; the zero value uses the defaults.
type Options struct {
	// L2 is λ of the penalty (λ/2)·‖W‖² on the weights, not the biases (default 1e-3).
	L2 float64
	// MaxIterations bounds L-BFGS's iterations (default 500).
	MaxIterations int
	// Scaling is how the features are scaled (default Auto).
	Scaling Scaling
}

// Linear is a fitted softmax regression: p(y = c | x) ∝ exp(w_c·z + b_c), z the features
// centred with the training set's mean, and standardised by its standard deviation when
// Scaling is Standardise.
type Linear struct {
	d          int
	mean, std  []float64
	w          []float64 // Classes×d weights, row c for class c
	b          []float64 // Classes biases
	Iterations int       // Iterations is how many L-BFGS iterations the fit took.
	// Scaling is the scaling the fit used: Standardise or Centre (Auto resolved).
	Scaling Scaling
}

// Fit fits the classifier to n = len(labels) rows of d features, scaled as opts.Scaling
// says, by minimising the mean cross-entropy plus the L2 penalty,
//
//	L(W, b) = −(1/n) Σ_i log softmax(W·z_i + b)_{y_i} + (λ/2)·‖W‖²,
//
// whose gradient is ∂L/∂W = (1/n) Σ_i (p_i − e_{y_i}) z_iᵀ + λW.
func Fit(x []float32, labels []uint8, d int, opts Options) (*Linear, error) {
	n := len(labels)
	if d < 1 || n == 0 || len(x) != n*d {
		return nil, fmt.Errorf("classify: %d values for %d labels of %d features", len(x), n, d)
	}
	for i, y := range labels {
		if int(y) >= Classes {
			return nil, fmt.Errorf("classify: label %d of example %d is not a digit", y, i)
		}
	}
	if opts.L2 == 0 {
		opts.L2 = 1e-3
	}
	if opts.MaxIterations == 0 {
		opts.MaxIterations = 500
	}
	scaling, err := resolveScaling(opts.Scaling, n, d)
	if err != nil {
		return nil, err
	}
	c := &Linear{d: d, Scaling: scaling}
	c.mean, c.std = standardisation(x, n, d)
	if scaling == Centre {
		for j := range c.std {
			c.std[j] = 1
		}
	}
	z := c.standardise(x, n)
	p := optimize.Problem{
		Func: func(params []float64) float64 { return c.loss(params, z, labels, opts.L2, nil) },
		Grad: func(grad, params []float64) { c.loss(params, z, labels, opts.L2, grad) },
	}
	res, err := optimize.Minimize(p, make([]float64, Classes*(d+1)), &optimize.Settings{MajorIterations: opts.MaxIterations}, &optimize.LBFGS{})
	if err != nil && !errors.Is(err, optimize.ErrLinesearcherFailure) && res == nil {
		return nil, fmt.Errorf("classify: %w", err)
	}
	if res == nil || math.IsNaN(res.F) {
		return nil, fmt.Errorf("classify: the fit did not converge (%v)", err)
	}
	c.w, c.b = res.X[:Classes*d], res.X[Classes*d:]
	c.Iterations = res.Stats.MajorIterations
	return c, nil
}

// resolveScaling is the scaling Fit uses for n examples of d features: s, or for Auto
// Standardise when n ≥ d and Centre when n < d.
func resolveScaling(s Scaling, n, d int) (Scaling, error) {
	switch s {
	case Standardise, Centre:
		return s, nil
	case Auto:
		if n < d {
			return Centre, nil
		}
		return Standardise, nil
	}
	return "", fmt.Errorf("classify: unknown scaling %q (want %q, %q or empty for automatic)", s, Standardise, Centre)
}

// standardisation returns each feature's mean and standard deviation (1 where it is 0).
func standardisation(x []float32, n, d int) (mean, std []float64) {
	mean, std = make([]float64, d), make([]float64, d)
	for i := range n {
		for j := range d {
			mean[j] += float64(x[i*d+j])
		}
	}
	for j := range d {
		mean[j] /= float64(n)
	}
	for i := range n {
		for j := range d {
			v := float64(x[i*d+j]) - mean[j]
			std[j] += v * v
		}
	}
	for j := range d {
		std[j] = math.Sqrt(std[j] / float64(n))
		if std[j] < 1e-8 {
			std[j] = 1
		}
	}
	return mean, std
}

// standardise returns (x − mean)/std as float64.
func (c *Linear) standardise(x []float32, n int) []float64 {
	z := make([]float64, n*c.d)
	for i := range n {
		for j := range c.d {
			z[i*c.d+j] = (float64(x[i*c.d+j]) - c.mean[j]) / c.std[j]
		}
	}
	return z
}

// loss returns L at params (weights then biases) and, when grad is not nil, writes ∂L.
func (c *Linear) loss(params, z []float64, labels []uint8, l2 float64, grad []float64) float64 {
	d, n := c.d, len(labels)
	w, b := params[:Classes*d], params[Classes*d:]
	if grad != nil {
		clear(grad)
	}
	var total float64
	logits := make([]float64, Classes)
	for i, y := range labels {
		zi := z[i*d : (i+1)*d]
		softmax(w, b, zi, logits)
		total -= math.Log(max(logits[y], 1e-300))
		if grad == nil {
			continue
		}
		for k := range Classes {
			g := logits[k]
			if k == int(y) {
				g--
			}
			g /= float64(n)
			row := grad[k*d : (k+1)*d]
			for j, v := range zi {
				row[j] += g * v
			}
			grad[Classes*d+k] += g
		}
	}
	var sq float64
	for j, v := range w {
		sq += v * v
		if grad != nil {
			grad[j] += l2 * v
		}
	}
	return total/float64(n) + l2/2*sq
}

// softmax writes the class probabilities of features z into p.
func softmax(w, b, z, p []float64) {
	d := len(z)
	top := math.Inf(-1)
	for k := range Classes {
		s := b[k]
		for j, v := range z {
			s += w[k*d+j] * v
		}
		p[k] = s
		top = max(top, s)
	}
	var sum float64
	for k := range Classes {
		p[k] = math.Exp(p[k] - top)
		sum += p[k]
	}
	for k := range Classes {
		p[k] /= sum
	}
}

// Predict returns the most probable class of each row of x.
func (c *Linear) Predict(x []float32) ([]uint8, error) {
	if len(x) == 0 || len(x)%c.d != 0 {
		return nil, fmt.Errorf("classify: %d values are not rows of %d features", len(x), c.d)
	}
	n := len(x) / c.d
	z := c.standardise(x, n)
	out := make([]uint8, n)
	p := make([]float64, Classes)
	for i := range n {
		softmax(c.w, c.b, z[i*c.d:(i+1)*c.d], p)
		best := 0
		for k := range Classes {
			if p[k] > p[best] {
				best = k
			}
		}
		out[i] = uint8(best)
	}
	return out, nil
}

// Accuracy is the share of rows of x whose predicted class is their label.
func (c *Linear) Accuracy(x []float32, labels []uint8) (float64, error) {
	pred, err := c.Predict(x)
	if err != nil {
		return 0, err
	}
	if len(pred) != len(labels) {
		return 0, fmt.Errorf("classify: %d rows for %d labels", len(pred), len(labels))
	}
	right := 0
	for i, y := range labels {
		if pred[i] == y {
			right++
		}
	}
	return float64(right) / float64(len(labels)), nil
}
