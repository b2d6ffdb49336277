// Package atomicfile writes files so that a reader — or a run started again after a crash —
// sees either the old content or the new, never a prefix: data goes to a temporary file in
// the same folder, is synced, and is renamed over the target.
//
// Example:
//
//	err := atomicfile.Write("runs/demo/metrics.json", data)
//
//	f, err := atomicfile.Create("cache/train.gz") // stream into it …
//	_, err = io.Copy(f, body)
//	err = f.Commit()                             // … or f.Abort() to drop it
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// Write writes data to path atomically, creating path's folder if needed. The file gets
// mode 0644.
func Write(path string, data []byte) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Commit()
}

// File is a temporary file that becomes path on Commit.
type File struct {
	*os.File
	path string
}

// Create opens a temporary file beside path (creating the folder if needed). Write to it,
// then Commit or Abort.
func Create(path string) (*File, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return &File{File: tmp, path: path}, nil
}

// Commit syncs and closes the temporary file and renames it to the target path; on failure
// the temporary file is removed and the target is left as it was.
func (f *File) Commit() error {
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	return nil
}

// Abort closes and removes the temporary file; the target is left as it was.
func (f *File) Abort() {
	f.Close()
	os.Remove(f.Name())
}
