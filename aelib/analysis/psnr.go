package analysis

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/metrics"
)

// PSNRs returns the peak signal-to-noise ratio (dB, peak 1) of each output against clean:
// how close each method's images (noisy inputs, denoised outputs, …) come to the truth.
func PSNRs(clean []float32, outputs ...[]float32) ([]float64, error) {
	out := make([]float64, len(outputs))
	for i, o := range outputs {
		v, err := metrics.PSNR(clean, o, 1)
		if err != nil {
			return nil, fmt.Errorf("PSNR of output %d: %w", i, err)
		}
		out[i] = v
	}
	return out, nil
}
