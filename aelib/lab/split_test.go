package lab

import (
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/mnist"
)

// indexed returns a set of n images whose first pixel is the image's index.
func indexed(n int) *mnist.Set {
	s := &mnist.Set{Images: make([]float32, n*mnist.Pixels), Labels: make([]uint8, n)}
	for i := range n {
		s.Images[i*mnist.Pixels] = float32(i)
		s.Labels[i] = uint8(i % 10)
	}
	return s
}

// TestSplit: validation is the last ValidationSize training images, training the ones
// before them, test the test images; subsets take the first images of each part; the name
// says the sizes.
func TestSplit(t *testing.T) {
	const nTrain, nTest = ValidationSize + 500, 300
	train, test := indexed(nTrain), indexed(nTest)
	tests := []struct {
		sizes               Sizes
		name                string
		nTr, nVal, nTe      int
		firstVal, firstTest int
	}{
		{Sizes{}, "mnist-train500-val10000", 500, ValidationSize, nTest, 500, 0},
		{Sizes{Train: 100, Validation: 50, Test: 20}, "mnist-train100-val50-test20", 100, 50, 20, 500, 0},
		{Sizes{Test: nTest}, "mnist-train500-val10000", 500, ValidationSize, nTest, 500, 0},
	}
	for _, tt := range tests {
		d, err := Split("mnist", train, test, tt.sizes)
		if err != nil {
			t.Fatalf("%+v: %v", tt.sizes, err)
		}
		if d.Name != tt.name || d.Train.Len() != tt.nTr || d.Validation.Len() != tt.nVal || d.Test.Len() != tt.nTe {
			t.Errorf("%+v: %q with %s, want %q with %d/%d/%d", tt.sizes, d.Name, d.Describe(), tt.name, tt.nTr, tt.nVal, tt.nTe)
		}
		if got := d.Validation.Images[0]; got != float32(nTrain-ValidationSize) {
			t.Errorf("%+v: the validation set starts at training image %v, want %d", tt.sizes, got, nTrain-ValidationSize)
		}
		if last := d.Train.Images[(d.Train.Len()-1)*mnist.Pixels]; last >= float32(nTrain-ValidationSize) {
			t.Errorf("%+v: training image %v is also a validation image", tt.sizes, last)
		}
		if SplitName("mnist", nTrain, nTest, tt.sizes) != d.Name {
			t.Errorf("%+v: SplitName %q, Split %q", tt.sizes, SplitName("mnist", nTrain, nTest, tt.sizes), d.Name)
		}
	}
	for _, bad := range []Sizes{{Train: 501}, {Validation: ValidationSize + 1}, {Test: nTest + 1}, {Train: -1}} {
		if _, err := Split("mnist", train, test, bad); err == nil || !strings.Contains(err.Error(), "out of range") {
			t.Errorf("Split with sizes %+v: %v, want an out-of-range error", bad, err)
		}
	}
	if _, err := Split("mnist", indexed(ValidationSize), test, Sizes{}); err == nil {
		t.Error("Split of 10,000 training images: no error, want one (nothing left to train on)")
	}
}

// TestTrainedRecord: a run folder records the commit, backend and epochs of the training
// done into it; loading it again keeps that record; RunInfo prints it; a folder without
// the record says so.
func TestTrainedRecord(t *testing.T) {
	data, b := fixture(t)
	root := t.TempDir()
	cfg := tiny(1)
	if _, _, err := Train(b, cfg, data, Options{Root: root}); err != nil {
		t.Fatal(err)
	}
	dir, _ := RunDir(root, data, cfg)
	first, err := ReadTrained(dir)
	if err != nil || first.Epochs != 1 || first.Backend != "go" || first.Code.Commit == "" || first.Date.IsZero() {
		t.Fatalf("after training: %+v, %v", first, err)
	}
	if _, _, err := Train(b, cfg, data, Options{Root: root}); err != nil { // loads
		t.Fatal(err)
	}
	if again, _ := ReadTrained(dir); !again.Date.Equal(first.Date) {
		t.Errorf("loading rewrote the record: %v then %v", first.Date, again.Date)
	}
	if info := RunInfo(dir); !strings.Contains(info, "trained for 1 epochs at commit ") || !strings.Contains(info, " on go, ") {
		t.Errorf("RunInfo = %q", info)
	}
	cfg.Epochs = 2 // trains one more epoch into its folder: the record follows
	if _, _, err := Train(b, cfg, data, Options{Root: root}); err != nil {
		t.Fatal(err)
	}
	dir2, _ := RunDir(root, data, cfg)
	if more, err := ReadTrained(dir2); err != nil || more.Epochs != 2 {
		t.Errorf("after training to 2 epochs: %+v, %v", more, err)
	}
	if info := RunInfo(t.TempDir()); !strings.Contains(info, "before runs recorded their commit") {
		t.Errorf("RunInfo of a folder without the record = %q", info)
	}
}
