package metrics_test

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/metrics"
)

func Example() {
	// Two 2×2 images and their reconstructions, pixels in [0, 1].
	x := []float32{0, 1, 1, 0, 0.5, 0.5, 0, 1}
	y := []float32{0, 0.5, 1, 0, 0.5, 0.5, 0.5, 1}

	s, err := metrics.Summarize(x, y, 4)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("MSE %.4f, per-image SE %.3f, PSNR %.2f dB, BCE %.4f\n", s.MSE, s.PerImageSE, s.PSNR, s.BCE)

	perImage, _ := metrics.PerImageMSE(x, y, 4)
	fmt.Println("per-image MSE:", perImage)

	_, err = metrics.MSE(x, y[:7])
	fmt.Println(err)
	// Output:
	// MSE 0.0625, per-image SE 0.250, PSNR 12.04 dB, BCE 0.3466
	// per-image MSE: [0.0625 0.0625]
	// metrics: MSE: length mismatch: 8 vs 7
}
