package mnist

// Fashion-MNIST tests. Most build their own fixtures and run anywhere: small synthetic IDX
// files pinned by content exactly as the real files are (synthFashion) exercise the
// verification and the resolution order. The checks on the real files need Debian's
// package dataset-fashion-mnist (`apt-get install dataset-fashion-mnist`, done by
// scripts/setup-notebooks.sh where apt is available): TestFashionDebianPackage and
// TestFashionRecompressed. Where the package is absent they fail, saying how to install it
// (requireDebianFashion); `make test` installs it first. TestFashionMissingPackage checks,
// everywhere, the NotFoundError that a missing package gives.

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

func TestParseDataset(t *testing.T) {
	tests := []struct {
		name    string
		want    Dataset
		wantErr bool
	}{
		{"mnist", MNIST, false},
		{"MNIST", MNIST, false},
		{"fashion", Fashion, false},
		{"fashion-mnist", Fashion, false},
		{"Fashion-MNIST", Fashion, false},
		{" fashion\n", Fashion, false},
		{"", "", true},
		{"fashion_mnist", "", true},
		{"cifar10", "", true},
	}
	for _, tt := range tests {
		got, err := ParseDataset(tt.name)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseDataset(%q) = %q, %v; want %q, error %v", tt.name, got, err, tt.want, tt.wantErr)
		}
		if err != nil {
			for _, w := range []string{fmt.Sprintf("unknown data set %q", tt.name), `want one of "mnist", "fashion", "fashion-mnist"`} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("ParseDataset(%q) error %q does not mention %q", tt.name, err, w)
				}
			}
		}
	}
}

func TestClassNames(t *testing.T) {
	tests := []struct {
		d     Dataset
		title string
		want  []string
	}{
		{MNIST, "MNIST", []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}},
		{"", "MNIST", []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}},
		{Fashion, "Fashion-MNIST", []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
			"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}},
		{"cifar10", `Dataset("cifar10")`, nil},
	}
	for _, tt := range tests {
		got := ClassNames(tt.d)
		if !slices.Equal(got, tt.want) {
			t.Errorf("ClassNames(%q) = %q, want %q", tt.d, got, tt.want)
		}
		if tt.want != nil && len(got) != NumClasses {
			t.Errorf("ClassNames(%q) has %d names, want %d", tt.d, len(got), NumClasses)
		}
		if len(got) > 0 {
			got[0] = "changed"
			if ClassNames(tt.d)[0] == "changed" {
				t.Errorf("ClassNames(%q) returns shared memory", tt.d)
			}
		}
		if title := tt.d.Title(); title != tt.title {
			t.Errorf("%q.Title() = %q, want %q", tt.d, title, tt.title)
		}
	}
}

func TestDefaultMirrorsOf(t *testing.T) {
	if got := DefaultMirrorsOf(MNIST); !slices.Equal(got, DefaultMirrors()) || len(got) == 0 {
		t.Errorf("DefaultMirrorsOf(MNIST) = %q, want DefaultMirrors() = %q", got, DefaultMirrors())
	}
	if got := DefaultMirrorsOf(Fashion); !slices.Contains(got, "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/") {
		t.Errorf("DefaultMirrorsOf(Fashion) = %q, want upstream's mirror among them", got)
	}
	if got := DefaultMirrorsOf("cifar10"); got != nil {
		t.Errorf("DefaultMirrorsOf(cifar10) = %q, want nil", got)
	}
}

func TestLoadUnknownDataset(t *testing.T) {
	opts := isolate(t)
	opts.Dataset = "cifar10"
	_, _, _, err := Load(opts)
	if err == nil || !strings.Contains(err.Error(), `unknown data set "cifar10"`) || !strings.Contains(err.Error(), `"fashion-mnist"`) {
		t.Fatalf("Load(Dataset: cifar10) error = %v", err)
	}
}

