package mnist

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/atomicfile"
)

// EnvDir is the environment variable naming a directory that holds the four
// MNIST files; it is used when [Options.Dir] is empty.
const EnvDir = "AELIB_MNIST_DIR"

// DefaultTimeout bounds each network operation (one "go mod download", one
// file download from one mirror) when [Options.Timeout] is zero.
const DefaultTimeout = 2 * time.Minute

// Source kinds, the possible values of [Source.Kind], in resolution order.
const (
	KindDir      = "dir"           // KindDir is Options.Dir.
	KindEnv      = "env " + EnvDir // KindEnv is the AELIB_MNIST_DIR directory.
	KindCache    = "user cache"    // KindCache is the user cache directory.
	KindModCache = "module cache"  // KindModCache is the GoMNIST module in the Go module cache.
	KindDownload = "download"      // KindDownload is an HTTPS download into the user cache directory.
)

// Options controls where [Load] and [LoadSplit] look for the MNIST files.
// The zero value uses the default resolution order described in the
// package documentation.
type Options struct {
	// Dir is an explicit directory holding the MNIST .gz files. If empty,
	// the AELIB_MNIST_DIR environment variable is used. If either is set,
	// its files must be present and valid: no other source is tried.
	Dir string

	// CacheDir overrides the user cache directory
	// (os.UserCacheDir()/aelib/mnist) that is read in step 2 and written
	// after a successful fetch in steps 3 and 4.
	CacheDir string

	// GoModCache overrides the Go module cache root (normally
	// "go env GOMODCACHE") searched for the GoMNIST module in step 3. It is
	// also passed as GOMODCACHE to "go mod download".
	GoModCache string

	// NoNetwork disables every step that may use the network: "go mod
	// download" in step 3 (a module already in the cache is still used) and
	// the HTTPS download of step 4.
	NoNetwork bool

	// Mirrors are the base URLs tried in order by the HTTPS download; nil
	// means DefaultMirrors().
	Mirrors []string

	// HTTPClient is used for HTTPS downloads; nil means http.DefaultClient.
	HTTPClient *http.Client

	// Timeout bounds each network operation; zero means DefaultTimeout.
	Timeout time.Duration

	// Logf, if not nil, receives progress messages (sources tried, why
	// they failed, files fetched or cached). log.Printf and t.Logf fit.
	Logf func(format string, args ...any)
}

// Source tells where the MNIST files were loaded from.
type Source struct {
	Kind string // Kind is one of KindDir, KindEnv, KindCache, KindModCache, KindDownload.
	Path string // Path is the directory the files were read from.
}

// String returns "kind: path", e.g. "module cache: /root/go/pkg/mod/...".
func (s Source) String() string {
	if s.Path == "" {
		return s.Kind
	}
	return s.Kind + ": " + s.Path
}

// Attempt records one source that was tried and why it failed.
type Attempt struct {
	Source Source // Source is the source tried (Kind "dir / env AELIB_MNIST_DIR" when neither was set); Path may be empty.
	Err    error  // Err says why the source could not supply the files.
}

// NotFoundError is returned by [Load] and [LoadSplit] when no source could
// supply valid MNIST files. Its message lists every source tried and how
// to fix the problem.
type NotFoundError struct {
	What     string    // What names the requested data, e.g. "train+test".
	Attempts []Attempt // Attempts lists each source tried, in order.
}

// Error lists the sources tried, why each failed, and how to fix it.
func (e *NotFoundError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "load MNIST %s: no usable source; tried:", e.What)
	for i, a := range e.Attempts {
		msg := strings.ReplaceAll(a.Err.Error(), "\n", "; ")
		fmt.Fprintf(&b, "\n  %d. %s: %s", i+1, a.Source, msg)
	}
	fmt.Fprintf(&b, "\nto fix: set %s to a folder holding the four files (%s), "+
		"or run `go mod download %s@%s` and retry, or allow network access",
		EnvDir, strings.Join(FileNames(), ", "), goMNISTModule, goMNISTVersion)
	return b.String()
}

// Unwrap returns the errors of all attempts.
func (e *NotFoundError) Unwrap() []error {
	errs := make([]error, len(e.Attempts))
	for i, a := range e.Attempts {
		errs[i] = a.Err
	}
	return errs
}

// Load loads both MNIST splits (60000 training and 10000 test examples),
// checking every file's SHA-256, and reports the source it used.
func Load(opts Options) (train, test *Set, src Source, err error) {
	sets, src, err := load(opts, []Split{Train, Test})
	if err != nil {
		return nil, nil, Source{}, err
	}
	return sets[0], sets[1], src, nil
}

