package backend

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/gomlx/compute"
)

func TestDecide(t *testing.T) {
	tests := []struct {
		name       string
		env        string
		wantConfig string
		wantReason string
	}{
		{"env go", "go", "go", "GOMLX_BACKEND"},
		{"env xla cpu", "xla:cpu", "xla:cpu", "is set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvVar, tt.env)
			// GOMLX_BACKEND set: no plugin is looked for (the no-plugin case runs in
			// TestDecidePluginPresent, in a fresh process with an empty search path).
			c := Decide()
			if c.Config != tt.wantConfig || !strings.Contains(c.Reason, tt.wantReason) {
				t.Errorf("Decide() = %+v, want config %q and a reason mentioning %q", c, tt.wantConfig, tt.wantReason)
			}
		})
	}
}

func TestNewGo(t *testing.T) {
	t.Setenv(EnvVar, "go")
	b, c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if b == nil || c.Name != "go" || !strings.HasPrefix(c.String(), "backend go: ") {
		t.Errorf("New() = %v, %+v", b, c)
	}
}

func TestNewBadConfig(t *testing.T) {
	tests := []struct {
		config string
		want   string
	}{
		{"tpu-magic", "unknown backend"},
		{"xla:/nonexistent/pjrt_plugin_missing.so", "backend \"xla:/nonexistent"},
	}
	for _, tt := range tests {
		t.Run(tt.config, func(t *testing.T) {
			t.Setenv(EnvVar, tt.config)
			_, _, err := New()
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), EnvVar) {
				t.Errorf("New() with %s=%q = %v, want an error containing %q and naming %s", EnvVar, tt.config, err, tt.want, EnvVar)
			}
		})
	}
}

func TestSetCommandMemoryLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	t.Setenv("GOMEMLIMIT", "")
	if got := SetCommandMemoryLimit(); got != CommandMemoryLimit || debug.SetMemoryLimit(-1) != CommandMemoryLimit {
		t.Errorf("without GOMEMLIMIT: limit %d, runtime %d; want %d", got, debug.SetMemoryLimit(-1), CommandMemoryLimit)
	}
	debug.SetMemoryLimit(1 << 40)
	t.Setenv("GOMEMLIMIT", "1TiB")
	if got := SetCommandMemoryLimit(); got != 1<<40 {
		t.Errorf("with GOMEMLIMIT set: %d, want the user's limit kept", got)
	}
}

// fakePlugin compiles a shared library that passes go-xla's check of a PJRT plugin (it
// exports GetPjrtApi, returning a non-nil pointer) into dir/name; Decide only looks for
// plugins, it never runs one.
func fakePlugin(t *testing.T, dir, name string) {
	t.Helper()
	src := filepath.Join(t.TempDir(), "fake.c")
	if err := os.WriteFile(src, []byte("void *GetPjrtApi(void) { static char api[512]; return api; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cc", "-shared", "-fPIC", "-o", filepath.Join(dir, name), src).CombinedOutput(); err != nil {
		t.Fatalf("compile the stand-in plugin (cc is part of the toolchain cgo needs): %v\n%s", err, out)
	}
}

// TestDecidePluginPresent: with a PJRT plugin in the search path XLA is chosen, versioned
// names (as go-xla's installer writes them) included, and GOMLX_BACKEND still wins; a file
// that is no shared library makes go-xla panic, which Decide turns into the Go backend
// and a reason naming the problem.
func TestDecidePluginPresent(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fake    string // a stand-in plugin
		broken  string // a file that is not a shared library
		env     string
		want    string
		because string
	}{
		{"cpu plugin", "pjrt_c_api_cpu_plugin.so", "", "", "xla:cpu", "is installed"},
		{"versioned cpu plugin", "pjrt_c_api_cpu_v0.114.0_plugin.so", "", "", "xla:cpu_v0.114.0", "is installed"},
		{"env wins", "pjrt_c_api_cpu_plugin.so", "", "go", "go", "is set"},
		{"broken plugin file", "", "pjrt_c_api_cpu_plugin.so", "", "go", "is broken"},
		{"no plugin", "", "", "", "go", "no XLA PJRT plugin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.fake != "" {
				fakePlugin(t, dir, tc.fake)
			}
			if tc.broken != "" {
				if err := os.WriteFile(filepath.Join(dir, tc.broken), []byte("not a library"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			// go-xla reads the search path when the process starts: ask a fresh process.
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "AELIB_PRINT_DECIDE=1", "PJRT_PLUGIN_LIBRARY_PATH="+dir, "HOME="+t.TempDir(), EnvVar+"="+tc.env)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("child process: %v", err)
			}
			config, reason, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
			if config != tc.want || !strings.Contains(reason, tc.because) {
				t.Errorf("Decide() = %q (%s), want config %q and a reason saying it %s", config, reason, tc.want, tc.because)
			}
		})
	}
}

// TestMain lets a test ask a fresh process what Decide picks (AELIB_PRINT_DECIDE=1): go-xla
// reads PJRT_PLUGIN_LIBRARY_PATH once, when the process starts.
func TestMain(m *testing.M) {
	if os.Getenv("AELIB_PRINT_DECIDE") == "1" {
		c := Decide()
		fmt.Printf("%s\n%s\n", c.Config, c.Reason)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestNextMemoryLimit(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct{ live, limit, want int64 }{
		{300 * mib, 400 * mib, 400 * mib},   // the limit bounds the garbage
		{345 * mib, 400 * mib, 400 * mib},   // just below 400/1.15
		{360 * mib, 400 * mib, 414 * mib},   // the tutorial's data: raised to 1.15 × live
		{1000 * mib, 414 * mib, 1150 * mib}, // a bigger model
		{100 * mib, 1150 * mib, 1150 * mib}, // never lowered
	} {
		if got := NextMemoryLimit(tc.live, tc.limit); got < tc.want-1024 || got > tc.want+1024 {
			t.Errorf("NextMemoryLimit(%d MiB, %d MiB) = %d MiB, want %d MiB", tc.live/mib, tc.limit/mib, got/mib, tc.want/mib)
		}
	}
}

// TestNewFallsBack: an installed plugin that fails to load gives the Go backend and a
// reason naming the failure; a backend the user named in GOMLX_BACKEND gives the error.
func TestNewFallsBack(t *testing.T) {
	failXLA := func(config string) (compute.Backend, error) {
		if config != "go" {
			return nil, fmt.Errorf("backend %q: plugin refuses to start", config)
		}
		return NewWithConfig("go")
	}
	installed := Choice{Config: "xla:cpu", Reason: "XLA PJRT plugin \"cpu\" is installed"}
	b, c, err := newFor(installed, failXLA)
	if err != nil || b == nil || c.Name != "go" || !strings.Contains(c.Reason, "does not load") ||
		!strings.Contains(c.Reason, "plugin refuses to start") || !strings.Contains(c.Reason, "make xla") {
		t.Errorf("installed plugin that fails: %v, %+v, %v; want the Go backend and the reason", b, c, err)
	}
	asked := Choice{Config: "xla:cpu", Reason: "GOMLX_BACKEND=\"xla:cpu\" is set", fromEnv: true}
	if _, _, err := newFor(asked, failXLA); err == nil || !strings.Contains(err.Error(), "refuses to start") {
		t.Errorf("GOMLX_BACKEND=xla:cpu that fails: err %v, want the error", err)
	}
}