// gzLevel compresses b with gzip at the given level, naming the original file in the
// header when name is not empty (upstream's .gz files do; Debian's do not).
func gzLevel(t testing.TB, b []byte, level int, name string) []byte {
	t.Helper()
	var out bytes.Buffer
	w, err := gzip.NewWriterLevel(&out, level)
	if err != nil {
		t.Fatal(err)
	}
	w.Name = name
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// gunzip decompresses b.
func gunzip(t testing.TB, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// flipped returns a copy of b with one bit of byte i changed.
func flipped(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 1
	return c
}

// pinned returns a content-pinned Fashion-MNIST spec named name for the IDX data raw.
func pinned(name string, raw []byte) fileSpec {
	sum := sha256.Sum256(raw)
	return fileSpec{name: name, set: "Fashion-MNIST", rawSize: int64(len(raw)), rawSHA256: hex.EncodeToString(sum[:])}
}

// TestVerifyContentPinned checks the verification of a file pinned by its decompressed
// contents, as the Fashion-MNIST files are, on a synthetic label file: any gzip of the right
// data passes, anything else fails with a message naming the file and the data set, and
// decompression stops one byte past the expected size.
func TestVerifyContentPinned(t *testing.T) {
	const gzName, rawName = "t10k-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte"
	raw := validLabels(1000) // 1008 bytes
	f := pinned(gzName, raw)
	good := gzLevel(t, raw, gzip.DefaultCompression, "")
	tests := []struct {
		name string
		file string   // file is the name written (gzName when empty).
		data []byte   // data is its contents.
		want []string // want are substrings of the error; none: it verifies.
	}{
		{name: "default level", data: good},
		{name: "best speed", data: gzLevel(t, raw, gzip.BestSpeed, "")},
		{name: "best compression", data: gzLevel(t, raw, gzip.BestCompression, "")},
		{name: "stored blocks", data: gzLevel(t, raw, gzip.NoCompression, "")},
		{name: "file name in the header, as upstream's", data: gzLevel(t, raw, gzip.BestCompression, rawName)},
		{name: "two gzip members", data: append(gz(raw[:500]), gz(raw[500:])...)},
		{name: "uncompressed file without .gz", file: rawName, data: raw},
		{name: "one data byte changed", data: gz(flipped(raw, 100)),
			want: []string{gzName + ": checksum mismatch: decompressed sha256 ", "want " + f.rawSHA256, "not the official Fashion-MNIST file"}},
		{name: "one data byte changed, uncompressed", file: rawName, data: flipped(raw, 100),
			want: []string{rawName + ": checksum mismatch: sha256 ", "not the official Fashion-MNIST file"}},
		{name: "one compressed byte changed", data: flipped(good, len(good)/2),
			want: []string{gzName + ": ", "not the official Fashion-MNIST file"}},
		{name: "CRC changed", data: flipped(good, len(good)-6),
			want: []string{gzName + ": gunzip at the end of the expected 1008 bytes: gzip: invalid checksum", "Fashion-MNIST"}},
		{name: "truncated", data: good[:len(good)/2],
			want: []string{gzName + ": decompresses to ", "want 1008", "Fashion-MNIST"}},
		{name: "short data", data: gz(raw[:1000]),
			want: []string{gzName + ": decompresses to 1000 bytes, want 1008", "Fashion-MNIST"}},
		{name: "gzip bomb", data: gz(make([]byte, 16<<20)),
			want: []string{gzName + ": decompresses to more than the expected 1008 bytes (refused: a gzip bomb?)", "Fashion-MNIST"}},
		{name: "trailing data", data: append(bytes.Clone(good), "junk, not a gzip member"...),
			want: []string{gzName + ": gunzip at the end of the expected 1008 bytes: gzip: invalid header", "Fashion-MNIST"}},
		{name: "not gzip", data: raw,
			want: []string{gzName + ": not gzip data: gzip: invalid header", "Fashion-MNIST"}},
		{name: "too large to be a gzip of the data", data: make([]byte, f.maxGzipSize()+1),
			want: []string{gzName + ": size 66555 bytes, more than a gzip of the 1008-byte IDX file can take", "Fashion-MNIST"}},
		{name: "uncompressed, wrong size", file: rawName, data: raw[:1000],
			want: []string{rawName + ": size 1000 bytes, want 1008", "Fashion-MNIST"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			file := cmp.Or(tt.file, gzName)
			if err := os.WriteFile(filepath.Join(dir, file), tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			v, err := readVerified(dir, f)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if v.name != file || !bytes.Equal(v.data, tt.data) || !bytes.Equal(v.idxData(), raw) {
					t.Errorf("read %q (%d bytes stored, %d bytes of IDX data), want %q holding the data", v.name, len(v.data), len(v.idxData()), file)
				}
				return
			}
			if err == nil {
				t.Fatalf("verified, want an error mentioning %q", tt.want)
			}
			for _, w := range append(tt.want, filepath.Join(dir, file)) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// synthFashion returns a copy of the Fashion-MNIST description whose four files are tiny
// synthetic IDX files (3 training and 2 test examples) pinned by their contents as the real
// ones are, with those files gzip-compressed, by name. Only resolve can load them: Load
// wants the official split sizes.
func synthFashion(t testing.TB) (*datasetSpec, map[string][]byte) {
	spec := fashionSpec
	spec.mirrors = nil
	files := make(map[string][]byte)
	for i, raw := range [4][]byte{validImages(3), validLabels(3), validImages(2), validLabels(2)} {
		spec.files[i] = pinned(spec.files[i].name, raw)
		files[spec.files[i].name] = gzLevel(t, raw, gzip.BestSpeed, "")
	}
	return &spec, files
}

// writeFiles writes files into a new temporary directory and returns it.
func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// mirror serves files by base name and counts the requests.
func mirror(t *testing.T, files map[string][]byte) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		data, ok := files[filepath.Base(r.URL.Path)]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// cacheNames lists the files in dir.
func cacheNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestFashionResolutionOrder checks, on synthetic files, that Fashion-MNIST is looked up in
// Options.Dir, then AELIB_FASHION_MNIST_DIR (never AELIB_MNIST_DIR), then the user cache,
// then the Debian package folder, then the mirrors; and that what the last two supply is
// copied into the user cache, which serves the next load.
func TestFashionResolutionOrder(t *testing.T) {
	spec, files := synthFashion(t)
	tests := []struct {
		name                              string
		dir, env, mnistEnv, cache, system bool // which sources hold good files
		want                              string
	}{
		{name: "Options.Dir wins", dir: true, env: true, cache: true, system: true, want: KindDir},
		{name: "AELIB_FASHION_MNIST_DIR before cache", env: true, cache: true, system: true, want: KindFashionEnv},
		{name: "AELIB_MNIST_DIR is not used", mnistEnv: true, cache: true, want: KindCache},
		{name: "cache before system package", cache: true, system: true, want: KindCache},
		{name: "system package when the cache is empty", system: true, want: KindSystem},
		{name: "download when nothing else has the files", want: KindDownload},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := isolate(t)
			opts.Dataset = Fashion
			empty := t.TempDir()
			paths := map[string]string{KindDir: "", KindFashionEnv: "", KindCache: opts.CacheDir, KindSystem: opts.SystemDir, KindDownload: opts.CacheDir}
			if tt.dir {
				opts.Dir = writeFiles(t, files)
				paths[KindDir] = opts.Dir
			}
			if tt.env {
				paths[KindFashionEnv] = writeFiles(t, files)
				t.Setenv(FashionEnvDir, paths[KindFashionEnv])
			}
			if tt.mnistEnv {
				t.Setenv(EnvDir, writeFiles(t, files))
			} else {
				t.Setenv(EnvDir, empty) // an empty folder: an error if it were used
			}
			if tt.cache {
				opts.CacheDir = writeFiles(t, files)
				paths[KindCache], paths[KindDownload] = opts.CacheDir, opts.CacheDir
			}
			if tt.system {
				opts.SystemDir = writeFiles(t, files)
				paths[KindSystem] = opts.SystemDir
			}
			srv, hits := mirror(t, files)
			opts.Mirrors = []string{srv.URL}
			cachedBefore := cacheNames(t, opts.CacheDir)

			l := &loader{opts: opts, spec: spec, what: "train+test"}
			blobs, src, err := l.resolve(spec.files[:])
			if err != nil {
				t.Fatal(err)
			}
			if want := (Source{Kind: tt.want, Path: paths[tt.want]}); src != want {
				t.Errorf("source = %v, want %v", src, want)
			}
			for _, f := range spec.files {
				if v := blobs[f.name]; !bytes.Equal(v.data, files[f.name]) || v.idx == nil {
					t.Errorf("%s: got %d bytes (decompressed %v), want the file", f.name, len(v.data), v.idx != nil)
				}
			}
			if n := hits.Load(); (n > 0) != (tt.want == KindDownload) {
				t.Errorf("%d requests to the mirror", n)
			}
			cached := cacheNames(t, opts.CacheDir)
			switch tt.want {
			case KindSystem, KindDownload:
				if want := slices.Sorted(slices.Values(FileNames())); !slices.Equal(cached, want) {
					t.Fatalf("cache holds %q, want %q", cached, want)
				}
				// The next load comes from the cache, with the other sources gone.
				os.RemoveAll(opts.SystemDir)
				srv.Close()
				_, src, err := (&loader{opts: opts, spec: spec, what: "test"}).resolve(spec.files[2:])
				if want := (Source{Kind: KindCache, Path: opts.CacheDir}); err != nil || src != want {
					t.Errorf("second load: source %v, error %v; want %v", src, err, want)
				}
			default:
				if !slices.Equal(cached, cachedBefore) {
					t.Errorf("cache changed from %q to %q", cachedBefore, cached)
				}
			}
		})
	}
}

// TestFashionDownloadMirrors checks the download of content-pinned files on synthetic ones:
// bad mirrors are skipped, with each failure reported by URL.
func TestFashionDownloadMirrors(t *testing.T) {
	spec, files := synthFashion(t)
	corrupt, bomb := make(map[string][]byte), make(map[string][]byte)
	for name, data := range files {
		raw := gunzip(t, data)
		corrupt[name] = gz(flipped(raw, len(raw)-1))
		bomb[name] = gz(make([]byte, 1<<20))
	}
	good, _ := mirror(t, files)
	bad, _ := mirror(t, corrupt)
	bombs, _ := mirror(t, bomb)
	missing, _ := mirror(t, nil)
	tests := []struct {
		name    string
		mirrors []string
		want    []string // substrings of the error; none: it loads
	}{
		{"falls through bad mirrors", []string{missing.URL, bad.URL, bombs.URL + "/", good.URL}, nil},
		{"all mirrors bad", []string{missing.URL, bad.URL, bombs.URL}, []string{
			"download: ", "download t10k-images-idx3-ubyte.gz: ",
			"GET " + missing.URL + "/t10k-images-idx3-ubyte.gz: 404 Not Found",
			"GET " + bad.URL + "/t10k-images-idx3-ubyte.gz: checksum mismatch: decompressed sha256",
			"GET " + bombs.URL + "/t10k-images-idx3-ubyte.gz: decompresses to more than the expected 1584 bytes",
			"not the official Fashion-MNIST file",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := isolate(t)
			opts.Dataset = Fashion
			opts.Mirrors = tt.mirrors
			_, src, err := (&loader{opts: opts, spec: spec, what: "test"}).resolve(spec.files[2:])
			if len(tt.want) == 0 {
				if want := (Source{Kind: KindDownload, Path: opts.CacheDir}); err != nil || src != want {
					t.Fatalf("source %v, error %v; want %v", src, err, want)
				}
				if got := cacheNames(t, opts.CacheDir); len(got) != 2 {
					t.Errorf("cache holds %q, want the 2 test files (no temp files)", got)
				}
				return
			}
			if err == nil {
				t.Fatalf("loaded from %v", src)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q: %v", w, err)
				}
			}
			if got := cacheNames(t, opts.CacheDir); len(got) != 0 {
				t.Errorf("failed downloads left %q in the cache", got)
			}
		})
	}
}

// TestFashionAllSourcesFail checks the NotFoundError of Fashion-MNIST: its sources (no Go
// module cache step) and its advice.
func TestFashionAllSourcesFail(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(t *testing.T, opts *Options)
		reason []string // expected reasons, in the error message
	}{
		{"no network", func(t *testing.T, opts *Options) { opts.NoNetwork = true },
			[]string{"download: " + "CACHE" + ": skipped: Options.NoNetwork is set"}},
		{"mirrors down", func(t *testing.T, opts *Options) {},
			[]string{"download t10k-images-idx3-ubyte.gz: GET ", "connection refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := isolate(t)
			opts.Dataset = Fashion
			tt.setup(t, &opts)
			_, src, err := LoadSplit(opts, Test)
			var nf *NotFoundError
			if !errors.As(err, &nf) {
				t.Fatalf("LoadSplit = %v, %v; want a *NotFoundError", src, err)
			}
			var kinds []string
			for _, a := range nf.Attempts {
				kinds = append(kinds, a.Source.Kind)
			}
			if want := []string{KindDir + " / " + KindFashionEnv, KindCache, KindSystem, KindDownload}; !slices.Equal(kinds, want) {
				t.Errorf("attempted %q, want %q", kinds, want)
			}
			msg := err.Error()
			t.Log(msg)
			for _, w := range append(tt.reason,
				"load Fashion-MNIST test: no usable source; tried:\n",
				"1. dir / env AELIB_FASHION_MNIST_DIR: not set\n",
				"user cache: CACHE: missing t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz\n",
				"system package: "+opts.SystemDir+": directory does not exist (`apt-get install dataset-fashion-mnist` installs the files in /usr/share/datasets/fashion-mnist)\n",
				"\nto fix: run `apt-get install dataset-fashion-mnist`",
				"or set AELIB_FASHION_MNIST_DIR to a folder holding the four files (train-images-idx3-ubyte.gz, ",
				"or allow network access",
			) {
				if w = strings.ReplaceAll(w, "CACHE", opts.CacheDir); !strings.Contains(msg, w) {
					t.Errorf("error does not mention %q", w)
				}
			}
			for _, w := range []string{"GoMNIST", "module cache", "AELIB_MNIST_DIR", "load MNIST"} {
				if strings.Contains(msg, w) {
					t.Errorf("error mentions MNIST's %q", w)
				}
			}
		})
	}
}

// TestFashionExplicitDirErrors checks that a bad folder named by Options.Dir or
// AELIB_FASHION_MNIST_DIR is an error naming the data set and the file, with no fallback.
func TestFashionExplicitDirErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string][]byte
		want  []string
	}{
		{"missing files", map[string][]byte{"train-labels-idx1-ubyte.gz": gz(validLabels(10))},
			[]string{"missing t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz"}},
		{"not gzip", map[string][]byte{"t10k-images-idx3-ubyte.gz": []byte("not gzip")},
			[]string{"t10k-images-idx3-ubyte.gz: not gzip data", "not the official Fashion-MNIST file"}},
		{"wrong data", map[string][]byte{"t10k-images-idx3-ubyte.gz": gz(validImages(3))},
			[]string{"t10k-images-idx3-ubyte.gz: decompresses to 2368 bytes, want 7840016", "not the official Fashion-MNIST file"}},
		{"uncompressed, wrong size", map[string][]byte{"t10k-images-idx3-ubyte": make([]byte, 100)},
			[]string{"t10k-images-idx3-ubyte: size 100 bytes, want 7840016", "not the official Fashion-MNIST file"}},
		{"too large to be a gzip of the data", map[string][]byte{"t10k-images-idx3-ubyte.gz": make([]byte, fashionTestImagesFile.maxGzipSize()+1)},
			[]string{"t10k-images-idx3-ubyte.gz: size 7983953 bytes, more than a gzip of the 7840016-byte IDX file can take", "Fashion-MNIST"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, tt.files)
			for _, viaEnv := range []bool{false, true} {
				opts := isolate(t)
				opts.Dataset = Fashion
				want := Source{Kind: KindDir, Path: dir}
				if viaEnv {
					t.Setenv(FashionEnvDir, dir)
					want.Kind = KindFashionEnv
				} else {
					opts.Dir = dir
				}
				_, src, err := LoadSplit(opts, Test)
				if err == nil {
					t.Fatalf("loaded from %v", src)
				}
				var nf *NotFoundError
				if errors.As(err, &nf) {
					t.Errorf("explicit dir fell back to other sources: %v", err)
				}
				for _, w := range append(tt.want, "load Fashion-MNIST test from "+want.String()+": ") {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not mention %q", err, w)
					}
				}
			}
		})
	}
}

