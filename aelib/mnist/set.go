package mnist

import (
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Image geometry of every MNIST digit.
const (
	Rows   = 28          // Rows is the height of an image in pixels.
	Cols   = 28          // Cols is the width of an image in pixels.
	Pixels = Rows * Cols // Pixels is the number of pixels (784) in one image.
)

// Sizes of the official splits.
const (
	TrainLen = 60000 // TrainLen is the number of examples in the training split.
	TestLen  = 10000 // TestLen is the number of examples in the test split.
)

// NumClasses is the number of distinct labels (the digits 0..9).
const NumClasses = 10

// Split names one of the two official MNIST splits.
type Split int

// The two MNIST splits.
const (
	Train Split = iota // Train is the 60000-example training split.
	Test               // Test is the 10000-example test split ("t10k").
)

// String returns "train" or "test".
func (s Split) String() string {
	switch s {
	case Train:
		return "train"
	case Test:
		return "test"
	}
	return fmt.Sprintf("Split(%d)", int(s))
}

// Len returns the number of examples in the official split, or 0 for an
// unknown split.
func (s Split) Len() int {
	switch s {
	case Train:
		return TrainLen
	case Test:
		return TestLen
	}
	return 0
}

// Set is a labelled image set: Images is N×784 row-major float32 in [0,1]
// (byte/255), Labels holds the N digits 0..9.
//
// Every Set returned by this package satisfies len(Images) == Pixels*len(Labels)
// and owns its memory (no two Sets share backing arrays). A colour set derived from one
// (corrupt.Colorize) has Channels 3: each image is then Pixels RGB triples, interleaved,
// Dim() = 3·Pixels values.
type Set struct {
	Images []float32 // Images holds Len()*Dim() values, image i at [i*Dim(), (i+1)*Dim()).
	Labels []uint8   // Labels holds the digit (0..9) of each image.
	// Channels is the number of values per pixel: 0 or 1 for gray (every set this
	// package loads), 3 for interleaved RGB.
	Channels int
}

// Dim is the number of values per image: Pixels times the channels.
func (s *Set) Dim() int { return Pixels * max(1, s.Channels) }

// Len returns the number of examples in the set; 0 for a nil Set.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.Labels)
}

// Image returns a view (not a copy) of the Pixels values of image i, in
// row-major order. Its capacity is capped, so appending to it never
// overwrites image i+1. Like slice indexing, it panics if i is out of range.
func (s *Set) Image(i int) []float32 {
	d := s.Dim()
	lo, hi := i*d, (i+1)*d
	return s.Images[lo:hi:hi]
}

// Validate reports whether the set is well formed: len(Images) ==
// Pixels*len(Labels), pixels in [0,1] and labels in 0..9.
func (s *Set) Validate() error {
	if s == nil {
		return errors.New("mnist: nil Set")
	}
	if err := s.checkShape(); err != nil {
		return err
	}
	for i, l := range s.Labels {
		if l >= NumClasses {
			return fmt.Errorf("mnist: label %d is %d, want 0..%d", i, l, NumClasses-1)
		}
	}
	for i, v := range s.Images {
		if !(v >= 0 && v <= 1) { // also rejects NaN
			return fmt.Errorf("mnist: pixel %d of image %d is %v, want [0,1]", i%s.Dim(), i/s.Dim(), v)
		}
	}
	return nil
}

// checkShape verifies the invariant that the row accessors rely on.
func (s *Set) checkShape() error {
	if s == nil {
		return errors.New("mnist: nil Set")
	}
	if s.Channels != 0 && s.Channels != 1 && s.Channels != 3 {
		return fmt.Errorf("mnist: malformed Set: %d channels, want 1 (gray) or 3 (RGB)", s.Channels)
	}
	if len(s.Images) != s.Dim()*len(s.Labels) {
		return fmt.Errorf("mnist: malformed Set: %d pixel values for %d labels, want %d",
			len(s.Images), len(s.Labels), s.Dim()*len(s.Labels))
	}
	return nil
}

// Subset returns a copy of the first n examples. It fails if n < 1 or
// n > Len(), or if the set is malformed.
func (s *Set) Subset(n int) (*Set, error) {
	if err := s.checkShape(); err != nil {
		return nil, fmt.Errorf("subset: %w", err)
	}
	if n < 1 || n > s.Len() {
		return nil, fmt.Errorf("mnist: subset of %d examples out of range [1, %d]", n, s.Len())
	}
	return &Set{
		Images:   append([]float32(nil), s.Images[:n*s.Dim()]...),
		Labels:   append([]uint8(nil), s.Labels[:n]...),
		Channels: s.Channels,
	}, nil
}