// LoadSplit loads one MNIST split, checking its files' SHA-256, and
// reports the source it used.
func LoadSplit(opts Options, split Split) (*Set, Source, error) {
	if _, err := filesOf(split); err != nil {
		return nil, Source{}, err
	}
	sets, src, err := load(opts, []Split{split})
	if err != nil {
		return nil, Source{}, err
	}
	return sets[0], src, nil
}

// load resolves a source holding the files of the splits and decodes them.
func load(opts Options, splits []Split) ([]*Set, Source, error) {
	var files []fileSpec
	var names []string
	for _, s := range splits {
		sf, err := filesOf(s)
		if err != nil {
			return nil, Source{}, err
		}
		files = append(files, sf.images, sf.labels)
		names = append(names, s.String())
	}
	l := &loader{opts: opts, what: strings.Join(names, "+")}
	start := time.Now()
	blobs, src, err := l.resolve(files)
	if err != nil {
		return nil, Source{}, err
	}
	sets, err := decodeSplits(src.Path, splits, blobs)
	if err != nil {
		return nil, Source{}, err
	}
	// Decoding leaves ~65 MB of compressed and raw bytes behind; hand them back now rather
	// than at the next GC, so the memory peak of a training run that follows stays low.
	blobs = nil
	debug.FreeOSMemory()
	l.logf("mnist: loaded %s from %s in %v", l.what, src, time.Since(start).Round(time.Millisecond))
	return sets, src, nil
}

// loader carries the options through the resolution steps.
type loader struct {
	opts Options
	what string // what names the requested splits for messages.
}

// logf forwards to Options.Logf when set.
func (l *loader) logf(format string, args ...any) {
	if l.opts.Logf != nil {
		l.opts.Logf(format, args...)
	}
}

// timeout returns the per-operation network timeout.
func (l *loader) timeout() time.Duration {
	if l.opts.Timeout > 0 {
		return l.opts.Timeout
	}
	return DefaultTimeout
}

// resolve tries the sources in order and returns the verified contents of
// files (keyed by file name) from the first source that has them all.
func (l *loader) resolve(files []fileSpec) (map[string][]byte, Source, error) {
	var attempts []Attempt
	fail := func(src Source, err error) {
		l.logf("mnist: %s: %v", src, err)
		attempts = append(attempts, Attempt{Source: src, Err: err})
	}

	// 1. Explicit directory: no fallback if set.
	if src, ok := l.explicitSource(); ok {
		blobs, err := readAll(src.Path, files)
		if err != nil {
			return nil, Source{}, fmt.Errorf("load MNIST %s from %s: %w", l.what, src, err)
		}
		return blobs, src, nil
	}
	fail(Source{Kind: KindDir + " / " + KindEnv}, errors.New("not set"))

	// 2. User cache directory.
	cacheDir, cacheErr := l.cacheDir()
	if cacheErr != nil {
		fail(Source{Kind: KindCache}, cacheErr)
	} else {
		src := Source{Kind: KindCache, Path: cacheDir}
		blobs, err := readAll(cacheDir, files)
		if err == nil {
			return blobs, src, nil
		}
		fail(src, err)
	}

	// 3. GoMNIST in the Go module cache, fetched if absent.
	blobs, src, err := l.fromModCache(files)
	if err == nil {
		if cacheErr == nil {
			l.saveToCache(src.Path, cacheDir, blobs)
		}
		return blobs, src, nil
	}
	fail(src, err)

	// 4. HTTPS download into the user cache directory.
	src = Source{Kind: KindDownload, Path: cacheDir}
	switch {
	case l.opts.NoNetwork:
		fail(src, errors.New("skipped: Options.NoNetwork is set"))
	case cacheErr != nil:
		fail(src, fmt.Errorf("skipped: no cache directory to download into: %w", cacheErr))
	default:
		blobs, err := l.download(cacheDir, files)
		if err == nil {
			return blobs, src, nil
		}
		fail(src, err)
	}
	return nil, Source{}, &NotFoundError{What: l.what, Attempts: attempts}
}

// explicitSource returns the directory from Options.Dir or AELIB_MNIST_DIR,
// if either is set.
func (l *loader) explicitSource() (Source, bool) {
	if l.opts.Dir != "" {
		return Source{Kind: KindDir, Path: l.opts.Dir}, true
	}
	if d := os.Getenv(EnvDir); d != "" {
		return Source{Kind: KindEnv, Path: d}, true
	}
	return Source{}, false
}

