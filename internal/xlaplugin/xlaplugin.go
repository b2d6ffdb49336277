// Package xlaplugin installs XLA's CPU PJRT plugin, the library GoMLX's XLA backend loads,
// from the Python package index instead of the plugin's release site.
//
// The wheel lammps-jax-pjrt-cpu 0.11.2 holds XLA's own CPU plugin (built from the XLA of
// jaxlib 0.11.2) as lammps_jax_pjrt_cpu/pjrt_c_api_cpu_plugin.so. Install downloads that
// wheel with pip (no dependencies, nothing installed into Python), checks its SHA-256,
// and writes only the plugin library into a folder that go-xla searches, under the name
// go-xla turns into the plugin name "cpu" — so GoMLX finds it as "xla:cpu":
//
//	path, err := xlaplugin.Install(xlaplugin.Options{Dir: "/root/.local/lib/go-xla"})
//	// path == "/root/.local/lib/go-xla/pjrt_c_api_cpu_plugin.so"
//
// An installed file whose SHA-256 matches is kept (no download); anything else at that
// path is replaced atomically, so an interrupted install never leaves half a library.
package xlaplugin

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The pinned wheel and the plugin it carries.
const (
	// Package is the Python package that ships the plugin.
	Package = "lammps-jax-pjrt-cpu"
	// Version is the pinned version of Package.
	Version = "0.11.2"
	// WheelSHA256 is the SHA-256 of lammps_jax_pjrt_cpu-0.11.2-py3-none-manylinux_2_27_x86_64.whl.
	WheelSHA256 = "1319390d948b39f69f7dade496b7c385149d9ca6097a6b62114da113216d9ad1"
	// Member is the plugin library's path inside the wheel.
	Member = "lammps_jax_pjrt_cpu/pjrt_c_api_cpu_plugin.so"
	// PluginSHA256 is the SHA-256 of Member once unpacked.
	PluginSHA256 = "ad1309ac822b1b24d51b7f9947c7c9fa9ef5d67f390584cbc3d1fa2428fed9c2"
	// FileName is the installed file's name: go-xla names the plugin "cpu" after it.
	FileName = "pjrt_c_api_cpu_plugin.so"
)

// Options says where to install and, for tests and mirrors, what to expect. The zero
// values of the optional fields are the pinned package above.
type Options struct {
	// Dir is the folder the plugin goes into, e.g. ~/.local/lib/go-xla (created if missing).
	Dir string
	// Pip is the command that runs pip, e.g. {"pip"} or {"python3", "-m", "pip"};
	// empty: the first of pip, pip3, python3 -m pip that exists.
	Pip []string
	// Requirement is what pip downloads; empty: Package==Version.
	Requirement string
	// WheelSHA256 and PluginSHA256 are the expected checksums; empty: the pinned ones.
	WheelSHA256, PluginSHA256 string
	// Member is the library's path inside the wheel; empty: the pinned one.
	Member string
	// Timeout bounds the download; zero: 10 minutes.
	Timeout time.Duration
	// Log receives one line per step; nil: nothing is written.
	Log io.Writer
}

func (o Options) withDefaults() Options {
	if o.Requirement == "" {
		o.Requirement = Package + "==" + Version
	}
	if o.WheelSHA256 == "" {
		o.WheelSHA256 = WheelSHA256
	}
	if o.PluginSHA256 == "" {
		o.PluginSHA256 = PluginSHA256
	}
	if o.Member == "" {
		o.Member = Member
	}
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Minute
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return o
}

// Install puts the plugin library into o.Dir and returns its path. It does nothing when
// the file there already has the expected SHA-256. Every error is one sentence that names
// what failed and how to fix it: no pip, a failed download (no network), a wheel whose
// checksum is wrong, a wheel without the plugin.
func Install(o Options) (string, error) {
	o = o.withDefaults()
	if o.Dir == "" {
		return "", errors.New("install XLA plugin: no target folder given")
	}
	target := filepath.Join(o.Dir, FileName)
	if sum, err := fileSHA256(target); err == nil && sum == o.PluginSHA256 {
		fmt.Fprintf(o.Log, "xla plugin: %s is already installed (SHA-256 matches)\n", target)
		return target, nil
	}
	pip, err := findPip(o.Pip)
	if err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp("", "xlaplugin-*")
	if err != nil {
		return "", fmt.Errorf("install XLA plugin: %w", err)
	}
	defer os.RemoveAll(tmp)
	fmt.Fprintf(o.Log, "xla plugin: pip download %s\n", o.Requirement)
	wheel, err := download(pip, o.Requirement, tmp, o.Timeout)
	if err != nil {
		return "", err
	}
	if err := checkSHA256(wheel, o.WheelSHA256); err != nil {
		return "", err
	}
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return "", fmt.Errorf("install XLA plugin: create %s: %w (choose a writable folder with --dir)", o.Dir, err)
	}
	if err := extract(wheel, o.Member, target, o.PluginSHA256); err != nil {
		return "", err
	}
	fmt.Fprintf(o.Log, "xla plugin: installed %s\n", target)
	return target, nil
}

