package model

import (
	"fmt"
	"testing"
)

// BenchmarkConvEpoch trains the Keras-blog convolutional autoencoder for one epoch on
// 6,000 digits (batch 128) with each convolution implementation.
func BenchmarkConvEpoch(b *testing.B) {
	train, test, be := data(&testing.T{})
	x := train.Images[:3000*784]
	for _, impl := range []ConvImpl{ConvByDot, ConvGoMLX} {
		b.Run(fmt.Sprint(map[ConvImpl]string{ConvByDot: "dot", ConvGoMLX: "gomlx"}[impl]), func(b *testing.B) {
			forcedConvImpl = &impl
			defer func() { forcedConvImpl = nil }()
			for b.Loop() {
				cfg := KerasConv()
				cfg.Epochs = 1
				ae, err := New(be, cfg)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := ae.Fit(x, test.Images[:100*784], FitOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
