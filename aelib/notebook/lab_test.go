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
	l, err := Start("01_test")
	if err != nil {
		t.Fatal(err)
	}
	if l.Watch == nil {
		t.Fatal("Start did not install the notebook's watcher")
	}
	for _, want := range []string{"QUICK mode", "backend go", "gomlx", "MNIST from"} {
		if !strings.Contains(Header(l), want) {
			t.Errorf("header lacks %q:\n%s", want, Header(l))
		}
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
