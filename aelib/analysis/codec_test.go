package analysis

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/pca"
)

// linePCA is a one-component PCA of points on the line y = 2x in the plane: the code of
// (x, 2x) is ±√5·(x − mean), and every reconstruction lies on the line.
func linePCA(t *testing.T) *pca.PCA {
	t.Helper()
	p, err := pca.Fit([]float32{0, 0, 1, 2, 2, 4, 3, 6}, 4, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPCACodec(t *testing.T) {
	c := PCACodec{PCA: linePCA(t)}
	tests := []struct {
		name    string
		f       func([]float32) ([]float32, error)
		in      []float32
		want    []float32
		wantErr string
	}{
		{"reconstruct on the line", c.Reconstruct, []float32{1, 2, 3, 6}, []float32{1, 2, 3, 6}, ""},
		{"reconstruct projects", c.Reconstruct, []float32{2, 1}, []float32{0.8, 1.6}, ""},
		{"decode encode", func(x []float32) ([]float32, error) {
			z, err := c.Encode(x)
			if err != nil {
				return nil, err
			}
			if len(z) != 2 {
				t.Errorf("two images encode to %d values, want 2", len(z))
			}
			return c.Decode(z)
		}, []float32{1, 2, 2, 1}, []float32{1, 2, 0.8, 1.6}, ""},
		{"ragged encode", c.Encode, []float32{1, 2, 3}, nil, "not rows of 2"},
		{"empty reconstruct", c.Reconstruct, nil, nil, "not rows of 2"},
		{"no PCA", PCACodec{}.Decode, []float32{1}, nil, "no fitted PCA"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.f(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !withinTol(got, tc.want, 1e-5) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// scaleCodec encodes an image to its values times 2 and decodes by halving: a walk
// between codes is then the cross-fade of the images.
type scaleCodec struct{}

func (scaleCodec) Encode(x []float32) ([]float32, error) { return scaled(x, 2), nil }
func (scaleCodec) Decode(z []float32) ([]float32, error) { return scaled(z, 0.5), nil }

func scaled(x []float32, s float32) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = v * s
	}
	return out
}

func TestWalk(t *testing.T) {
	p := linePCA(t)
	tests := []struct {
		name    string
		c       Codec
		a, b    []float32
		steps   int
		want    []float32
		wantErr string
	}{
		{"identity-like codec is a cross-fade", scaleCodec{}, []float32{0, 1}, []float32{1, 0}, 3,
			[]float32{0, 1, 0.5, 0.5, 1, 0}, ""},
		{"PCA walks on its line", PCACodec{PCA: p}, []float32{0, 0}, []float32{2, 4}, 3,
			[]float32{0, 0, 1, 2, 2, 4}, ""},
		{"PCA projects the ends", PCACodec{PCA: p}, []float32{2, 1}, []float32{2, 1}, 2,
			[]float32{0.8, 1.6, 0.8, 1.6}, ""},
		{"too few steps", scaleCodec{}, []float32{0}, []float32{1}, 1, nil, "at least 2 steps"},
		{"ends of different sizes", scaleCodec{}, []float32{0, 1}, []float32{1}, 2, nil, "give one image each"},
		{"bad image", PCACodec{PCA: p}, []float32{1, 2, 3}, []float32{1, 2}, 2, nil, "not rows of 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Walk(tc.c, tc.a, tc.b, tc.steps)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !withinTol(got, tc.want, 1e-5) {
				t.Errorf("Walk = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestScaleUnit(t *testing.T) {
	tests := []struct {
		name    string
		code    []float32
		unit    int
		scales  []float32
		want    []float32
		wantErr bool
	}{
		{"three scales", []float32{1, 2, 3}, 1, []float32{0, 1, 2.5}, []float32{1, 0, 3, 1, 2, 3, 1, 5, 3}, false},
		{"first unit", []float32{4, 1}, 0, []float32{0.5}, []float32{2, 1}, false},
		{"unit out of range", []float32{1, 2}, 2, []float32{1}, nil, true},
		{"negative unit", []float32{1, 2}, -1, []float32{1}, nil, true},
		{"no scales", []float32{1, 2}, 0, nil, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code := slices.Clone(tc.code)
			got, err := ScaleUnit(code, tc.unit, tc.scales)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("ScaleUnit = %v, want %v", got, tc.want)
			}
			if !slices.Equal(code, tc.code) {
				t.Errorf("the code was modified: %v", code)
			}
		})
	}
}

// withinTol reports whether a and b have the same length and differ by at most tol everywhere.
func withinTol(a, b []float32, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(float64(a[i]-b[i])) > tol {
			return false
		}
	}
	return true
}
