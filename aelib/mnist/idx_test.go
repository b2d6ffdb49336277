package mnist

import (
	"bytes"
	"errors"
	"io"
	"math"
	"runtime"
	"strings"
	"testing"
)

func TestParseImages(t *testing.T) {
	good := validImages(3)
	tests := []struct {
		name    string
		data    []byte
		wantN   int    // images expected on success
		wantErr string // substring of the error; "" means success
	}{
		{"raw", good, 3, ""},
		{"gzip", gz(good), 3, ""},
		{"zero images", encodeImages(imagesMagic, 0, Rows, Cols, nil), 0, ""},
		{"empty input", nil, 0, "truncated header: got 0 of 16 bytes"},
		{"short header", good[:10], 0, "truncated header: got 10 of 16 bytes"},
		{"label magic", encodeImages(labelsMagic, 1, Rows, Cols, make([]byte, Pixels)), 0, "bad magic number 0x00000801, want 0x00000803 (this is a label file)"},
		{"junk magic", encodeImages(0xdeadbeef, 1, Rows, Cols, make([]byte, Pixels)), 0, "bad magic number 0xdeadbeef"},
		{"wrong rows", encodeImages(imagesMagic, 1, 27, Cols, make([]byte, 27*Cols)), 0, "size 27×28, want 28×28"},
		{"wrong cols", encodeImages(imagesMagic, 1, Rows, 29, make([]byte, Rows*29)), 0, "size 28×29, want 28×28"},
		{"truncated data", good[:len(good)-5], 0, "truncated: header declares 3 images of 28×28: expected 2368 bytes, got 2363"},
		{"truncated gzip data", gz(good[:len(good)-5]), 0, "expected 2368 bytes, got 2363"},
		{"huge declared count", encodeImages(imagesMagic, 0xffffffff, Rows, Cols, make([]byte, 100)), 0, "more than the limit of 250000"},
		{"trailing data", append(append([]byte{}, good...), 1, 2, 3), 0, "trailing data: 3 extra bytes after the expected 2368"},
		{"trailing gzip data", gz(append(append([]byte{}, good...), 9)), 0, "trailing data: 1 extra bytes"},
		{"short garbage after gzip stream", append(gz(good), "junk"...), 0, "reading past the expected 2368 bytes: unexpected EOF"},
		{"garbage after gzip stream", append(gz(good), "junk junk junk"...), 0, "reading past the expected 2368 bytes: gzip: invalid header"},
		{"corrupt gzip", corruptGzip(gz(good)), 0, "gzip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			px, err := ParseImages(bytes.NewReader(tt.data))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseImages error = %v, want it to contain %q", err, tt.wantErr)
				}
				if !strings.HasPrefix(err.Error(), "images: ") {
					t.Errorf("error %q does not say it is about images", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(px) != tt.wantN*Pixels {
				t.Fatalf("got %d values, want %d", len(px), tt.wantN*Pixels)
			}
			for i, v := range px {
				if want := float32(byte(i/Pixels+i%Pixels)) / 255; v != want {
					t.Fatalf("pixel %d = %v, want %v", i, v, want)
				}
			}
		})
	}
}

// corruptGzip flips a byte of the gzip CRC trailer.
func corruptGzip(b []byte) []byte {
	b = append([]byte{}, b...)
	b[len(b)-6] ^= 0xff
	return b
}

