package mnist

import (
	"bytes"
	"slices"
	"testing"
)

// FuzzParseImages checks that ParseImages never panics and that whatever it
// accepts is well formed and round-trips through the raw IDX encoding.
// Seeds beyond these live in testdata/fuzz/FuzzParseImages.
func FuzzParseImages(f *testing.F) {
	f.Add(validImages(1))
	f.Add(gz(validImages(2)))
	f.Add(validImages(2)[:100])
	f.Add(encodeImages(labelsMagic, 1, Rows, Cols, nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		px, err := ParseImages(bytes.NewReader(data))
		if err != nil {
			if px != nil {
				t.Fatalf("error %v with non-nil result", err)
			}
			return
		}
		if len(px)%Pixels != 0 {
			t.Fatalf("%d values, not a multiple of %d", len(px), Pixels)
		}
		raw := make([]byte, len(px))
		for i, v := range px {
			b := byte(v*255 + 0.5)
			if !(v >= 0 && v <= 1) || pixelScale[b] != v {
				t.Fatalf("value %d = %v is not byte/255", i, v)
			}
			raw[i] = b
		}
		again, err := ParseImages(bytes.NewReader(encodeImages(imagesMagic, uint32(len(px)/Pixels), Rows, Cols, raw)))
		if err != nil || !slices.Equal(again, px) {
			t.Fatalf("round trip failed: %v", err)
		}
	})
}

// FuzzParseLabels checks that ParseLabels never panics and that whatever it
// accepts holds only digits and round-trips through the raw IDX encoding.
// Seeds beyond these live in testdata/fuzz/FuzzParseLabels.
func FuzzParseLabels(f *testing.F) {
	f.Add(validLabels(10))
	f.Add(gz(validLabels(20)))
	f.Add(encodeLabels(labelsMagic, 3, []byte{1, 2, 11}))
	f.Add(encodeLabels(imagesMagic, 1, []byte{1}))
	f.Fuzz(func(t *testing.T, data []byte) {
		lb, err := ParseLabels(bytes.NewReader(data))
		if err != nil {
			if lb != nil {
				t.Fatalf("error %v with non-nil result", err)
			}
			return
		}
		if err := checkLabelValues(lb); err != nil {
			t.Fatal(err)
		}
		again, err := ParseLabels(bytes.NewReader(encodeLabels(labelsMagic, uint32(len(lb)), lb)))
		if err != nil || !slices.Equal(again, lb) {
			t.Fatalf("round trip failed: %v", err)
		}
	})
}
