package model

import (
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/gomlx/compute"

	"github.com/goautoencoders/autoencoders/aelib/backend"
	"github.com/goautoencoders/autoencoders/aelib/corrupt"
)

var (
	xlaOnce    sync.Once
	xlaBackend compute.Backend
	xlaErr     error
)

// xlaCPU returns GoMLX's XLA backend on the installed CPU plugin. Without a plugin the
// test is skipped, unless AELIB_REQUIRE_XLA=1 (make test sets it, after make xla installs
// the plugin), which turns a missing or broken plugin into a failure.
func xlaCPU(t *testing.T) compute.Backend {
	t.Helper()
	xlaOnce.Do(func() { xlaBackend, xlaErr = backend.NewWithConfig("xla:cpu") })
	if xlaErr != nil {
		if os.Getenv("AELIB_REQUIRE_XLA") == "1" {
			t.Fatalf("XLA CPU backend with AELIB_REQUIRE_XLA=1: %v (make xla installs the plugin)", xlaErr)
		}
		t.Skipf("no XLA CPU plugin (%v); make xla installs it", xlaErr)
	}
	return xlaBackend
}

// crossBackendKinds are the model kinds trained on both backends, each small enough to
// train 2 epochs on 600 digits in about a second on the Go backend.
func crossBackendKinds() map[string]Config {
	small := func(c Config) Config {
		c.Epochs = 2
		c.BatchSize = 100
		return c
	}
	deep := Hinton2006()
	deep.Schedule = nil // the cosine schedule spans the run: 2 epochs would end at 2 % of the rate
	return map[string]Config{
		"tutorial":    small(Tutorial()),
		"deep":        small(deep),
		"conv":        small(KerasConv()),
		"sparse":      small(Sparse()),
		"contractive": small(Contractive()),
		"denoising":   small(Denoising()),
		"masking":     small(withNoise(Tutorial(), corrupt.Noise{Kind: corrupt.Masking, Level: 0.3})),
		"variational": small(Variational()),
	}
}

func withNoise(c Config, n corrupt.Noise) Config {
	c.Denoise = &n
	return c
}

// TestBackendsAgree trains every model kind for 2 epochs on the Go backend and on XLA from
// the same initial weights (drawn on the Go backend and copied: GoMLX's random generator is
// the backend's own, so the same seed gives other numbers on XLA) and the same shuffles and
// input noise (drawn on the host). The dense kinds then differ only by float32 rounding:
// their training and test losses agree within 0.1 % (relative; measured: to 5 digits). The
// conv model sums its convolutions in another order on each backend (conv-by-Dot on Go,
// GoMLX's convolution on XLA), which training amplifies: within 1 % (measured 0.54 % after 2
// epochs). The variational and contractive objectives may draw random numbers inside the
// graph (samples, directions), which differ between the backends: within 2 % (measured
// 0.88 % for the variational model). A model trained on one backend, saved and loaded on the other, reconstructs
// the same images (within 1e-4 per pixel): for the conv model this compares the
// conv-by-Dot path (Go) with GoMLX's convolution (XLA) on the same weights.
func TestBackendsAgree(t *testing.T) {
	xla := xlaCPU(t)
	train, test, gob := data(t)
	x, xTest := train.Images[:600*784], test.Images[:200*784]
	const pixelTol = 1e-4
	for name, cfg := range crossBackendKinds() {
		t.Run(name, func(t *testing.T) {
			lossTol := 0.001
			switch {
			case cfg.Architecture == Conv:
				lossTol = 0.01
			case cfg.Contractive > 0 || cfg.Variational:
				lossTol = 0.02
			}
			start := filepath.Join(t.TempDir(), "initial")
			initial, err := New(gob, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := initial.Evaluate(xTest[:784]); err != nil { // creates the weights
				t.Fatal(err)
			}
			if err := initial.Save(start); err != nil {
				t.Fatal(err)
			}
			fit := func(b compute.Backend) *Autoencoder {
				ae, err := Load(b, start)
				if err != nil {
					t.Fatalf("load the initial weights on %s: %v", b.Name(), err)
				}
				if _, err := ae.Fit(x, xTest, FitOptions{}); err != nil {
					t.Fatalf("fit on %s: %v", b.Name(), err)
				}
				return ae
			}
			onGo, onXLA := fit(gob), fit(xla)
			hg, hx := onGo.History(), onXLA.History()
			if len(hg.Epochs) != 2 || len(hx.Epochs) != 2 {
				t.Fatalf("trained %d epochs on go, %d on xla; want 2", len(hg.Epochs), len(hx.Epochs))
			}
			for e := range hg.Epochs {
				for _, l := range []struct {
					what     string
					goL, xlL float64
				}{{"training", hg.Epochs[e].TrainLoss, hx.Epochs[e].TrainLoss}, {"test", hg.Epochs[e].ValLoss, hx.Epochs[e].ValLoss}} {
					rel := math.Abs(l.goL-l.xlL) / math.Abs(l.goL)
					t.Logf("epoch %d %s loss: go %.5f, xla %.5f (relative difference %.5f)", e+1, l.what, l.goL, l.xlL, rel)
					if !(rel <= lossTol) {
						t.Errorf("epoch %d %s loss: go %.5f, xla %.5f (relative difference %.4f > %.3f)", e+1, l.what, l.goL, l.xlL, rel, lossTol)
					}
				}
			}
			crossLoad(t, onGo, xla, xTest, pixelTol)
			crossLoad(t, onXLA, gob, xTest, pixelTol)
		})
	}
}

// crossLoad saves ae, loads it on backend b and checks that both reconstruct x alike and
// that the loaded model's history is the saved one.
func crossLoad(t *testing.T, ae *Autoencoder, b compute.Backend, x []float32, tol float64) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "model")
	if err := ae.Save(dir); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(b, dir)
	if err != nil {
		t.Fatalf("load a %s model on %s: %v", ae.Backend().Name(), b.Name(), err)
	}
	if got, want := len(loaded.History().Epochs), len(ae.History().Epochs); got != want {
		t.Errorf("loaded on %s: %d epochs of history, saved %d", b.Name(), got, want)
	}
	want, err := ae.Reconstruct(x)
	if err != nil {
		t.Fatal(err)
	}
	got, err := loaded.Reconstruct(x)
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for i := range want {
		worst = math.Max(worst, math.Abs(float64(got[i]-want[i])))
	}
	if !(worst <= tol) {
		t.Errorf("trained on %s, loaded on %s: reconstructions differ by up to %.2g per pixel (> %.0g)", ae.Backend().Name(), b.Name(), worst, tol)
	}
	codes, err := loaded.Encode(x[:10*784])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loaded.Decode(codes); err != nil {
		t.Errorf("decode on %s: %v", b.Name(), err)
	}
}