// cacheDir returns Options.CacheDir or os.UserCacheDir()/aelib/mnist.
func (l *loader) cacheDir() (string, error) {
	if l.opts.CacheDir != "" {
		return l.opts.CacheDir, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no user cache directory: %w", err)
	}
	return filepath.Join(d, "aelib", "mnist"), nil
}

// saveToCache copies the four official files from srcDir (using the
// already verified blobs where available) into cacheDir. Failures are
// logged, not returned: the data was loaded anyway.
func (l *loader) saveToCache(srcDir, cacheDir string, blobs map[string][]byte) {
	for _, f := range []fileSpec{trainImagesFile, trainLabelsFile, testImagesFile, testLabelsFile} {
		data, ok := blobs[f.name]
		if !ok {
			var err error
			if data, err = readVerified(srcDir, f); err != nil {
				l.logf("mnist: not caching %s: %v", f.name, err)
				continue
			}
		}
		if _, err := readVerified(cacheDir, f); err == nil {
			continue // already cached
		}
		if err := atomicfile.Write(filepath.Join(cacheDir, f.name), data); err != nil {
			l.logf("mnist: caching %s: %v", f.name, err)
			continue
		}
		l.logf("mnist: cached %s in %s", f.name, cacheDir)
	}
}

// readAll reads and verifies files from dir. A missing directory or
// missing files are reported together as an error matching fs.ErrNotExist;
// any other problem (a bad checksum) is returned as is.
func readAll(dir string, files []fileSpec) (map[string][]byte, error) {
	if st, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, missingError("directory does not exist")
	} else if err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	blobs := make(map[string][]byte, len(files))
	var missing []string
	for _, f := range files {
		data, err := readVerified(dir, f)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			missing = append(missing, f.name)
		case err != nil:
			return nil, err
		default:
			blobs[f.name] = data
		}
	}
	if len(missing) > 0 {
		return nil, missingError("missing " + strings.Join(missing, ", "))
	}
	return blobs, nil
}

// missingError reports absent files or directories; it matches
// fs.ErrNotExist under errors.Is.
type missingError string

// Error returns the message.
func (e missingError) Error() string { return string(e) }

// Is reports whether target is fs.ErrNotExist.
func (e missingError) Is(target error) bool { return target == fs.ErrNotExist }

// decodeSplits decodes the verified files of each split concurrently.
// dir is used for error messages.
func decodeSplits(dir string, splits []Split, blobs map[string][]byte) ([]*Set, error) {
	type result struct {
		images []float32
		labels []uint8
		errs   [2]error
	}
	results := make([]result, len(splits))
	var wg sync.WaitGroup
	for i, s := range splits {
		sf, err := filesOf(s)
		if err != nil {
			return nil, err
		}
		r := &results[i]
		wg.Go(func() {
			r.images, r.errs[0] = decodeImagesFile(filepath.Join(dir, sf.images.name), blobs[sf.images.name], s.Len())
		})
		wg.Go(func() {
			r.labels, r.errs[1] = decodeLabelsFile(filepath.Join(dir, sf.labels.name), blobs[sf.labels.name])
		})
	}
	wg.Wait()
	sets := make([]*Set, len(splits))
	for i, s := range splits {
		r := results[i]
		if err := errors.Join(r.errs[:]...); err != nil {
			return nil, err
		}
		set, err := newSet(r.images, r.labels)
		if err != nil {
			return nil, fmt.Errorf("load MNIST %s from %s: %w", s, dir, err)
		}
		if set.Len() != s.Len() {
			return nil, fmt.Errorf("load MNIST %s from %s: %d examples, want %d", s, dir, set.Len(), s.Len())
		}
		sets[i] = set
	}
	return sets, nil
}

// decodeImagesFile parses the contents of an image file expected to hold
// wantImages images; path names it in errors.
func decodeImagesFile(path string, data []byte, wantImages int) ([]float32, error) {
	px, err := parseImageBytes(bytes.NewReader(data), wantImages*Pixels, Limits{})
	if err != nil {
		return nil, fmt.Errorf("load MNIST %s: %w", path, err)
	}
	return bytesToFloat(px), nil
}

// decodeLabelsFile parses the contents of a label file; path names it in
// errors.
func decodeLabelsFile(path string, data []byte) ([]uint8, error) {
	lb, err := ParseLabels(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("load MNIST %s: %w", path, err)
	}
	return lb, nil
}

// withTimeout returns a context bounded by the per-operation timeout.
func (l *loader) withTimeout() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), l.timeout())
}