// TestFashionGivenMNIST: an MNIST folder given as Fashion-MNIST's is refused, and the error
// says what the file is (both data sets use the same file names).
func TestFashionGivenMNIST(t *testing.T) {
	opts := isolate(t)
	opts.Dataset = Fashion
	opts.Dir = realDataDir(t)
	_, _, err := LoadSplit(opts, Test)
	for _, w := range []string{"load Fashion-MNIST test from dir: ", "t10k-images-idx3-ubyte.gz: checksum mismatch: decompressed sha256 " + testImagesFile.rawSHA256,
		"not the official Fashion-MNIST file; this is the MNIST file t10k-images-idx3-ubyte)"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error %v does not mention %q", err, w)
		}
	}
}

// requireDebianFashion fails the test unless Debian's dataset-fashion-mnist is installed:
// a test of the real files must not pass without having checked anything. The message says
// how to install it. `make test` installs it
// first where apt-get can (make notebooks-setup). TestFashionMissingPackage checks the
// error of a missing package on every machine.
func requireDebianFashion(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(FashionSystemDir); err != nil {
		t.Fatalf("the real Fashion-MNIST files are missing (%v): `apt-get install %s` (or `make notebooks-setup`, which `make test` runs first) installs them in %s",
			err, fashionPackage, FashionSystemDir)
	}
}

