package notebook

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/lab"
	"github.com/goautoencoders/autoencoders/aelib/model"
)

// TestNotebookLab: the notebook's lab watches training (outside a notebook the display
// functions do nothing, so this checks the wiring) and its header tells the mode.
func TestNotebookLab(t *testing.T) {
	repo := t.TempDir()
	t.Setenv("GONB_DIR", filepath.Join(repo, "notebooks"))
	t.Setenv(lab.QuickEnv, "1")
	t.Setenv("GOMLX_BACKEND", "go")
	t.Setenv(lab.KeepRunsEnv, "")
	l, err := Start("01_test")
	if err != nil {
		t.Fatal(err)
	}
	if l.Watch == nil {
		t.Fatal("Start did not install the notebook's watcher")
	}
	for _, want := range []string{"QUICK mode", "backend go", "gomlx", "MNIST from", "cleared at the start", lab.KeepRunsEnv + "=1 keeps them"} {
		if !strings.Contains(Header(l), want) {
			t.Errorf("header lacks %q:\n%s", want, Header(l))
		}
	}
	kept := *l
	kept.KeepRuns = true
	if h := Header(&kept); !strings.Contains(h, "kept from earlier runs ("+lab.KeepRunsEnv+"=1)") {
		t.Errorf("header of a lab that kept its runs:\n%s", h)
	}
	cfg := model.Tutorial()
	cfg.Epochs = 2
	if _, r, err := l.Train(cfg); err != nil || r.Epochs != 2 {
		t.Fatalf("Train: %+v, %v", r, err)
	}
	again, err := Open("01_test")
	if err != nil || again.Watch == nil {
		t.Fatalf("Open: %v (watcher installed: %v)", err, again != nil && again.Watch != nil)
	}
}
