package notebook

import (
	"os"
	"strings"
)

// QuickEnv is the environment variable that turns on quick mode.
const QuickEnv = "AELIB_QUICK"

// QuickMode reports whether quick mode is on: the environment variable
// AELIB_QUICK is "1" or "true" (any case). Notebooks use it to run with
// fewer epochs and samples, e.g. when they are executed in CI.
func QuickMode() bool {
	v := strings.TrimSpace(os.Getenv(QuickEnv))
	return v == "1" || strings.EqualFold(v, "true")
}

// Epochs returns quick in quick mode and full otherwise.
func Epochs(full, quick int) int {
	return pick(full, quick)
}

// Samples returns quick in quick mode and full otherwise.
func Samples(full, quick int) int {
	return pick(full, quick)
}

// pick returns quick in quick mode and full otherwise.
func pick(full, quick int) int {
	if QuickMode() {
		return quick
	}
	return full
}
