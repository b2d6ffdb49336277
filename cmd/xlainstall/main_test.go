//go:build !noxla

package main

import (
	"bytes"
	"strings"
	"testing"
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
	} {
		var out, errOut bytes.Buffer
		if code := run(tc.args, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut.String(), tc.want)
		}
	}
}
