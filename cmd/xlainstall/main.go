//go:build !noxla

// Command xlainstall installs the PJRT plugin of GoMLX's XLA backend into <dir>/go-xla, a
// folder aelib/backend searches, so that aelib then picks XLA by itself, and checks that the
// plugin loads and computes.
//
// Two sources:
//
//   - pypi (the default for the CPU plugin): XLA's own CPU plugin from the Python package
//     index, the wheel lammps-jax-pjrt-cpu 0.11.2, fetched with pip and checked against its
//     SHA-256 (see internal/xlaplugin); make xla runs this.
//
//   - github: go-xla's own installer, which downloads the plugin from its release site at a
//     pinned version (the CUDA plugin always comes this way: go-xla fetches it from the
//     Python package index itself).
//
//     xlainstall                                   # CPU plugin from pypi into /usr/local/lib/go-xla
//     xlainstall --dir ~/.local/lib                # into ~/.local/lib/go-xla
//     xlainstall --source github                   # go-xla's installer, CPU plugin v0.114.0
//     xlainstall --plugin cuda13 --dir ~/.local/lib
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/gomlx/go-xla/installer"
	"github.com/gomlx/gomlx/core/graph"

	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/internal/xlaplugin"
)

// CPUVersion is the pinned version of the PJRT CPU plugin go-xla's installer fetches:
// go-xla v0.4.13's default.
const CPUVersion = "v0.114.0"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run installs the plugin the flags name and returns the exit status: 0 on success, 1 when
// the installation or the load check failed, 2 for a bad command line.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("xlainstall", flag.ContinueOnError)
	fs.SetOutput(stderr)
	plugin := fs.String("plugin", "cpu", "plugin to install: cpu, or cuda13 (NVIDIA GPUs)")
	source := fs.String("source", "pypi", "where the CPU plugin comes from: pypi (the wheel "+
		xlaplugin.Package+" "+xlaplugin.Version+", through pip) or github (go-xla's installer)")
	version := fs.String("version", "", "plugin version for --source github (default: "+CPUVersion+" for cpu; the newest for cuda13)")
	dir := fs.String("dir", "/usr/local/lib", "library folder; the plugin goes into <dir>/go-xla")
	check := fs.Bool("check", true, "after installing, load the plugin and run a small computation on it")
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
	if *source != "pypi" && *source != "github" {
		fmt.Fprintf(stderr, "xlainstall: unknown --source %q (want pypi or github)\n", *source)
		return 2
	}
	if *plugin != "cpu" && *plugin != "cuda13" {
		fmt.Fprintf(stderr, "xlainstall: unknown plugin %q (want cpu or cuda13)\n", *plugin)
		return 2
	}
	if *plugin == "cuda13" && *source == "pypi" && isSet(fs, "source") {
		fmt.Fprintf(stderr, "xlainstall: --source pypi serves only the CPU plugin; the cuda13 plugin comes through go-xla's installer (--source github)\n")
		return 2
	}
	target := filepath.Join(*dir, "go-xla")
	path, err := install(*plugin, *source, *version, target, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "xlainstall: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "xlainstall: %s plugin installed in %s\n", *plugin, target)
	if !*check {
		return 0
	}
	if err := checkPlugin(path); err != nil {
		fmt.Fprintf(stderr, "xlainstall: the plugin %s does not work: %v; remove it (rm %s) so that aelib uses the Go backend, or try --source github\n", path, err, path)
		return 1
	}
	fmt.Fprintf(stdout, "xlainstall: %s loads and computes; aelib will use it (backend xla:%s)\n", path, *plugin)
	return 0
}

// install puts the plugin into target and returns the path that loads it (a file, or for
// go-xla's installer the plugin's name).
func install(plugin, source, version, target string, log io.Writer) (string, error) {
	if plugin == "cpu" && source == "pypi" {
		return xlaplugin.Install(xlaplugin.Options{Dir: target, Log: log})
	}
	if plugin == "cpu" {
		if version == "" {
			version = CPUVersion
		}
		err := installer.CPUInstall(runtime.GOOS+"_"+runtime.GOARCH, version, target, true, installer.Normal)
		if err != nil {
			return "", fmt.Errorf("install the cpu plugin into %s with go-xla's installer: %w (without access to its release site, use --source pypi)", target, err)
		}
		return filepath.Join(target, xlaplugin.FileName), nil
	}
	if version == "" {
		version = "latest"
	}
	if err := installer.CudaInstall(plugin, version, target, true, installer.Normal); err != nil {
		return "", fmt.Errorf("install the %s plugin into %s: %w", plugin, target, err)
	}
	return "cuda", nil
}

// checkPlugin loads the plugin at path (or by name) as a GoMLX backend and computes 1+2 on it.
func checkPlugin(path string) (err error) {
	b, err := backend.NewWithConfig("xla:" + path)
	if err != nil {
		return err
	}
	defer b.Finalize()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("computing on it failed: %v", r)
		}
	}()
	out, err := graph.ExecOnce(b, func(x *graph.Node) *graph.Node { return graph.AddScalar(x, 2) }, float32(1))
	if err != nil {
		return fmt.Errorf("computing on it failed: %w", err)
	}
	if got := out.Value().(float32); got != 3 {
		return fmt.Errorf("it computed 1+2 = %v", got)
	}
	return nil
}

// isSet reports whether the flag was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
