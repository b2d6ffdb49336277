package pca_test

import (
	"fmt"
	"log"

	"github.com/goautoencoders/autoencoders/aelib/pca"
)

func Example() {
	// Six 3-D points on the plane z = x + y, with mean (1, 1, 2).
	x := []float32{
		0, 0, 0,
		3, 3, 6,
		2, 0, 2,
		0, 1, 1,
		1, 1, 2,
		0, 1, 1,
	}
	p, err := pca.Fit(x, 6, 3, 2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("mean %.1f\n", p.Mean)
	fmt.Printf("explained variance %.3f, ratio %.3f\n", p.ExplainedVariance, p.ExplainedVarianceRatio)

	codes, _ := p.Transform(x[6:9], 1) // the point (2, 0, 2)
	fmt.Printf("codes of (2, 0, 2): %.3f\n", codes)
	back, _ := p.InverseTransform(codes, 1)
	fmt.Printf("decoded: %.3f\n", back)

	_, err = pca.Fit(x, 6, 3, 4)
	fmt.Println(err)
	// Output:
	// mean [1.0 1.0 2.0]
	// explained variance [6.620 0.580], ratio [0.919 0.081]
	// codes of (2, 0, 2): [0.081 1.412]
	// decoded: [2.000 0.000 2.000]
	// pca: fit: k = 4 components out of range [1, min(n, d) = 3]
}

func ExamplePCA_Truncate() {
	// Data with variances 9, 4 and 1 along the axes.
	x := []float32{
		3, 0, 0,
		-3, 0, 0,
		0, 2, 0,
		0, -2, 0,
		0, 0, 1,
		0, 0, -1,
	}
	p, err := pca.Fit(x, 6, 3, 3)
	if err != nil {
		log.Fatal(err)
	}
	for k := 1; k <= p.K(); k++ {
		pk, _ := p.Truncate(k)
		sum := 0.0
		for _, r := range pk.ExplainedVarianceRatio {
			sum += r
		}
		fmt.Printf("k=%d explains %.4f\n", k, sum)
	}
	// Output:
	// k=1 explains 0.6429
	// k=2 explains 0.9286
	// k=3 explains 1.0000
}