// checkMissingPackage checks that loading Fashion-MNIST offline, with an empty cache and the
// package folder dir absent, fails with the NotFoundError that says how to install it.
func checkMissingPackage(t *testing.T, dir string) {
	t.Helper()
	opts := isolate(t)
	opts.Dataset, opts.SystemDir, opts.NoNetwork = Fashion, dir, true
	_, src, err := LoadSplit(opts, Test)
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		t.Fatalf("%s is absent but LoadSplit returned %v, %v; want a *NotFoundError", dir, src, err)
	}
	for _, w := range []string{"system package: " + dir + ": directory does not exist (`apt-get install dataset-fashion-mnist` installs",
		"to fix: run `apt-get install dataset-fashion-mnist`"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %q", err, w)
		}
	}
}

// TestFashionMissingPackage checks, on every machine, the error of loading Fashion-MNIST
// offline when the package is absent.
func TestFashionMissingPackage(t *testing.T) {
	checkMissingPackage(t, filepath.Join(t.TempDir(), "fashion-mnist"))
}

// checkFashionSet asserts the properties of a real Fashion-MNIST split: its size, valid
// pixels and labels, 6000 (train) or 1000 (test) examples of each class, its first labels.
func checkFashionSet(t *testing.T, s *Set, split Split) {
	t.Helper()
	if s.Len() != split.Len() {
		t.Fatalf("%v: %d examples, want %d", split, s.Len(), split.Len())
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("%v: %v", split, err)
	}
	if lo, hi := slices.Min(s.Images), slices.Max(s.Images); lo != 0 || hi != 1 {
		t.Errorf("%v: pixel range [%v, %v], want [0, 1]", split, lo, hi)
	}
	var hist [NumClasses]int
	for _, l := range s.Labels {
		hist[l]++
	}
	for c, n := range hist {
		if n != split.Len()/NumClasses {
			t.Errorf("%v: %d examples of class %d (%s), want %d", split, n, c, ClassNames(Fashion)[c], split.Len()/NumClasses)
		}
	}
	first := []uint8{9, 0, 0, 3, 0, 2, 7, 2, 5, 5} // Ankle boot, T-shirt/top, ...
	if split == Test {
		first = []uint8{9, 2, 1, 1, 6, 1, 4, 6, 5, 7}
	}
	if !slices.Equal(s.Labels[:10], first) {
		t.Errorf("%v: first labels %v, want %v", split, s.Labels[:10], first)
	}
}