// findPip returns the pip command: the given one, or the first of pip, pip3 and
// python3 -m pip found on PATH.
func findPip(given []string) ([]string, error) {
	if len(given) > 0 {
		if _, err := exec.LookPath(given[0]); err != nil {
			return nil, fmt.Errorf("install XLA plugin: pip command %q not found: %w", given[0], err)
		}
		return given, nil
	}
	for _, cmd := range [][]string{{"pip"}, {"pip3"}, {"python3", "-m", "pip"}} {
		if _, err := exec.LookPath(cmd[0]); err != nil {
			continue
		}
		if len(cmd) > 1 && exec.Command(cmd[0], append(cmd[1:], "--version")...).Run() != nil {
			continue
		}
		return cmd, nil
	}
	return nil, errors.New("install XLA plugin: pip not found (tried pip, pip3, python3 -m pip): " +
		"install it (apt-get install python3-pip), or use go-xla's installer (xlainstall --source github)")
}

// download runs pip download for one wheel into dir and returns the wheel's path.
func download(pip []string, requirement, dir string, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	args := append(append([]string{}, pip[1:]...), "download", "--no-deps", "--only-binary=:all:",
		"--disable-pip-version-check", "--dest", dir, requirement)
	cmd := exec.CommandContext(ctx, pip[0], args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = io.Discard
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("timed out after %s", timeout)
		}
		return "", fmt.Errorf("install XLA plugin: pip download %s failed (%v: %s): "+
			"check that this machine reaches the Python package index, or use go-xla's installer (xlainstall --source github)",
			requirement, err, lastLine(stderr.String()))
	}
	wheels, _ := filepath.Glob(filepath.Join(dir, "*.whl"))
	if len(wheels) != 1 {
		return "", fmt.Errorf("install XLA plugin: pip download %s left %d wheels in %s, want 1", requirement, len(wheels), dir)
	}
	return wheels[0], nil
}

// lastLine is the last non-empty line of s, trimmed: pip's error message.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if l := strings.TrimSpace(lines[len(lines)-1]); l != "" {
		return l
	}
	return "no message"
}

// checkSHA256 fails unless the file's SHA-256 is want.
func checkSHA256(path, want string) error {
	got, err := fileSHA256(path)
	if err != nil {
		return fmt.Errorf("install XLA plugin: %w", err)
	}
	if got != want {
		return fmt.Errorf("install XLA plugin: %s has SHA-256 %s, want %s: the index served another file; "+
			"nothing was installed (retry, or report the package %s)", filepath.Base(path), got, want, Package)
	}
	return nil
}

// extract copies member of the wheel (a zip file) to target through a temporary file in
// the same folder, checks its SHA-256 and renames it into place.
func extract(wheel, member, target, wantSHA string) error {
	zr, err := zip.OpenReader(wheel)
	if err != nil {
		return fmt.Errorf("install XLA plugin: open wheel %s: %w", filepath.Base(wheel), err)
	}
	defer zr.Close()
	var f *zip.File
	for _, zf := range zr.File {
		if zf.Name == member {
			f = zf
		}
	}
	if f == nil {
		return fmt.Errorf("install XLA plugin: wheel %s has no %s", filepath.Base(wheel), member)
	}
	src, err := f.Open()
	if err != nil {
		return fmt.Errorf("install XLA plugin: read %s from %s: %w", member, filepath.Base(wheel), err)
	}
	defer src.Close()
	tmp, err := os.CreateTemp(filepath.Dir(target), ".partial-*")
	if err != nil {
		return fmt.Errorf("install XLA plugin: %w (choose a writable folder with --dir)", err)
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(tmp, h), src); err != nil {
		tmp.Close()
		return fmt.Errorf("install XLA plugin: unpack %s: %w", member, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("install XLA plugin: write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("install XLA plugin: write %s: %w", tmp.Name(), err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != wantSHA {
		return fmt.Errorf("install XLA plugin: unpacked %s has SHA-256 %s, want %s; nothing was installed", member, got, wantSHA)
	}
	if err := os.Chmod(tmp.Name(), 0o755); err != nil {
		return fmt.Errorf("install XLA plugin: %w", err)
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("install XLA plugin: %w", err)
	}
	return nil
}

// fileSHA256 is the hex SHA-256 of a file's contents.
func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
