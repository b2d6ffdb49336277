//go:build !noxla

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/internal/xlaplugin"
)

// TestBadFlags: a bad command line exits 2 with a message, before any download.
func TestBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--plugin", "rocm9"}, "unknown plugin"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"--colour"}, "flag provided but not defined"},
		{[]string{"--source", "ftp"}, "unknown --source"},
		{[]string{"--plugin", "cuda13", "--source", "pypi"}, "only the CPU plugin"},
	} {
		var out, errOut bytes.Buffer
		if code := run(tc.args, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut.String(), tc.want)
		}
	}
}

// TestCheckPlugin: the installed CPU plugin (make xla) loads and computes; a file that is no
// plugin is reported as an error, not a panic. Without an installed plugin the first part
// is skipped, unless AELIB_REQUIRE_XLA=1 (make test sets it after make xla) makes that a failure.
func TestCheckPlugin(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "pjrt_c_api_cpu_plugin.so")
	os.WriteFile(bad, []byte("not a library"), 0o644)
	if err := checkPlugin(bad); err == nil {
		t.Errorf("checkPlugin(%s) = nil, want an error", bad)
	}
	home, _ := os.UserHomeDir()
	for _, p := range []string{filepath.Join(home, ".local/lib/go-xla", xlaplugin.FileName), "/usr/local/lib/go-xla/" + xlaplugin.FileName} {
		if _, err := os.Stat(p); err == nil {
			if err := checkPlugin(p); err != nil {
				t.Fatalf("checkPlugin(%s): %v", p, err)
			}
			return
		}
	}
	if os.Getenv("AELIB_REQUIRE_XLA") == "1" {
		t.Fatal("no XLA CPU plugin installed and AELIB_REQUIRE_XLA=1: run make xla")
	}
	t.Skip("no XLA CPU plugin installed (make xla installs it)")
}
