package mnist

import (
	"bytes"
	"compress/gzip"
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

// fileSpec describes one official file of a data set.
//
// An MNIST file is pinned by the SHA-256 of its .gz bytes: the MD5 sums are the ones
// published with the data set; the SHA-256 sums were computed from files whose MD5 matched
// them, and are what the loader checks.
//
// A Fashion-MNIST file is pinned by the size and SHA-256 of its decompressed IDX bytes only
// (size and sha256 are empty): Debian's dataset-fashion-mnist recompressed the upstream .gz
// files, so the compressed bytes differ between sources while the data does not. Such a
// file is decompressed, at most rawSize bytes, before it is checked.
type fileSpec struct {
	name   string // name is the base file name, e.g. "train-images-idx3-ubyte.gz".
	set    string // set names the data set in messages: "MNIST" or "Fashion-MNIST".
	size   int64  // size is the compressed size in bytes (0: only the content is pinned).
	sha256 string // sha256 is the hex SHA-256 of the .gz file ("": only the content is pinned).
	md5    string // md5 is the official hex MD5, for reference only.
	// rawSize and rawSHA256 describe the uncompressed IDX file (the layout torchvision
	// keeps in MNIST/raw), accepted in a directory that lacks the .gz file.
	rawSize   int64
	rawSHA256 string
}

// The four official MNIST files.
var (
	trainImagesFile = fileSpec{
		name:      "train-images-idx3-ubyte.gz",
		set:       "MNIST",
		size:      9912422,
		sha256:    "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
		md5:       "f68b3c2dcbeaaa9fbdd348bbdeb94873",
		rawSize:   47040016,
		rawSHA256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
	}
	trainLabelsFile = fileSpec{
		name:      "train-labels-idx1-ubyte.gz",
		set:       "MNIST",
		size:      28881,
		sha256:    "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
		md5:       "d53e105ee54ea40749a09fcbcd1e9432",
		rawSize:   60008,
		rawSHA256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
	}
	testImagesFile = fileSpec{
		name:      "t10k-images-idx3-ubyte.gz",
		set:       "MNIST",
		size:      1648877,
		sha256:    "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
		md5:       "9fb629c4189551a2d022fa330f9573f3",
		rawSize:   7840016,
		rawSHA256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
	}
	testLabelsFile = fileSpec{
		name:      "t10k-labels-idx1-ubyte.gz",
		set:       "MNIST",
		size:      4542,
		sha256:    "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
		md5:       "ec29112dd5afa0611ce80d1b7f02629c",
		rawSize:   10008,
		rawSHA256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
	}
)

// The four Fashion-MNIST files, pinned by their decompressed contents (see fileSpec), taken
// from Debian's dataset-fashion-mnist 0.0~git20200523.55506a9-1: 60000 training and 10000
// test examples, 6000 and 1000 of each class. Upstream's .gz files (26421880, 29515, 4422102
// and 5148 bytes, on its mirror and Keras's) are longer than Debian's (26421856, 29491,
// 4422079, 5125) by exactly the original file name their gzip header holds: same data.
var (
	fashionTrainImagesFile = fileSpec{
		name:      "train-images-idx3-ubyte.gz",
		set:       "Fashion-MNIST",
		md5:       "(content-pinned)",
		rawSize:   47040016,
		rawSHA256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
	}
	fashionTrainLabelsFile = fileSpec{
		name:      "train-labels-idx1-ubyte.gz",
		set:       "Fashion-MNIST",
		md5:       "(content-pinned)",
		rawSize:   60008,
		rawSHA256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
	}
	fashionTestImagesFile = fileSpec{
		name:      "t10k-images-idx3-ubyte.gz",
		set:       "Fashion-MNIST",
		md5:       "(content-pinned)",
		rawSize:   7840016,
		rawSHA256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
	}
	fashionTestLabelsFile = fileSpec{
		name:      "t10k-labels-idx1-ubyte.gz",
		set:       "Fashion-MNIST",
		md5:       "(content-pinned)",
		rawSize:   10008,
		rawSHA256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
	}
)

// splitFiles is the image file and label file of one split.
type splitFiles struct {
	images, labels fileSpec
}

// FileNames returns the base names of the four official files, as expected in a directory
// given by [Options.Dir], AELIB_MNIST_DIR or AELIB_FASHION_MNIST_DIR. Both data sets use the
// same names.
func FileNames() []string {
	return []string{trainImagesFile.name, trainLabelsFile.name, testImagesFile.name, testLabelsFile.name}
}

// raw is the spec of the uncompressed file: the name without ".gz", its size and
// SHA-256.
func (f fileSpec) raw() fileSpec {
	return fileSpec{name: strings.TrimSuffix(f.name, ".gz"), set: f.set, size: f.rawSize, sha256: f.rawSHA256, md5: "(uncompressed)"}
}

// contentPinned reports whether f is checked by its decompressed contents only, not by its
// compressed bytes.
func (f fileSpec) contentPinned() bool { return f.sha256 == "" }

// maxGzipSize is the largest .gz file accepted for a content-pinned spec: deflate's stored
// blocks add 5 bytes per 64 KiB, so anything much larger than the data is not a gzip of it.
func (f fileSpec) maxGzipSize() int64 { return f.rawSize + f.rawSize/100 + 64<<10 }

// checkSum verifies data against the spec's size and SHA-256. path is used
// in the error message only.
func (f fileSpec) checkSum(path string, data []byte) error {
	if int64(len(data)) != f.size {
		return fmt.Errorf("%s: size %d bytes, want %d (checksum cannot match; not the official %s file)",
			path, len(data), f.size, f.set)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != f.sha256 {
		return fmt.Errorf("%s: checksum mismatch: sha256 %s, want %s (corrupt or not the official %s file%s)",
			path, got, f.sha256, f.set, otherSetHint(got, f.set))
	}
	return nil
}

// verify checks data, the contents of path (used in messages only), against f. For a
// content-pinned spec it decompresses data, refusing more than f.rawSize bytes, checks the
// result and returns it; otherwise it checks data itself and returns nil.
func (f fileSpec) verify(path string, data []byte) ([]byte, error) {
	if !f.contentPinned() {
		return nil, f.checkSum(path, data)
	}
	idx, err := gunzipExactly(data, f.rawSize)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (corrupt or not the official %s file)", path, err, f.set)
	}
	sum := sha256.Sum256(idx)
	if got := hex.EncodeToString(sum[:]); got != f.rawSHA256 {
		return nil, fmt.Errorf("%s: checksum mismatch: decompressed sha256 %s, want %s (corrupt or not the official %s file%s)",
			path, got, f.rawSHA256, f.set, otherSetHint(got, f.set))
	}
	return idx, nil
}

// gunzipExactly decompresses data, which must be gzip data of exactly n bytes. It never
// reads more than n+1 decompressed bytes, so a gzip bomb costs nothing but the n-byte
// buffer, and it reads to the end of the stream, so the gzip CRC is checked.
func gunzipExactly(data []byte, n int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("not gzip data: %w", err)
	}
	defer zr.Close()
	out := make([]byte, n)
	got, err := io.ReadFull(zr, out)
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return nil, fmt.Errorf("decompresses to %d bytes, want %d", got, n)
	case err != nil:
		return nil, fmt.Errorf("gunzip after %d bytes: %w", got, err)
	}
	var one [1]byte
	switch extra, err := io.ReadFull(zr, one[:]); {
	case extra > 0:
		return nil, fmt.Errorf("decompresses to more than the expected %d bytes (refused: a gzip bomb?)", n)
	case !errors.Is(err, io.EOF):
		return nil, fmt.Errorf("gunzip at the end of the expected %d bytes: %w", n, err)
	}
	return out, nil
}