// TestFashionDebianPackage loads both splits from Debian's package folder (needs the
// package; see requireDebianFashion), which copies the files into the user cache, and then the
// test split from the cache.
func TestFashionDebianPackage(t *testing.T) {
	requireDebianFashion(t)
	opts := isolate(t)
	opts.Dataset, opts.SystemDir, opts.NoNetwork = Fashion, FashionSystemDir, true
	train, test, src, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Source{Kind: KindSystem, Path: FashionSystemDir}); src != want {
		t.Errorf("source = %v, want %v", src, want)
	}
	checkFashionSet(t, train, Train)
	checkFashionSet(t, test, Test)

	if got, want := cacheNames(t, opts.CacheDir), slices.Sorted(slices.Values(FileNames())); !slices.Equal(got, want) {
		t.Fatalf("cache holds %q, want %q", got, want)
	}
	for _, name := range FileNames() {
		orig, err1 := os.ReadFile(filepath.Join(FashionSystemDir, name))
		cached, err2 := os.ReadFile(filepath.Join(opts.CacheDir, name))
		if err := errors.Join(err1, err2); err != nil || !bytes.Equal(orig, cached) {
			t.Errorf("cached %s differs from Debian's (%v)", name, err)
		}
	}
	opts.SystemDir = filepath.Join(t.TempDir(), "gone")
	test2, src, err := LoadSplit(opts, Test)
	if want := (Source{Kind: KindCache, Path: opts.CacheDir}); err != nil || src != want {
		t.Fatalf("second load: source %v, error %v; want %v", src, err, want)
	}
	if !slices.Equal(test2.Labels, test.Labels) || !slices.Equal(test2.Images, test.Images) {
		t.Error("test split from the cache differs")
	}
}