func TestParseLabels(t *testing.T) {
	good := validLabels(25)
	tests := []struct {
		name    string
		data    []byte
		wantN   int
		wantErr string
	}{
		{"raw", good, 25, ""},
		{"gzip", gz(good), 25, ""},
		{"short header", good[:5], 0, "truncated header: got 5 of 8 bytes"},
		{"image magic", encodeLabels(imagesMagic, 1, []byte{1}), 0, "bad magic number 0x00000803, want 0x00000801 (this is an image file)"},
		{"label out of range", encodeLabels(labelsMagic, 3, []byte{1, 10, 2}), 0, "label 1 is 10, want 0..9"},
		{"label 255", encodeLabels(labelsMagic, 1, []byte{255}), 0, "label 0 is 255"},
		{"truncated", good[:len(good)-1], 0, "truncated: header declares 25 labels: expected 33 bytes, got 32"},
		{"trailing", append(append([]byte{}, good...), 0), 0, "trailing data: 1 extra bytes after the expected 33"},
		{"trailing gzip", gz(append(append([]byte{}, good...), 0, 0)), 0, "trailing data: 2 extra bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lb, err := ParseLabels(bytes.NewReader(tt.data))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseLabels error = %v, want it to contain %q", err, tt.wantErr)
				}
				if !strings.HasPrefix(err.Error(), "labels: ") {
					t.Errorf("error %q does not say it is about labels", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(lb) != tt.wantN {
				t.Fatalf("got %d labels, want %d", len(lb), tt.wantN)
			}
			for i, l := range lb {
				if int(l) != i%NumClasses {
					t.Fatalf("label %d = %d, want %d", i, l, i%NumClasses)
				}
			}
		})
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name           string
		images, labels []byte
		wantLen        int
		wantErr        string
	}{
		{"match", validImages(4), validLabels(4), 4, ""},
		{"match gzip", gz(validImages(4)), gz(validLabels(4)), 4, ""},
		{"more labels", validImages(4), validLabels(5), 0, "image/label count mismatch: 4 images but 5 labels"},
		{"fewer labels", validImages(4), validLabels(3), 0, "image/label count mismatch: 4 images but 3 labels"},
		{"bad images", validImages(4)[:100], validLabels(4), 0, "images: truncated"},
		{"bad labels", validImages(4), validLabels(4)[:3], 0, "labels: truncated header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Decode(bytes.NewReader(tt.images), bytes.NewReader(tt.labels))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Decode error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Len() != tt.wantLen {
				t.Fatalf("Len = %d, want %d", s.Len(), tt.wantLen)
			}
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestDecodeFileNamesFile checks that decoding errors name the data set, the file and
// the expected vs. actual byte counts.
func TestDecodeFileNamesFile(t *testing.T) {
	for _, tt := range []struct {
		spec  *datasetSpec
		title string
	}{{&mnistSpec, "MNIST"}, {&fashionSpec, "Fashion-MNIST"}} {
		l := &loader{spec: tt.spec}
		const path = "/data/train-images-idx3-ubyte.gz"
		data := gz(validImages(2)[:imagesHeaderLen+Pixels+10])
		_, err := l.decodeImagesFile(path, data, 2)
		want := "load " + tt.title + " " + path + ": images: truncated: header declares 2 images of 28×28: expected 1584 bytes, got 810"
		if err == nil || err.Error() != want {
			t.Fatalf("error = %v\nwant    %s", err, want)
		}
		_, err = l.decodeLabelsFile("/data/l.gz", validLabels(2)[:9])
		if err == nil || !strings.Contains(err.Error(), "load "+tt.title+" /data/l.gz") || !strings.Contains(err.Error(), "expected 10 bytes, got 9") {
			t.Fatalf("labels error = %v", err)
		}
	}
}

// errReader fails after returning its data.
type errReader struct {
	data []byte
	err  error
}

func (r *errReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestParseReadError(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name string
		r    io.Reader
	}{
		{"in header", &errReader{validImages(1)[:4], boom}},
		{"in data", &errReader{validImages(1)[:100], boom}},
		{"after data", &errReader{validImages(1), boom}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseImages(tt.r)
			if !errors.Is(err, boom) {
				t.Fatalf("error = %v, want it to wrap %v", err, boom)
			}
		})
	}
}

func BenchmarkParseImagesGzip(b *testing.B) {
	data := gz(validImages(1000))
	b.SetBytes(int64(1000 * Pixels))
	for b.Loop() {
		if _, err := ParseImages(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestHugeDeclaredCount: a small gzip file whose header declares 2³²−1 images (followed
// by 8 MB of zeros, which compress to almost nothing) is refused before any large
// allocation, by both parsers; a larger limit is an option.
func TestHugeDeclaredCount(t *testing.T) {
	zeros := make([]byte, 8<<20)
	images := gz(encodeImages(imagesMagic, math.MaxUint32, Rows, Cols, zeros))
	labels := gz(encodeLabels(labelsMagic, math.MaxUint32, zeros))
	if len(images) > 100<<10 {
		t.Fatalf("crafted file is %d bytes; want a small one", len(images))
	}
	for name, parse := range map[string]func() error{
		"images": func() error { _, err := ParseImages(bytes.NewReader(images)); return err },
		"labels": func() error { _, err := ParseLabels(bytes.NewReader(labels)); return err },
	} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		err := parse()
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), "more than the limit") {
			t.Errorf("%s: %v, want a refusal naming the limit", name, err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
			t.Errorf("%s: allocated %d bytes before refusing; want under 4 MiB", name, alloc)
		}
	}
	// Within a raised limit, a header that declares more than the data holds is caught as
	// truncated, and the buffer grows with the data read, not the declared size.
	n := uint32(20000)
	short := gz(encodeImages(imagesMagic, n, Rows, Cols, make([]byte, 100*Pixels)))
	if _, err := ParseImagesWith(bytes.NewReader(short), Limits{MaxItems: 1 << 20}); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("declared %d images, 100 present: %v, want truncated", n, err)
	}
}
