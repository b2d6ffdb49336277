package backend

import (
	"runtime/debug"
	"strings"
	"testing"
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
		{"unset, no plugin", "", "go", "no XLA PJRT plugin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvVar, tt.env)
			// No plugin anywhere: an empty search path and an empty home.
			t.Setenv("PJRT_PLUGIN_LIBRARY_PATH", t.TempDir())
			t.Setenv("HOME", t.TempDir())
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
