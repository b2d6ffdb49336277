package mnist

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// fileSpec describes one official MNIST file. The MD5 sums are the ones
// published with the data set; the SHA-256 sums were computed from files
// whose MD5 matched them, and are what the loader checks.
type fileSpec struct {
	name   string // name is the base file name, e.g. "train-images-idx3-ubyte.gz".
	size   int64  // size is the compressed size in bytes.
	sha256 string // sha256 is the hex SHA-256 of the .gz file.
	md5    string // md5 is the official hex MD5, for reference only.
	// rawSize and rawSHA256 describe the uncompressed IDX file (the layout torchvision
	// keeps in MNIST/raw), accepted in a directory that lacks the .gz file.
	rawSize   int64
	rawSHA256 string
}

// The four official files.
var (
	trainImagesFile = fileSpec{
		name:      "train-images-idx3-ubyte.gz",
		size:      9912422,
		sha256:    "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
		md5:       "f68b3c2dcbeaaa9fbdd348bbdeb94873",
		rawSize:   47040016,
		rawSHA256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
	}
	trainLabelsFile = fileSpec{
		name:      "train-labels-idx1-ubyte.gz",
		size:      28881,
		sha256:    "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
		md5:       "d53e105ee54ea40749a09fcbcd1e9432",
		rawSize:   60008,
		rawSHA256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
	}
	testImagesFile = fileSpec{
		name:      "t10k-images-idx3-ubyte.gz",
		size:      1648877,
		sha256:    "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
		md5:       "9fb629c4189551a2d022fa330f9573f3",
		rawSize:   7840016,
		rawSHA256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
	}
	testLabelsFile = fileSpec{
		name:      "t10k-labels-idx1-ubyte.gz",
		size:      4542,
		sha256:    "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
		md5:       "ec29112dd5afa0611ce80d1b7f02629c",
		rawSize:   10008,
		rawSHA256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
	}
)

// splitFiles is the image file and label file of one split.
type splitFiles struct {
	images, labels fileSpec
}

// filesOf returns the files of a split.
func filesOf(s Split) (splitFiles, error) {
	switch s {
	case Train:
		return splitFiles{trainImagesFile, trainLabelsFile}, nil
	case Test:
		return splitFiles{testImagesFile, testLabelsFile}, nil
	}
	return splitFiles{}, fmt.Errorf("mnist: unknown split %v", s)
}

// FileNames returns the base names of the four official MNIST files, as
// expected in a directory given by [Options.Dir] or AELIB_MNIST_DIR.
func FileNames() []string {
	return []string{trainImagesFile.name, trainLabelsFile.name, testImagesFile.name, testLabelsFile.name}
}

// raw is the spec of the uncompressed file: the name without ".gz", its size and
// SHA-256.
func (f fileSpec) raw() fileSpec {
	return fileSpec{name: strings.TrimSuffix(f.name, ".gz"), size: f.rawSize, sha256: f.rawSHA256, md5: "(uncompressed)"}
}

// checkSum verifies data against the spec's size and SHA-256. path is used
// in the error message only.
func (f fileSpec) checkSum(path string, data []byte) error {
	if int64(len(data)) != f.size {
		return fmt.Errorf("%s: size %d bytes, want %d (checksum cannot match; not the official MNIST file)",
			path, len(data), f.size)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != f.sha256 {
		return fmt.Errorf("%s: checksum mismatch: sha256 %s, want %s (corrupt or not the official MNIST file)",
			path, got, f.sha256)
	}
	return nil
}

// readVerified reads dir/f.name — or, when it is absent, the uncompressed file of the
// same name without ".gz" — and checks its size and SHA-256 before returning its contents.
// It refuses to read a file of the wrong size.
func readVerified(dir string, f fileSpec) ([]byte, error) {
	data, err := readChecked(dir, f)
	if errors.Is(err, fs.ErrNotExist) && f.rawSHA256 != "" {
		if raw, rawErr := readChecked(dir, f.raw()); !errors.Is(rawErr, fs.ErrNotExist) {
			return raw, rawErr
		}
	}
	return data, err
}

// readChecked reads dir/f.name and checks its size and SHA-256.
func readChecked(dir string, f fileSpec) ([]byte, error) {
	path := filepath.Join(dir, f.name)
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	if st.Size() != f.size {
		return nil, fmt.Errorf("%s: size %d bytes, want %d (checksum cannot match; not the official MNIST file)",
			path, st.Size(), f.size)
	}
	data := make([]byte, f.size)
	if _, err := io.ReadFull(fh, data); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if err := f.checkSum(path, data); err != nil {
		return nil, err
	}
	return data, nil
}
