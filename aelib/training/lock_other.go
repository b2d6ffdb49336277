//go:build !unix

package training

import "os"

// lockFile is the run folder's lock file name (unused where the OS has no flock).
const lockFile = "lock"

// lock is a no-op where the OS has no flock (Windows, Plan 9, WebAssembly): the run-folder
// lock is Unix-only, and elsewhere two processes must not train into one run folder at
// once (the README says so).
func lock(dir string) (*os.File, error) { return nil, nil }

func unlock(f *os.File) error { return nil }
