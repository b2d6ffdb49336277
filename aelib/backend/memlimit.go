package backend

import (
	"os"
	"runtime/debug"
)

// CommandMemoryLimit is the soft memory limit (bytes) SetCommandMemoryLimit gives a
// command-line program when GOMEMLIMIT is unset: 420 MiB. Training the tutorial model
// holds about 360 MB that cannot be freed (the 60,000 images on the host and on the
// device); without a limit Go's default GC target lets the per-step garbage double the
// heap (an 824 MiB peak), with it the GC collects before the heap passes the limit.
const CommandMemoryLimit = 420 << 20

// SetCommandMemoryLimit sets the runtime's soft memory limit to CommandMemoryLimit unless
// the user chose one with GOMEMLIMIT (which the runtime already applied), and returns the
// limit in force. It is for command-line programs (aelab, aebench's workers): a library
// must not change its host program's memory policy. The limit is soft: a program that
// needs more keeps running, the GC just works harder.
func SetCommandMemoryLimit() int64 {
	if os.Getenv("GOMEMLIMIT") != "" {
		return debug.SetMemoryLimit(-1)
	}
	debug.SetMemoryLimit(CommandMemoryLimit)
	return CommandMemoryLimit
}
