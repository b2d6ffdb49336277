package mnist

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/goautoencoders/autoencoders/aelib/atomicfile"
)

// DefaultMirrors returns the base URLs of the public MNIST mirrors tried,
// in order, by the HTTPS download step. Each serves the four .gz files by
// their official names. It is DefaultMirrorsOf(MNIST).
func DefaultMirrors() []string { return DefaultMirrorsOf(MNIST) }

// download fetches the files missing from dir (or invalid there) from the
// mirrors into dir, then reads them all back verified.
func (l *loader) download(dir string, files []fileSpec) (map[string]verifiedFile, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create cache directory: %w", err)
	}
	for _, f := range files {
		if _, err := readVerified(dir, f); err == nil {
			continue
		}
		if err := l.downloadFile(dir, f); err != nil {
			return nil, err
		}
	}
	return readAll(dir, files)
}

// downloadFile tries each mirror in turn until one supplies f with the
// right size and SHA-256, saving it as dir/f.name.
func (l *loader) downloadFile(dir string, f fileSpec) error {
	mirrors := l.opts.Mirrors
	if mirrors == nil {
		mirrors = l.spec.mirrors
	}
	if len(mirrors) == 0 {
		return errors.New("no mirrors configured")
	}
	var errs []error
	for _, base := range mirrors {
		url := strings.TrimSuffix(base, "/") + "/" + f.name
		l.logf("mnist: downloading %s", url)
		err := l.fetch(url, dir, f)
		if err == nil {
			l.logf("mnist: saved %s in %s", f.name, dir)
			return nil
		}
		l.logf("mnist: %v", err)
		errs = append(errs, err)
	}
	return fmt.Errorf("download %s: %w", f.name, errors.Join(errs...))
}

// fetch downloads url to a temporary file in dir, checks its size and
// SHA-256 while writing, and renames it to dir/f.name. A content-pinned file is
// downloaded into memory instead (at most f.maxGzipSize() bytes) and checked
// decompressed before it is written.
func (l *loader) fetch(url, dir string, f fileSpec) error {
	ctx, cancel := l.withTimeout()
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	client := l.opts.HTTPClient
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	if f.contentPinned() {
		return l.fetchContentPinned(url, dir, f, resp)
	}
	if resp.ContentLength >= 0 && resp.ContentLength != f.size {
		return fmt.Errorf("GET %s: %d bytes, want %d", url, resp.ContentLength, f.size)
	}
	tmp, err := atomicfile.Create(filepath.Join(dir, f.name))
	if err != nil {
		return err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(resp.Body, f.size+1))
	if err == nil && n != f.size {
		err = fmt.Errorf("got %d bytes, want %d", n, f.size)
	}
	if got := hex.EncodeToString(h.Sum(nil)); err == nil && got != f.sha256 {
		err = fmt.Errorf("checksum mismatch: sha256 %s, want %s", got, f.sha256)
	}
	if err != nil {
		tmp.Abort()
		return fmt.Errorf("GET %s: %w", url, err)
	}
	return tmp.Commit()
}

// fetchContentPinned reads the response to GET url, checks it against the content-pinned
// spec f, and writes it to dir/f.name.
func (l *loader) fetchContentPinned(url, dir string, f fileSpec, resp *http.Response) error {
	limit := f.maxGzipSize()
	if resp.ContentLength > limit {
		return fmt.Errorf("GET %s: %d bytes, more than a gzip of the %d-byte IDX file can take", url, resp.ContentLength, f.rawSize)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	if int64(len(data)) > limit {
		return fmt.Errorf("GET %s: more than %d bytes, more than a gzip of the %d-byte IDX file can take", url, limit, f.rawSize)
	}
	if _, err := f.verify(url, data); err != nil {
		return fmt.Errorf("GET %w", err) // the message starts with the URL
	}
	return atomicfile.Write(filepath.Join(dir, f.name), data)
}
