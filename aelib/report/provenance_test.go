package report

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/internal/provenance"
)

// TestProvenance: a report records the commit of this checkout (tests run inside it) and
// whether it is dirty, the CPU model, and prints them in its header and README.
func TestProvenance(t *testing.T) {
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatalf("the tests run in a git checkout, but git rev-parse failed: %v", err)
	}
	r := New("demo", nil, backend.Choice{})
	if r.Code.Commit != strings.TrimSpace(string(head)) {
		t.Errorf("commit %q, want %q", r.Code.Commit, strings.TrimSpace(string(head)))
	}
	st, _ := exec.Command("git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)*.ipynb").Output()
	if dirty := len(strings.TrimSpace(string(st))) > 0; r.Code.Dirty != dirty {
		t.Errorf("dirty = %v, git status says %v", r.Code.Dirty, dirty)
	}
	if cpu := provenance.CPUModel(); cpu == "" || !strings.Contains(r.Machine, cpu) {
		t.Errorf("machine %q lacks the CPU model %q", r.Machine, cpu)
	}
	for _, text := range []string{r.Header(), r.Markdown()} {
		if !strings.Contains(text, "commit "+r.Code.Commit[:12]) {
			t.Errorf("no commit in:\n%s", text)
		}
	}
	if got := (provenance.Code{Commit: "0123456789abcdef", Dirty: true}).String(); got != "commit 0123456789ab (uncommitted changes)" {
		t.Errorf("Code.String() = %q", got)
	}
}
