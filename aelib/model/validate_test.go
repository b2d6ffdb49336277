package model

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/corrupt"
)

// TestValidateRefusesNonFinite: every floating-point field of a config, set to NaN, +Inf or
// −Inf, makes Validate fail, so a config it accepts always marshals to JSON (the run-folder
// name is a hash of that JSON).
func TestValidateRefusesNonFinite(t *testing.T) {
	fields := []struct {
		name string
		base func() Config
		set  func(*Config, float64)
	}{
		{"learning rate", Tutorial, func(c *Config, v float64) { c.LearningRate = v }},
		{"weight decay", Tutorial, func(c *Config, v float64) { c.WeightDecay = v }},
		{"schedule min factor", Hinton2006, func(c *Config, v float64) { c.Schedule.MinFactor = v }},
		{"dropout", Hinton2006, func(c *Config, v float64) { c.Dropout = v }},
		{"contractive", Contractive, func(c *Config, v float64) { c.Contractive = v }},
		{"sparse l1", Sparse, func(c *Config, v float64) { c.Sparse.L1 = v }},
		{"sparse beta", Sparse, func(c *Config, v float64) { c.Sparse.Beta = v }},
		{"sparse target without beta", Sparse, func(c *Config, v float64) { c.Sparse.Target = v }},
		{"sparse target with beta", Sparse, func(c *Config, v float64) {
			c.Activation, c.Sparse.Beta, c.Sparse.Target = Sigmoid, 1, v
		}},
		{"gaussian level", Denoising, func(c *Config, v float64) { c.Denoise.Level = v }},
		{"masking level", Denoising, func(c *Config, v float64) { c.Denoise = &corrupt.Noise{Kind: corrupt.Masking, Level: v} }},
		{"lowres level", Denoising, func(c *Config, v float64) { c.Denoise = &corrupt.Noise{Kind: corrupt.LowRes, Level: v} }},
	}
	for _, f := range fields {
		for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
			c := f.base()
			f.set(&c, v)
			if err := c.Validate(); err == nil {
				t.Errorf("%s = %v: Validate accepted it", f.name, v)
			}
		}
	}
	for _, name := range PresetNames() {
		c, _ := Preset(name)
		if _, err := json.Marshal(c.Identity()); err != nil {
			t.Errorf("preset %s does not marshal: %v", name, err)
		}
	}
}
