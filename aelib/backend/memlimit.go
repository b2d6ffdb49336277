package backend

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// CommandMemoryLimit is the soft memory limit (bytes) SetCommandMemoryLimit starts a
// command-line program with when GOMEMLIMIT is unset: 400 MiB. Training the tutorial model
// holds about 360 MB that cannot be freed (the 60,000 images on the host and on the
// device); without a limit Go's default GC target lets the per-step garbage double the
// heap (an 824 MiB peak), with it the GC collects before the heap passes the limit.
const CommandMemoryLimit = 400 << 20

// limitHeadroom is how far above the live heap the limit is raised when a bigger model
// brings the live heap near it: a soft limit below the live heap would make the GC run
// without pause (measured: the deep 784-1000-500-250-30 model went from 7 to 16.5 s per
// epoch), so the limit only ever bounds the garbage, never the data. With 1.15 the tutorial
// epoch peaks at 455 MiB (818 MiB without a limit) at no measurable time cost.
const limitHeadroom = 1.15

// SetCommandMemoryLimit sets the runtime's soft memory limit to CommandMemoryLimit unless
// the user chose one with GOMEMLIMIT (which the runtime already applied), and returns the
// limit in force. While the program runs, the limit follows the live heap upwards (see
// NextMemoryLimit), checked every half second. It is for command-line programs (aelab,
// aebench's workers): a library must not change its host program's memory policy.
func SetCommandMemoryLimit() int64 {
	if os.Getenv("GOMEMLIMIT") != "" {
		return debug.SetMemoryLimit(-1)
	}
	debug.SetMemoryLimit(CommandMemoryLimit)
	go followLiveHeap(CommandMemoryLimit)
	return CommandMemoryLimit
}

// followLiveHeap raises the memory limit as NextMemoryLimit says, for the life of the
// program.
func followLiveHeap(limit int64) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	for range time.Tick(500 * time.Millisecond) {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		if next := NextMemoryLimit(int64(sample[0].Value.Uint64()), limit); next != limit {
			limit = next
			debug.SetMemoryLimit(limit)
		}
	}
}

// NextMemoryLimit is the soft limit to use when the live heap (what the last GC kept) is
// live and the limit is limit: unchanged while live stays below 1/limitHeadroom of it,
// else raised to limitHeadroom·live. It never lowers the limit.
func NextMemoryLimit(live, limit int64) int64 {
	if float64(live)*limitHeadroom <= float64(limit) {
		return limit
	}
	return int64(float64(live) * limitHeadroom)
}
