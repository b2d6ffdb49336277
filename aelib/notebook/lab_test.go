package notebook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/model"
)

func TestLabTrainsOnceThenLoads(t *testing.T) {
	repo := t.TempDir()
	t.Setenv("GONB_DIR", filepath.Join(repo, "notebooks"))
	t.Setenv(QuickEnv, "1")
	t.Setenv("GOMLX_BACKEND", "go")
	lab, err := Start("01_test")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(repo, "runs", "notebooks", "01_test-quick"); lab.Dir != want {
		t.Errorf("Dir = %s, want %s", lab.Dir, want)
	}
	if lab.Train.Len() != QuickTrain || lab.Test.Len() != QuickTest || !lab.Quick {
		t.Errorf("quick lab has %d/%d images, quick=%v", lab.Train.Len(), lab.Test.Len(), lab.Quick)
	}
	for _, want := range []string{"QUICK mode", "backend go", "gomlx", "MNIST from"} {
		if !strings.Contains(lab.Header(), want) {
			t.Errorf("header lacks %q:\n%s", want, lab.Header())
		}
	}
	if got := lab.Epochs(50, 2); got != 2 {
		t.Errorf("Epochs(50, 2) = %d in quick mode", got)
	}
	cfg := model.Tutorial()
	cfg.Epochs = 1
	ae, err := lab.Fit("tutorial", cfg)
	if err != nil {
		t.Fatal(err)
	}
	// A later cell (a new program) opens the lab and gets the trained model back.
	again, err := Open("01_test")
	if err != nil {
		t.Fatal(err)
	}
	ae2, err := again.Fit("tutorial", cfg)
	if err != nil {
		t.Fatal(err)
	}
	h1, h2 := ae.History(), ae2.History()
	if h2.Len() != 1 || h1.Epochs[0].ValLoss != h2.Epochs[0].ValLoss || h1.Epochs[0].Seconds != h2.Epochs[0].Seconds {
		t.Errorf("second Fit retrained or lost the history: %+v vs %+v", h1, h2)
	}
	if d, err := again.Elapsed(); err != nil || d <= 0 {
		t.Errorf("Elapsed = %v, %v", d, err)
	}
	// Start empties the run folder.
	if _, err := Start("01_test"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(lab.Dir, "tutorial")); !os.IsNotExist(err) {
		t.Errorf("Start kept the old run: %v", err)
	}
}
