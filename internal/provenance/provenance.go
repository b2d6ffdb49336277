// Package provenance says where a result came from: the commit of the code that produced
// it (and whether the working tree had changes) and the processor it ran on. Reports, run
// folders and benchmarks record it.
//
//	fmt.Println(provenance.CodeState()) // commit 1a2b3c4d5e6f
package provenance

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
)

// Code identifies the code that produced a run: the git commit of the repository, and
// whether its working tree had uncommitted changes outside the notebooks (then the outputs
// may not be reproducible from the commit alone).
type Code struct {
	Commit string `json:"commit,omitempty"`
	Dirty  bool   `json:"dirty,omitempty"`
	// From says how the commit was found: "build info" (stamped by go build) or "git".
	From string `json:"from,omitempty"`
}

// String is e.g. "commit 1a2b3c4d5e6f (uncommitted changes)" or "commit unknown".
func (c Code) String() string {
	if c.Commit == "" {
		return "commit unknown (not a git checkout, or git not installed)"
	}
	s := "commit " + c.Commit[:min(12, len(c.Commit))]
	if c.Dirty {
		s += " (uncommitted changes)"
	}
	return s
}

// CodeState returns the commit of the code running: the VCS stamp go build puts into the
// binary, else `git rev-parse HEAD` and `git status --porcelain` in the repository (a
// notebook's programs are built outside it: GONB_DIR's parent is the repository).
func CodeState() Code {
	if info, ok := debug.ReadBuildInfo(); ok {
		var c Code
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				c.Commit = s.Value
			case "vcs.modified":
				c.Dirty = s.Value == "true"
			}
		}
		if c.Commit != "" {
			c.From = "build info"
			return c
		}
	}
	dir := "."
	if d := os.Getenv("GONB_DIR"); d != "" {
		dir = filepath.Join(d, "..")
	}
	head, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		return Code{}
	}
	c := Code{Commit: strings.TrimSpace(string(head)), From: "git"}
	// Executed notebooks are outputs, not code: a full run rewrites them one after the other.
	if st, err := exec.Command("git", "-C", dir, "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)*.ipynb").Output(); err == nil {
		c.Dirty = len(strings.TrimSpace(string(st))) > 0
	}
	return c
}

// CPUModel is the processor's model name (from /proc/cpuinfo on Linux), or the
// architecture where it cannot be read.
func CPUModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(key) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return runtime.GOARCH
}
