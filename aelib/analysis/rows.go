package analysis

// Float64s converts values to float64, for the histogram and statistics functions that
// take them.
func Float64s(x []float32) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

// Rows splits a row-major batch into rows of n values (a last, shorter row is dropped):
// e.g. a decoded latent grid into one row of images per grid row.
func Rows(x []float32, n int) [][]float32 {
	if n < 1 {
		return nil
	}
	out := make([][]float32, 0, len(x)/n)
	for lo := 0; lo+n <= len(x); lo += n {
		out = append(out, x[lo:lo+n])
	}
	return out
}

// FirstImages returns the first n images (of d values) of each batch, or the whole batch
// when it is shorter.
func FirstImages(batches [][]float32, n, d int) [][]float32 {
	out := make([][]float32, len(batches))
	for i, b := range batches {
		out[i] = b[:min(len(b), n*d)]
	}
	return out
}