// Range returns a copy of the examples from index from (inclusive) to to (exclusive), e.g.
// Range(50000, 60000) for the last 10,000 training digits. It fails unless
// 0 ≤ from < to ≤ Len(), or if the set is malformed.
func (s *Set) Range(from, to int) (*Set, error) {
	if err := s.checkShape(); err != nil {
		return nil, fmt.Errorf("range: %w", err)
	}
	if from < 0 || to > s.Len() || from >= to {
		return nil, fmt.Errorf("mnist: examples [%d, %d) out of range: the set has %d", from, to, s.Len())
	}
	d := s.Dim()
	return &Set{
		Images:   append([]float32(nil), s.Images[from*d:to*d]...),
		Labels:   append([]uint8(nil), s.Labels[from:to]...),
		Channels: s.Channels,
	}, nil
}

// Select returns a copy of the examples at the given indices, in that
// order; indices may repeat. It fails if idx is empty, an index is out of
// range, or the set is malformed.
func (s *Set) Select(idx []int) (*Set, error) {
	if err := s.checkShape(); err != nil {
		return nil, fmt.Errorf("select: %w", err)
	}
	if len(idx) == 0 {
		return nil, errors.New("mnist: select: empty index list")
	}
	n := s.Len()
	for k, i := range idx {
		if i < 0 || i >= n {
			return nil, fmt.Errorf("mnist: select: index %d (position %d) out of range [0, %d)", i, k, n)
		}
	}
	return s.gather(idx), nil
}

// gather copies the rows idx (already bounds-checked) into a new Set.
func (s *Set) gather(idx []int) *Set {
	d := s.Dim()
	out := &Set{
		Images:   make([]float32, len(idx)*d),
		Labels:   make([]uint8, len(idx)),
		Channels: s.Channels,
	}
	for k, i := range idx {
		copy(out.Images[k*d:(k+1)*d], s.Images[i*d:(i+1)*d])
		out.Labels[k] = s.Labels[i]
	}
	return out
}

// Shuffled returns a copy of the set with its examples in a pseudo-random
// order determined only by seed: the same seed gives the same order on
// every platform and Go release (a Fisher–Yates shuffle driven by a
// math/rand/v2 PCG generator). Like [Set.Image], it panics if the set is
// malformed (see [Set.Validate]); sets from this package never are.
func (s *Set) Shuffled(seed int64) *Set {
	if err := s.checkShape(); err != nil {
		panic(err)
	}
	return s.gather(Permutation(s.Len(), seed))
}

// shuffleStream is the PCG stream (increment) used by [Permutation]; any
// fixed value works, this one is the 64-bit golden ratio.
const shuffleStream = 0x9e3779b97f4a7c15

// Permutation returns a pseudo-random permutation of [0, n) determined only
// by n and seed; it is the order used by [Set.Shuffled]. It returns nil for
// n <= 0.
func Permutation(n int, seed int64) []int {
	if n <= 0 {
		return nil
	}
	pcg := rand.NewPCG(uint64(seed), shuffleStream)
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := int(boundedUint64(pcg, uint64(i)+1))
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// boundedUint64 returns a uniform value in [0, n), n > 0, using Lemire's
// multiply-and-reject method. It is written here (rather than using
// rand.Rand methods) so the sequence stays fixed across Go releases.
func boundedUint64(src *rand.PCG, n uint64) uint64 {
	hi, lo := bits.Mul64(src.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(src.Uint64(), n)
		}
	}
	return hi
}

// SelectDigits returns a copy of the examples of s whose label is one of digits, in their
// original order. It fails when none matches.
func SelectDigits(s *Set, digits ...uint8) (*Set, error) {
	if s == nil {
		return nil, errors.New("select digits: nil set")
	}
	var idx []int
	for i, l := range s.Labels {
		if slices.Contains(digits, l) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return nil, fmt.Errorf("select digits: no example is one of %v", digits)
	}
	return s.Select(idx)
}

// labelList joins digits as "0–4" when they are consecutive, else "0,2,5".
func labelList(digits []uint8) string {
	if len(digits) == 0 {
		return ""
	}
	consecutive := true
	for i := 1; i < len(digits); i++ {
		if digits[i] != digits[i-1]+1 {
			consecutive = false
		}
	}
	if consecutive && len(digits) > 2 {
		return fmt.Sprintf("%d–%d", digits[0], digits[len(digits)-1])
	}
	parts := make([]string, len(digits))
	for i, d := range digits {
		parts[i] = strconv.Itoa(int(d))
	}
	return strings.Join(parts, ",")
}

// DigitsName names a set of digits for tables: "digits 0–4", "digits 1,7".
func DigitsName(digits ...uint8) string {
	return "digits " + labelList(digits)
}