// TestFashionRecompressed checks that the real Fashion-MNIST test files verify by their
// contents whatever their compression (Debian recompressed upstream's), and that one changed
// byte is refused with a message naming the file and the data set. Needs the package (see
// requireDebianFashion).
func TestFashionRecompressed(t *testing.T) {
	requireDebianFashion(t)
	const images, labels = "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"
	raws, debian := make(map[string][]byte), make(map[string][]byte)
	for _, name := range []string{images, labels} {
		data, err := os.ReadFile(filepath.Join(FashionSystemDir, name))
		if err != nil {
			t.Fatal(err)
		}
		debian[name], raws[name] = data, gunzip(t, data)
	}
	// The 7.8 MB image file is recompressed once, fast; the label file at each level.
	fastImages := gzLevel(t, raws[images], gzip.BestSpeed, "")
	if bytes.Equal(fastImages, debian[images]) {
		t.Fatal("the recompressed images are Debian's file: the test would prove nothing")
	}
	tests := []struct {
		name  string
		level int    // level is the labels' gzip level; 0: write both files uncompressed.
		hdr   string // hdr is the file name in the labels' gzip header.
		edit  bool   // edit changes one label (still a valid IDX file: only the checksum tells).
		want  string // want is a substring of the error; "": it loads.
	}{
		{name: "best speed", level: gzip.BestSpeed},
		{name: "best compression", level: gzip.BestCompression},
		{name: "header with the name, as upstream's", level: gzip.DefaultCompression, hdr: "t10k-labels-idx1-ubyte"},
		{name: "uncompressed"},
		{name: "one label changed", level: gzip.BestCompression, edit: true,
			want: labels + ": checksum mismatch: decompressed sha256 "},
		{name: "one label changed, uncompressed", edit: true,
			want: "t10k-labels-idx1-ubyte: checksum mismatch: sha256 "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rawLabels := raws[labels]
			if tt.edit {
				rawLabels = flipped(rawLabels, 1000)
			}
			files := map[string][]byte{images: fastImages, labels: gzLevel(t, rawLabels, tt.level, tt.hdr)}
			if tt.level == 0 {
				files = map[string][]byte{strings.TrimSuffix(images, ".gz"): raws[images], strings.TrimSuffix(labels, ".gz"): rawLabels}
			} else if bytes.Equal(files[labels], debian[labels]) {
				t.Fatal("the recompressed labels are Debian's file: the test would prove nothing")
			}
			opts := isolate(t)
			opts.Dataset, opts.Dir = Fashion, writeFiles(t, files)
			test, src, err := LoadSplit(opts, Test)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				checkFashionSet(t, test, Test)
				return
			}
			if err == nil {
				t.Fatalf("loaded from %v", src)
			}
			for _, w := range []string{tt.want, "load Fashion-MNIST test from dir: " + opts.Dir + ": ", "not the official Fashion-MNIST file"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
