//go:build !unix

package main

import "os"

// peakRSSMiB returns 0: peak RSS is only read from rusage on Unix systems.
func peakRSSMiB(*os.ProcessState) float64 { return 0 }
