package xlaplugin

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeWheel writes a wheel holding member with the given contents and returns its path and
// SHA-256.
func fakeWheel(t *testing.T, member string, contents []byte) (string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "lammps_jax_pjrt_cpu-0.11.2-py3-none-manylinux_2_27_x86_64.whl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, err := zw.Create(member)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(contents)
	other, _ := zw.Create("lammps_jax_pjrt_cpu/__init__.py")
	other.Write([]byte("PLUGIN_PATH = None\n"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	data, _ := os.ReadFile(path)
	sum := sha256.Sum256(data)
	return path, hex.EncodeToString(sum[:])
}

// fakePip writes a script that behaves as `pip download ... --dest DIR REQ`: it copies
// wheel into DIR, or, with wheel "", fails as pip does without a network.
func fakePip(t *testing.T, wheel string) []string {
	t.Helper()
	script := filepath.Join(t.TempDir(), "pip")
	body := `#!/bin/sh
while [ $# -gt 0 ]; do
  if [ "$1" = "--dest" ]; then dest=$2; fi
  shift
done
`
	if wheel == "" {
		body += `echo "ERROR: Could not find a version that satisfies the requirement lammps-jax-pjrt-cpu==0.11.2 (from versions: none)" >&2
exit 1
`
	} else {
		body += `cp "` + wheel + `" "$dest/"` + "\n"
	}
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return []string{script}
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestInstall(t *testing.T) {
	lib := []byte("\x7fELF pretend plugin library")
	wheel, wheelSHA := fakeWheel(t, Member, lib)
	dir := filepath.Join(t.TempDir(), "go-xla")
	o := Options{Dir: dir, Pip: fakePip(t, wheel), WheelSHA256: wheelSHA, PluginSHA256: sha(lib)}
	path, err := Install(o)
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(dir, "pjrt_c_api_cpu_plugin.so") {
		t.Errorf("installed at %s", path)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != string(lib) {
		t.Fatalf("installed file = %q, %v; want the wheel's member", got, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want only the plugin", len(entries))
	}
	// A second install with the file in place needs no pip at all.
	o.Pip = []string{"/nonexistent/pip"}
	if _, err := Install(o); err != nil {
		t.Errorf("second install: %v, want the installed file kept", err)
	}
}

func TestInstallErrors(t *testing.T) {
	lib := []byte("\x7fELF pretend plugin library")
	wheel, wheelSHA := fakeWheel(t, Member, lib)
	noMember, noMemberSHA := fakeWheel(t, "lammps_jax_pjrt_cpu/other.so", lib)
	tests := []struct {
		name string
		o    Options
		want []string
	}{
		{"no pip", Options{Pip: []string{"/nonexistent/pip"}, WheelSHA256: wheelSHA, PluginSHA256: sha(lib)},
			[]string{"pip command", "not found"}},
		{"no network", Options{Pip: fakePip(t, ""), WheelSHA256: wheelSHA, PluginSHA256: sha(lib)},
			[]string{"pip download lammps-jax-pjrt-cpu==0.11.2 failed", "Could not find a version", "Python package index", "--source github"}},
		{"wrong wheel checksum", Options{Pip: fakePip(t, wheel), PluginSHA256: sha(lib)},
			[]string{"has SHA-256 " + wheelSHA, "want " + WheelSHA256, "nothing was installed"}},
		{"wrong plugin checksum", Options{Pip: fakePip(t, wheel), WheelSHA256: wheelSHA},
			[]string{"unpacked", "want " + PluginSHA256, "nothing was installed"}},
		{"no plugin in wheel", Options{Pip: fakePip(t, noMember), WheelSHA256: noMemberSHA, PluginSHA256: sha(lib)},
			[]string{"has no " + Member}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.o.Dir = filepath.Join(t.TempDir(), "go-xla")
			_, err := Install(tt.o)
			if err == nil {
				t.Fatal("Install succeeded, want an error")
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("error spans lines: %q", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			if _, err := os.Stat(filepath.Join(tt.o.Dir, FileName)); err == nil {
				t.Errorf("a plugin file was left installed after the error")
			}
		})
	}
}

// TestInstallNoPipOnPath: with an empty PATH none of pip, pip3, python3 is found.
func TestInstallNoPipOnPath(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := Install(Options{Dir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "pip not found") || !strings.Contains(err.Error(), "apt-get install python3-pip") {
		t.Fatalf("Install = %v, want the pip-not-found error naming the fix", err)
	}
}

// TestInstallReplacesBrokenFile: a file with the wrong checksum at the target (an older or
// truncated plugin) is replaced.
func TestInstallReplacesBrokenFile(t *testing.T) {
	lib := []byte("\x7fELF pretend plugin library")
	wheel, wheelSHA := fakeWheel(t, Member, lib)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, FileName), []byte("truncated"), 0o644)
	if _, err := Install(Options{Dir: dir, Pip: fakePip(t, wheel), WheelSHA256: wheelSHA, PluginSHA256: sha(lib)}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, FileName)); string(got) != string(lib) {
		t.Errorf("target holds %q after install, want the plugin", got)
	}
}
