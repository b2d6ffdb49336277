//go:build !noxla

package backend

import (
	"fmt"
	"slices"

	"github.com/gomlx/go-xla/compute/xla" // registers "xla"; its auto-installer is NOT linked
	"github.com/gomlx/go-xla/pjrt"
)

// installedXLAPlugin returns the preferred installed PJRT plugin (cuda, then cpu) and its
// path. go-xla opens every candidate file to check it, and panics on one that is not a
// shared library; such a panic is recovered and described in problem (the caller then
// uses the Go backend and says why).
func installedXLAPlugin() (name, path string, ok bool, problem string) {
	defer func() {
		if r := recover(); r != nil {
			name, path, ok = "", "", false
			problem = fmt.Sprintf("a PJRT plugin file in the search path is broken (go-xla: %v); remove it or set %s=go", r, EnvVar)
		}
	}()
	disableAutoInstall()
	available := pjrt.AvailablePlugins()
	for _, want := range []string{"cuda", "cpu"} {
		if p, found := available[want]; found {
			return want, p, true, ""
		}
		// Versioned plugin names, e.g. "cpu_v0.83.1".
		var names []string
		for n := range available {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			if len(n) > len(want) && n[:len(want)+1] == want+"_" {
				return n, available[n], true, ""
			}
		}
	}
	return "", "", false, ""
}

func xlaSearchDescription() string {
	return "searched PJRT_PLUGIN_LIBRARY_PATH, /usr/local/lib/go-xla, ~/.local/lib/go-xla and the system library paths"
}

func disableAutoInstall() { xla.EnableAutoInstall(false) }