// otherSetHint returns ": it is the <title> file" when sum is the pinned uncompressed
// SHA-256 of a file of another data set than set, else "". A folder of the wrong data set
// is an easy mistake, as both use the same file names.
func otherSetHint(sum, set string) string {
	for _, s := range []*datasetSpec{&mnistSpec, &fashionSpec} {
		for _, f := range s.files {
			if s.title != set && sum == f.rawSHA256 {
				return fmt.Sprintf("; this is the %s file %s", s.title, f.raw().name)
			}
		}
	}
	return ""
}

// verifiedFile is a file read and checked against its pinned checksum.
type verifiedFile struct {
	name string // name is the base name read: the spec's .gz name or the uncompressed one.
	data []byte // data is the file as stored, copied as is into the user cache.
	idx  []byte // idx is the decompressed IDX data when checking produced it, else nil.
}

// idxData returns what the IDX parsers should read: the decompressed data when checking
// produced it, else the file as stored (raw or gzip-compressed).
func (v verifiedFile) idxData() []byte {
	if v.idx != nil {
		return v.idx
	}
	return v.data
}

// readVerified reads dir/f.name — or, when it is absent, the uncompressed file of the
// same name without ".gz" — and checks it against f before returning its contents.
// It refuses to read a file of the wrong size.
func readVerified(dir string, f fileSpec) (verifiedFile, error) {
	v, err := readChecked(dir, f)
	if errors.Is(err, fs.ErrNotExist) && f.rawSHA256 != "" {
		if raw, rawErr := readChecked(dir, f.raw()); !errors.Is(rawErr, fs.ErrNotExist) {
			return raw, rawErr
		}
	}
	return v, err
}

// readChecked reads dir/f.name and checks it against f.
func readChecked(dir string, f fileSpec) (verifiedFile, error) {
	path := filepath.Join(dir, f.name)
	fh, err := os.Open(path)
	if err != nil {
		return verifiedFile{}, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return verifiedFile{}, fmt.Errorf("stat %s: %w", path, err)
	}
	switch {
	case !f.contentPinned() && st.Size() != f.size:
		return verifiedFile{}, fmt.Errorf("%s: size %d bytes, want %d (checksum cannot match; not the official %s file)",
			path, st.Size(), f.size, f.set)
	case f.contentPinned() && st.Size() > f.maxGzipSize():
		return verifiedFile{}, fmt.Errorf("%s: size %d bytes, more than a gzip of the %d-byte IDX file can take (not the official %s file)",
			path, st.Size(), f.rawSize, f.set)
	}
	data := make([]byte, st.Size())
	if _, err := io.ReadFull(fh, data); err != nil {
		return verifiedFile{}, fmt.Errorf("read %s: %w", path, err)
	}
	idx, err := f.verify(path, data)
	if err != nil {
		return verifiedFile{}, err
	}
	return verifiedFile{name: f.name, data: data, idx: idx}, nil
}
