package plots_test

import (
	"fmt"
	"log"

	"github.com/goautoencoders/autoencoders/aelib/plots"
)

func ExampleLossCurves() {
	train := []float64{0.21, 0.12, 0.08, 0.06, 0.05}
	val := []float64{0.20, 0.13, 0.09, 0.07, 0.065}
	fig, err := plots.LossCurves([]plots.Series{
		{Name: "train", Y: train}, // X nil: epochs 1, 2, …
		{Name: "validation", Y: val},
	}, "Training", plots.LogY())
	if err != nil {
		log.Fatal(err)
	}
	png, err := fig.PNG() // or fig.Save("loss.svg")
	if err != nil {
		log.Fatal(err)
	}
	w, h := fig.PixelSize()
	fmt.Println(w, h, len(png) > 0)
	// Output: 576 384 true
}

func ExampleImageGrid() {
	const w, h, n = 28, 28, 10
	originals := make([]float32, n*w*h) // n images, row-major, in [0, 1]
	recons := make([]float32, n*w*h)
	grid, err := plots.ImageGrid([][]float32{originals, recons},
		[]string{"original", "reconstruction"}, w, h, n)
	if err != nil {
		log.Fatal(err)
	}
	grid.WithTitle("Test digits")
	loss, err := plots.Bars([]string{"PCA", "AE"}, []float64{0.017, 0.010}, "Test MSE", "MSE")
	if err != nil {
		log.Fatal(err)
	}
	both, err := plots.Side(grid, loss)
	if err != nil {
		log.Fatal(err)
	}
	_, err = both.SVG()
	fmt.Println(err)
	// Output: <nil>
}

func ExampleCodeScatter() {
	codes := []float32{0.1, 0.2, 1.5, -0.3, -1, 0.8} // 3 points × 2
	labels := []uint8{0, 7, 3}
	_, err := plots.CodeScatter(codes, labels[:2], "codes")
	fmt.Println(err)
	// Output: plots: CodeScatter: 2 labels for 3 points
}
