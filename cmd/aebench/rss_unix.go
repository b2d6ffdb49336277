//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// peakRSSMiB returns the peak resident set size of an exited child process in MiB, or 0
// when the system does not report it.
func peakRSSMiB(ps *os.ProcessState) float64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok || ru == nil {
		return 0
	}
	maxrss := float64(ru.Maxrss)
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return maxrss / (1 << 20) // bytes
	}
	return maxrss / (1 << 10) // KiB on Linux and the BSDs
}
