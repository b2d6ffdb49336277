package mnist

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// IDX magic numbers: two zero bytes, the element type (0x08 = unsigned
// byte) and the number of dimensions.
const (
	imagesMagic = 0x00000803 // imagesMagic starts an IDX file of N×rows×cols bytes.
	labelsMagic = 0x00000801 // labelsMagic starts an IDX file of N bytes.
)

// Header sizes in bytes: magic, count and, for images, rows and cols.
const (
	imagesHeaderLen = 16
	labelsHeaderLen = 8
)

// maxPrealloc bounds the buffer allocated up front from a header's declared
// size, so a lying header cannot force a huge allocation; the buffer grows
// only as real data arrives.
const maxPrealloc = 64 << 10

// maxTrailingReport bounds how many trailing bytes are counted for an error.
const maxTrailingReport = 1 << 20

// pixelScale maps a pixel byte b to float32(b)/255.
var pixelScale = func() (t [256]float32) {
	for i := range t {
		t[i] = float32(i) / 255
	}
	return t
}()

// DefaultMaxItems is the largest number of images (or labels) a header may declare for
// ParseImages and ParseLabels: 250,000, four times MNIST's training set (196 MB of pixels).
// A header declaring more is refused before anything is allocated; ParseImagesWith and
// ParseLabelsWith take another limit.
const DefaultMaxItems = 250_000

// Limits bound what an IDX header may declare.
type Limits struct {
	// MaxItems is the largest image or label count accepted (0: DefaultMaxItems).
	MaxItems int
}

func (l Limits) maxItems() int64 {
	if l.MaxItems > 0 {
		return int64(l.MaxItems)
	}
	return DefaultMaxItems
}

// checkCount refuses a declared count above the limit.
func (l Limits) checkCount(n int64, what string) error {
	if n > l.maxItems() {
		return fmt.Errorf("header declares %d %s, more than the limit of %d (Limits.MaxItems; a corrupt or hostile file?)", n, what, l.maxItems())
	}
	return nil
}

// ParseImages reads an IDX image file (magic 0x00000803, raw or
// gzip-compressed, detected from its first bytes) holding 28×28 images and
// returns the pixels as N×[Pixels] row-major float32 values in [0,1]
// (byte/255). It fails if the header is malformed or declares more than
// DefaultMaxItems images, the images are not 28×28, the data is shorter
// than the header declares, or anything follows the data. Memory use grows
// with the data actually read (the buffer at most doubles it), not with the
// count the header declares.
func ParseImages(r io.Reader) ([]float32, error) { return ParseImagesWith(r, Limits{}) }

// ParseImagesWith is ParseImages with other limits.
func ParseImagesWith(r io.Reader, lim Limits) ([]float32, error) {
	px, err := parseImageBytes(r, 0, lim)
	if err != nil {
		return nil, err
	}
	return bytesToFloat(px), nil
}

// ParseLabels reads an IDX label file (magic 0x00000801, raw or
// gzip-compressed) and returns its labels. It fails if the header is
// malformed or declares more than DefaultMaxItems labels, a label is not in
// 0..9, the data is shorter than the header declares, or anything follows
// the data.
func ParseLabels(r io.Reader) ([]uint8, error) { return ParseLabelsWith(r, Limits{}) }

// ParseLabelsWith is ParseLabels with other limits.
func ParseLabelsWith(r io.Reader, lim Limits) ([]uint8, error) {
	r, closeFn, err := maybeGunzip(r)
	if err != nil {
		return nil, fmt.Errorf("labels: %w", err)
	}
	defer closeFn()
	var hdr [labelsHeaderLen]byte
	if err := readHeader(r, hdr[:]); err != nil {
		return nil, fmt.Errorf("labels: %w", err)
	}
	if err := checkMagic(binary.BigEndian.Uint32(hdr[0:]), labelsMagic); err != nil {
		return nil, fmt.Errorf("labels: %w", err)
	}
	n := int64(binary.BigEndian.Uint32(hdr[4:]))
	if err := lim.checkCount(n, "labels"); err != nil {
		return nil, fmt.Errorf("labels: %w", err)
	}
	labels, err := readBody(r, n, labelsHeaderLen, fmt.Sprintf("%d labels", n), 0)
	if err != nil {
		return nil, fmt.Errorf("labels: %w", err)
	}
	if err := checkLabelValues(labels); err != nil {
		return nil, fmt.Errorf("labels: %w", err)
	}
	return labels, nil
}

// Decode parses an IDX image file and the matching IDX label file (each
// raw or gzip-compressed) into a [Set], failing if either is invalid or
// their counts differ.
func Decode(images, labels io.Reader) (*Set, error) {
	px, err := ParseImages(images)
	if err != nil {
		return nil, err
	}
	lb, err := ParseLabels(labels)
	if err != nil {
		return nil, err
	}
	return newSet(px, lb)
}

// newSet pairs parsed images and labels, checking their counts agree.
func newSet(images []float32, labels []uint8) (*Set, error) {
	if n := len(images) / Pixels; n != len(labels) || len(images)%Pixels != 0 {
		return nil, fmt.Errorf("image/label count mismatch: %d images but %d labels", n, len(labels))
	}
	return &Set{Images: images, Labels: labels}, nil
}

