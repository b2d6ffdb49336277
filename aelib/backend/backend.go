// Package backend picks the GoMLX compute backend that runs the models, and says why.
//
// GoMLX's own default is "xla", whose auto-installer downloads the PJRT plugin from the
// internet and panics when it cannot. This package never downloads anything:
//
//  1. GOMLX_BACKEND, when set, is honoured (e.g. "go", "xla:cpu", "xla:cuda", or
//     "xla:/abs/path/to/pjrt_plugin.so").
//  2. Otherwise XLA is used when a PJRT plugin is already installed on the machine
//     (CUDA first, then CPU; searched in PJRT_PLUGIN_LIBRARY_PATH, /usr/local/lib/go-xla,
//     ~/.local/lib/go-xla and the system library paths).
//  3. Otherwise GoMLX's pure Go backend, which needs nothing installed.
//
// Example:
//
//	b, choice, err := backend.New()
//	if err != nil { return err }
//	fmt.Println(choice) // backend go: no XLA PJRT plugin installed (searched ...); using GoMLX's pure Go backend
package backend

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend" // registers "go"
)

// EnvVar is GoMLX's environment variable naming the backend configuration.
const EnvVar = compute.ConfigEnvVar

// Choice records which backend configuration was picked and why.
type Choice struct {
	// Config is the configuration string given to GoMLX, e.g. "go" or "xla:cpu".
	Config string `json:"config"`
	// Name is the backend's name once created, with the plugin for XLA (e.g. "go", "xla:cpu").
	Name string `json:"name"`
	// Description is the backend's own description of itself.
	Description string `json:"description,omitempty"`
	// Reason explains the choice in one sentence.
	Reason string `json:"reason"`
	// fromEnv records that GOMLX_BACKEND named the backend.
	fromEnv bool
}

// String is the one line a program prints: "backend go: <reason>".
func (c Choice) String() string {
	return fmt.Sprintf("backend %s: %s", c.Name, c.Reason)
}

// Decide returns the backend configuration to use, without creating it: GOMLX_BACKEND when
// set, else an installed XLA plugin, else the Go backend.
func Decide() Choice {
	if cfg, ok := os.LookupEnv(EnvVar); ok && strings.TrimSpace(cfg) != "" {
		return Choice{Config: strings.TrimSpace(cfg), Reason: fmt.Sprintf("%s=%q is set", EnvVar, cfg), fromEnv: true}
	}
	plugin, where, ok, problem := installedXLAPlugin()
	if ok {
		return Choice{Config: "xla:" + plugin, Reason: fmt.Sprintf("XLA PJRT plugin %q is installed (%s)", plugin, where)}
	}
	if problem != "" {
		return Choice{Config: "go", Reason: problem + "; using GoMLX's pure Go backend"}
	}
	return Choice{Config: "go", Reason: "no XLA PJRT plugin is installed (" + xlaSearchDescription() +
		"); using GoMLX's pure Go backend, no download attempted"}
}

// New creates the backend chosen by Decide. Errors (an unknown backend name, a plugin that
// fails to load) are returned, never panicked, and say how to fix the setting.
//
// When the choice was an installed XLA plugin (GOMLX_BACKEND unset) and that plugin does not
// load, New falls back to the Go backend and the returned Choice's Reason says why; with
// GOMLX_BACKEND set it returns the error instead, since the user asked for that backend.
func New() (compute.Backend, Choice, error) {
	return newFor(Decide(), NewWithConfig)
}

// newFor creates the backend of choice c with create, falling back to the Go backend when
// c was an installed plugin (not GOMLX_BACKEND) that fails to load.
func newFor(c Choice, create func(config string) (compute.Backend, error)) (compute.Backend, Choice, error) {
	b, err := create(c.Config)
	if err != nil && c.Config != "go" && !c.fromEnv {
		c = Choice{Config: "go", Reason: fmt.Sprintf("the installed XLA plugin does not load (%v); "+
			"using GoMLX's pure Go backend (reinstall the plugin with make xla, or remove it)", err)}
		b, err = create("go")
	}
	if err != nil {
		return nil, c, err
	}
	c.Name = describe(c.Config, b)
	c.Description = b.Description()
	return b, c, nil
}

// NewWithConfig creates a backend for an explicit configuration such as "go" or "xla:cpu".
func NewWithConfig(config string) (b compute.Backend, err error) {
	name, _, _ := strings.Cut(config, ":")
	known := compute.List()
	if !slices.Contains(known, name) {
		return nil, fmt.Errorf("backend %q: unknown backend %q; compiled-in backends are %s (set %s to one of them, e.g. %s=go)",
			config, name, strings.Join(known, ", "), EnvVar, EnvVar)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("backend %q: %v; unset %s or set it to \"go\" to use the pure Go backend", config, r, EnvVar)
		}
	}()
	disableAutoInstall()
	b, err = compute.NewWithConfig(config)
	if err != nil {
		return nil, fmt.Errorf("backend %q: %w; unset %s or set it to \"go\" to use the pure Go backend", config, err, EnvVar)
	}
	return b, nil
}

// describe names a created backend, keeping the plugin part of the configuration.
func describe(config string, b compute.Backend) string {
	name, plugin, _ := strings.Cut(config, ":")
	if name == "" {
		name = b.Name()
	}
	if plugin != "" {
		return name + ":" + plugin
	}
	return name
}
