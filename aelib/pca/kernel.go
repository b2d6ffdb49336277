package pca

// The compute kernels of this package are built around register-blocked
// micro-kernels that update a 4×16 block of a float64 matrix:
//
//	kernel4x16:  c[t*ldc+j] += Σ_{i<kc} pa[i*sa+t] · pb[i*sb+j]
//	kernel4x16R: c[t*ldc+j] += Σ_{i<kc} a_t[i]     · pb[i*sb+j]
//
// for t < 4, j < 16. Everything expensive (the covariance XᵀX, the Gram
// matrix XXᵀ, the products with a thin matrix in Transform,
// InverseTransform, the sign convention and the randomized solver) is
// expressed as calls of these kernels on float64 panels, which convertRow
// fills from the float32 data. The portable versions below are replaced at
// init by AVX-512 versions when the package is built with GOEXPERIMENT=simd
// on amd64 and the CPU supports AVX-512 (see kernel_simd_amd64.go).

var (
	kernel4x16  = kernel4x16Go
	kernel4x16R = kernel4x16RGo
	convertRow  = convertRowGo
	// accumulateRow adds row to sum and (row − first)² to dev, elementwise.
	accumulateRow = accumulateRowGo
	// kernelName describes the active kernels (for tests and benchmarks).
	kernelName = "go"
)

// kernel4x16Go is the portable strided micro-kernel.
func kernel4x16Go(kc int, pa []float64, sa int, pb []float64, sb int, c []float64, ldc int) {
	var acc [4][16]float64
	for i := 0; i < kc; i++ {
		a := pa[i*sa : i*sa+4 : i*sa+4]
		b := pb[i*sb : i*sb+16 : i*sb+16]
		for t, at := range a {
			r := &acc[t]
			for j, bj := range b {
				r[j] += at * bj
			}
		}
	}
	for t := range acc {
		row := c[t*ldc : t*ldc+16 : t*ldc+16]
		for j, v := range acc[t] {
			row[j] += v
		}
	}
}

// kernel4x16RGo is the portable row micro-kernel.
func kernel4x16RGo(kc int, a0, a1, a2, a3 []float64, pb []float64, sb int, c []float64, ldc int) {
	var acc [4][16]float64
	a0, a1, a2, a3 = a0[:kc], a1[:kc], a2[:kc], a3[:kc]
	for i := 0; i < kc; i++ {
		b := pb[i*sb : i*sb+16 : i*sb+16]
		x0, x1, x2, x3 := a0[i], a1[i], a2[i], a3[i]
		for j, bj := range b {
			acc[0][j] += x0 * bj
			acc[1][j] += x1 * bj
			acc[2][j] += x2 * bj
			acc[3][j] += x3 * bj
		}
	}
	for t := range acc {
		row := c[t*ldc : t*ldc+16 : t*ldc+16]
		for j, v := range acc[t] {
			row[j] += v
		}
	}
}

// convertRowGo sets dst[j] = float64(src[j]) − shift[j] (shift may be nil)
// for j < len(src).
func convertRowGo(dst []float64, src []float32, shift []float64) {
	dst = dst[:len(src)]
	if shift == nil {
		for j, v := range src {
			dst[j] = float64(v)
		}
		return
	}
	shift = shift[:len(src)]
	for j, v := range src {
		dst[j] = float64(v) - shift[j]
	}
}

// dotKernel returns Σ_i x_i·y_i (len(y) ≥ len(x)).
var dotKernel = dotGo

func dotGo(x, y []float64) float64 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func accumulateRowGo(sum, dev []float64, row, first []float32) {
	n := len(row)
	sum, dev, first = sum[:n], dev[:n], first[:n]
	for j, v := range row {
		x := float64(v)
		t := x - float64(first[j])
		sum[j] += x
		dev[j] += t * t
	}
}
