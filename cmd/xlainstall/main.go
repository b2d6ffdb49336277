//go:build !noxla

// Command xlainstall installs the PJRT plugin of GoMLX's XLA backend with go-xla's own
// installer, at a pinned version, into <dir>/go-xla — a folder aelib/backend searches, so
// that aelib then picks XLA by itself. It downloads from the plugin's release site; the
// Docker image runs it at build time (docker/Dockerfile, build argument WITH_XLA).
//
//	xlainstall                                   # CPU plugin, pinned version, /usr/local/lib/go-xla
//	xlainstall --plugin cuda13 --dir ~/.local/lib
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/gomlx/go-xla/installer"
)

// CPUVersion is the pinned version of the PJRT CPU plugin: go-xla v0.4.13's default.
const CPUVersion = "v0.114.0"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run installs the plugin the flags name and returns the exit status: 0 on success, 1 when
// the installation failed, 2 for a bad command line.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("xlainstall", flag.ContinueOnError)
	fs.SetOutput(stderr)
	plugin := fs.String("plugin", "cpu", "plugin to install: cpu, or cuda13 (NVIDIA GPUs)")
	version := fs.String("version", "", "plugin version (default: "+CPUVersion+" for cpu; the newest for cuda13)")
	dir := fs.String("dir", "/usr/local/lib", "library folder; the plugin goes into <dir>/go-xla")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "xlainstall: unexpected arguments %v\n", fs.Args())
		return 2
	}
	target := filepath.Join(*dir, "go-xla")
	var err error
	switch *plugin {
	case "cpu":
		v := *version
		if v == "" {
			v = CPUVersion
		}
		err = installer.CPUInstall(runtime.GOOS+"_"+runtime.GOARCH, v, target, true, installer.Normal)
	case "cuda13":
		v := *version
		if v == "" {
			v = "latest"
		}
		err = installer.CudaInstall(*plugin, v, target, true, installer.Normal)
	default:
		fmt.Fprintf(stderr, "xlainstall: unknown plugin %q (want cpu or cuda13)\n", *plugin)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "xlainstall: install the %s plugin into %s: %v\n", *plugin, target, err)
		return 1
	}
	fmt.Fprintf(stdout, "xlainstall: %s plugin installed in %s\n", *plugin, target)
	return 0
}
