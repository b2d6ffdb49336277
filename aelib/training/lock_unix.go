//go:build unix

package training

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// lockFile is the run folder's lock: held (an OS file lock) by the process training into
// the folder, released when it closes the run, exits or crashes.
const lockFile = "lock"

// lock takes the run folder's lock without waiting. When another process holds it, the
// error names the folder and that process's PID; nothing in the folder is changed.
func lock(dir string) (*os.File, error) {
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock run folder %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder := readHolder(f)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("run folder %s is in use by process %s, which is training into it; wait for it to finish (or stop it), or pick another run folder (%w)", dir, holder, ErrBusy)
		}
		return nil, fmt.Errorf("lock run folder %s: %w", dir, err)
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}

// readHolder reads the PID the holder wrote into the lock file.
func readHolder(f *os.File) string {
	buf := make([]byte, 32)
	n, _ := f.ReadAt(buf, 0)
	if pid := strings.TrimSpace(string(buf[:n])); pid != "" {
		return pid
	}
	return "(unknown PID)"
}

// unlock releases the lock (closing the file releases it).
func unlock(f *os.File) error {
	if f == nil {
		return nil
	}
	return f.Close()
}