// parseImageBytes reads an IDX image file and returns its raw pixel bytes.
// sizeHint is the number of pixel bytes the caller expects, used to size
// the buffer up front; pass 0 for untrusted input.
func parseImageBytes(r io.Reader, sizeHint int, lim Limits) ([]byte, error) {
	r, closeFn, err := maybeGunzip(r)
	if err != nil {
		return nil, fmt.Errorf("images: %w", err)
	}
	defer closeFn()
	var hdr [imagesHeaderLen]byte
	if err := readHeader(r, hdr[:]); err != nil {
		return nil, fmt.Errorf("images: %w", err)
	}
	if err := checkMagic(binary.BigEndian.Uint32(hdr[0:]), imagesMagic); err != nil {
		return nil, fmt.Errorf("images: %w", err)
	}
	n := int64(binary.BigEndian.Uint32(hdr[4:]))
	if err := lim.checkCount(n, "images"); err != nil {
		return nil, fmt.Errorf("images: %w", err)
	}
	rows := binary.BigEndian.Uint32(hdr[8:])
	cols := binary.BigEndian.Uint32(hdr[12:])
	if rows != Rows || cols != Cols {
		return nil, fmt.Errorf("images: size %d×%d, want %d×%d", rows, cols, Rows, Cols)
	}
	px, err := readBody(r, n*Pixels, imagesHeaderLen, fmt.Sprintf("%d images of %d×%d", n, Rows, Cols), sizeHint)
	if err != nil {
		return nil, fmt.Errorf("images: %w", err)
	}
	return px, nil
}

// maybeGunzip returns a reader of the decompressed data if r starts with
// the gzip magic bytes, or of r itself otherwise, plus a close function.
func maybeGunzip(r io.Reader) (io.Reader, func(), error) {
	br := bufio.NewReader(r)
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, nil, fmt.Errorf("read: %w", err)
	}
	if len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		return br, func() {}, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, nil, fmt.Errorf("gunzip: %w", err)
	}
	return zr, func() { zr.Close() }, nil
}

// readHeader fills hdr from r, reporting a truncated header clearly.
func readHeader(r io.Reader, hdr []byte) error {
	n, err := io.ReadFull(r, hdr)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("truncated header: got %d of %d bytes", n, len(hdr))
	default:
		return fmt.Errorf("read header: %w", err)
	}
}

// checkMagic compares an IDX magic number with the expected one.
func checkMagic(got, want uint32) error {
	if got == want {
		return nil
	}
	hint := ""
	switch got {
	case imagesMagic:
		hint = " (this is an image file)"
	case labelsMagic:
		hint = " (this is a label file)"
	}
	return fmt.Errorf("bad magic number 0x%08x, want 0x%08x%s", got, want, hint)
}

// readBody reads exactly n data bytes following a header of hdrLen bytes,
// then checks that r is at its end. what describes the declared content for
// error messages; sizeHint is as for readUpTo.
func readBody(r io.Reader, n int64, hdrLen int, what string, sizeHint int) ([]byte, error) {
	if n > int64(math.MaxInt-hdrLen) {
		return nil, fmt.Errorf("header declares %s (%d bytes), too large for this platform", what, n)
	}
	buf, err := readUpTo(r, int(n), sizeHint)
	switch {
	case err != nil && len(buf) == int(n):
		// A gzip reader reports a bad next member with the last data.
		return nil, fmt.Errorf("reading past the expected %d bytes: %w", int(n)+hdrLen, err)
	case err != nil:
		return nil, fmt.Errorf("read data after %d bytes: %w", hdrLen+len(buf), err)
	}
	if len(buf) < int(n) {
		return nil, fmt.Errorf("truncated: header declares %s: expected %d bytes, got %d",
			what, int(n)+hdrLen, len(buf)+hdrLen)
	}
	return buf, checkEOF(r, int(n)+hdrLen)
}

// readUpTo reads until n bytes or EOF. Its buffer starts at
// max(maxPrealloc, sizeHint) bytes at most and doubles as data arrives, so
// memory use is bounded by the real input size, not the declared one.
// sizeHint is the size the caller expects (0 if unknown).
func readUpTo(r io.Reader, n, sizeHint int) ([]byte, error) {
	buf := make([]byte, 0, min(n, max(maxPrealloc, sizeHint)))
	for len(buf) < n {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), len(buf)+min(len(buf), n-len(buf))) // double, at most n
			copy(grown, buf)
			buf = grown
		}
		m, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// checkEOF verifies r has no data left after the expected total bytes;
// reading to the end also makes a gzip reader verify its CRC.
func checkEOF(r io.Reader, total int) error {
	var one [1]byte
	_, err := io.ReadFull(r, one[:])
	if errors.Is(err, io.EOF) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading past the expected %d bytes: %w", total, err)
	}
	extra, err := io.Copy(io.Discard, io.LimitReader(r, maxTrailingReport))
	more := ""
	if err != nil || extra == maxTrailingReport {
		more = " or more"
	}
	return fmt.Errorf("trailing data: %d%s extra bytes after the expected %d", extra+1, more, total)
}

// checkLabelValues verifies every label is a digit 0..9.
func checkLabelValues(labels []uint8) error {
	for i, l := range labels {
		if l >= NumClasses {
			return fmt.Errorf("label %d is %d, want 0..%d", i, l, NumClasses-1)
		}
	}
	return nil
}

// bytesToFloat converts pixel bytes to float32 values in [0,1].
func bytesToFloat(px []byte) []float32 {
	out := make([]float32, len(px))
	for i, b := range px {
		out[i] = pixelScale[b]
	}
	return out
}
