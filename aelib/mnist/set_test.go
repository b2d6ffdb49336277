package mnist

import (
	"slices"
	"strings"
	"testing"
)

// smallSet returns a valid set of n examples; image i is filled with
// float32(i%256)/255 and labelled i%10.
func smallSet(t *testing.T, n int) *Set {
	t.Helper()
	s := &Set{Images: make([]float32, n*Pixels), Labels: make([]uint8, n)}
	for i := range n {
		for j := range Pixels {
			s.Images[i*Pixels+j] = float32(i%256) / 255
		}
		s.Labels[i] = uint8(i % NumClasses)
	}
	return s
}

// rowID recovers i%256 from an image of smallSet.
func rowID(s *Set, k int) int { return int(s.Image(k)[0]*255 + 0.5) }

func TestSplit(t *testing.T) {
	tests := []struct {
		s    Split
		str  string
		size int
	}{
		{Train, "train", 60000},
		{Test, "test", 10000},
		{Split(7), "Split(7)", 0},
	}
	for _, tt := range tests {
		if got := tt.s.String(); got != tt.str {
			t.Errorf("String() = %q, want %q", got, tt.str)
		}
		if got := tt.s.Len(); got != tt.size {
			t.Errorf("%v.Len() = %d, want %d", tt.s, got, tt.size)
		}
	}
}

func TestImageView(t *testing.T) {
	s := smallSet(t, 3)
	img := s.Image(1)
	if len(img) != Pixels || cap(img) != Pixels {
		t.Fatalf("len, cap = %d, %d; want %d, %d", len(img), cap(img), Pixels, Pixels)
	}
	img[0] = 0.5
	if s.Images[Pixels] != 0.5 {
		t.Error("Image does not return a view")
	}
	_ = append(img, 1) // must not overwrite image 2
	if s.Images[2*Pixels] != 2.0/255 {
		t.Error("appending to Image(1) overwrote image 2")
	}
	var nilSet *Set
	if nilSet.Len() != 0 {
		t.Error("nil Set Len != 0")
	}
}

func TestSubset(t *testing.T) {
	s := smallSet(t, 10)
	tests := []struct {
		n       int
		wantErr bool
	}{
		{1, false}, {5, false}, {10, false},
		{0, true}, {-1, true}, {11, true},
	}
	for _, tt := range tests {
		sub, err := s.Subset(tt.n)
		if tt.wantErr {
			if err == nil || !strings.Contains(err.Error(), "out of range [1, 10]") {
				t.Errorf("Subset(%d) error = %v, want out of range", tt.n, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("Subset(%d): %v", tt.n, err)
		}
		if sub.Len() != tt.n || !slices.Equal(sub.Labels, s.Labels[:tt.n]) || !slices.Equal(sub.Images, s.Images[:tt.n*Pixels]) {
			t.Errorf("Subset(%d) is not the first %d examples", tt.n, tt.n)
		}
		sub.Images[0] = 1
		if s.Images[0] == 1 {
			t.Errorf("Subset(%d) shares memory with the original", tt.n)
		}
	}
}

func TestRange(t *testing.T) {
	s := smallSet(t, 10)
	for _, tt := range []struct {
		from, to int
		wantErr  bool
	}{
		{0, 10, false}, {7, 10, false}, {3, 4, false},
		{-1, 5, true}, {5, 5, true}, {6, 5, true}, {8, 11, true},
	} {
		r, err := s.Range(tt.from, tt.to)
		if tt.wantErr {
			if err == nil || !strings.Contains(err.Error(), "out of range") {
				t.Errorf("Range(%d, %d) error = %v, want out of range", tt.from, tt.to, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("Range(%d, %d): %v", tt.from, tt.to, err)
		}
		if r.Len() != tt.to-tt.from || !slices.Equal(r.Labels, s.Labels[tt.from:tt.to]) ||
			!slices.Equal(r.Images, s.Images[tt.from*Pixels:tt.to*Pixels]) {
			t.Errorf("Range(%d, %d) is not examples %d to %d", tt.from, tt.to, tt.from, tt.to)
		}
		r.Images[0] = -1
		if s.Images[tt.from*Pixels] == -1 {
			t.Errorf("Range(%d, %d) shares memory with the original", tt.from, tt.to)
		}
	}
}

func TestSelect(t *testing.T) {
	s := smallSet(t, 10)
	tests := []struct {
		idx     []int
		wantErr string
	}{
		{[]int{3}, ""},
		{[]int{9, 0, 4}, ""},
		{[]int{2, 2, 2}, ""},
		{nil, "empty index list"},
		{[]int{}, "empty index list"},
		{[]int{1, 10}, "index 10 (position 1) out of range [0, 10)"},
		{[]int{-1}, "index -1 (position 0) out of range"},
	}
	for _, tt := range tests {
		sel, err := s.Select(tt.idx)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Select(%v) error = %v, want %q", tt.idx, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("Select(%v): %v", tt.idx, err)
		}
		if sel.Len() != len(tt.idx) {
			t.Fatalf("Select(%v).Len() = %d", tt.idx, sel.Len())
		}
		for k, i := range tt.idx {
			if rowID(sel, k) != i || int(sel.Labels[k]) != i%NumClasses {
				t.Errorf("Select(%v): example %d is row %d label %d, want row %d", tt.idx, k, rowID(sel, k), sel.Labels[k], i)
			}
		}
	}
}

func TestMalformedSet(t *testing.T) {
	bad := &Set{Images: make([]float32, Pixels+1), Labels: []uint8{1}}
	if _, err := bad.Subset(1); err == nil || !strings.Contains(err.Error(), "malformed") {
		t.Errorf("Subset on malformed set: %v", err)
	}
	if _, err := bad.Select([]int{0}); err == nil || !strings.Contains(err.Error(), "malformed") {
		t.Errorf("Select on malformed set: %v", err)
	}
	tests := []struct {
		name string
		s    *Set
		want string
	}{
		{"nil", nil, "nil Set"},
		{"shape", bad, "malformed"},
		{"label", &Set{Images: make([]float32, Pixels), Labels: []uint8{10}}, "label 0 is 10"},
		{"pixel", &Set{Images: slices.Insert(make([]float32, 2*Pixels-1), Pixels+3, 1.5), Labels: []uint8{1, 2}}, "pixel 3 of image 1 is 1.5"},
	}
	for _, tt := range tests {
		if err := tt.s.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Validate() = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestShuffled(t *testing.T) {
	s := smallSet(t, 200)
	a, b, c := s.Shuffled(42), s.Shuffled(42), s.Shuffled(43)
	if !slices.Equal(a.Images, b.Images) || !slices.Equal(a.Labels, b.Labels) {
		t.Error("same seed gave different orders")
	}
	if slices.Equal(a.Labels, c.Labels) && slices.Equal(a.Images, c.Images) {
		t.Error("seeds 42 and 43 gave the same order")
	}
	if slices.Equal(a.Images, s.Images) {
		t.Error("Shuffled did not reorder")
	}
	seen := make([]bool, s.Len())
	for k := range a.Len() {
		i := rowID(a, k)
		if seen[i] || int(a.Labels[k]) != i%NumClasses {
			t.Fatalf("example %d: row %d repeated or label %d mismatched", k, i, a.Labels[k])
		}
		seen[i] = true
	}
	a.Images[0] = -1
	if s.Images[0] == -1 {
		t.Error("Shuffled shares memory with the original")
	}
}

// TestPermutationGolden pins the shuffle order, which must not change
// across Go releases or platforms.
func TestPermutationGolden(t *testing.T) {
	tests := []struct {
		n    int
		seed int64
		want []int
	}{
		{0, 1, nil},
		{1, 1, []int{0}},
		{10, 1, []int{0, 5, 2, 3, 1, 4, 8, 7, 6, 9}},
		{10, -5, []int{3, 1, 7, 9, 4, 2, 6, 8, 5, 0}},
	}
	for _, tt := range tests {
		if got := Permutation(tt.n, tt.seed); !slices.Equal(got, tt.want) {
			t.Errorf("Permutation(%d, %d) = %v, want %v", tt.n, tt.seed, got, tt.want)
		}
	}
	p := Permutation(1000, 7)
	sorted := slices.Sorted(slices.Values(p))
	for i, v := range sorted {
		if v != i {
			t.Fatalf("Permutation(1000, 7) is not a permutation")
		}
	}
}

// TestPermutationUniform is a coarse check that every element can land in
// every position with similar frequency.
func TestPermutationUniform(t *testing.T) {
	const n, trials = 5, 20000
	var counts [n][n]int
	for seed := range int64(trials) {
		for pos, v := range Permutation(n, seed) {
			counts[v][pos]++
		}
	}
	for v := range n {
		for pos := range n {
			if c := counts[v][pos]; c < trials/n*9/10 || c > trials/n*11/10 {
				t.Errorf("value %d at position %d %d times, want about %d", v, pos, c, trials/n)
			}
		}
	}
}

// TestColourSet: a 3-channel set keeps Dim() = 3·Pixels values per image through Subset,
// Select and Image, and a wrong channel count or length is malformed.
func TestColourSet(t *testing.T) {
	s := &Set{Images: make([]float32, 2*3*Pixels), Labels: []uint8{4, 7}, Channels: 3}
	s.Images[3*Pixels] = 0.5 // first value of image 1
	if err := s.Validate(); err != nil || s.Dim() != 3*Pixels {
		t.Fatalf("Validate %v, Dim %d", err, s.Dim())
	}
	if img := s.Image(1); len(img) != 3*Pixels || img[0] != 0.5 {
		t.Errorf("Image(1): %d values, first %v", len(img), img[0])
	}
	sub, err := s.Select([]int{1})
	if err != nil || sub.Channels != 3 || len(sub.Images) != 3*Pixels || sub.Images[0] != 0.5 {
		t.Errorf("Select: %+v channels, %d values, %v", sub.Channels, len(sub.Images), err)
	}
	if first, err := s.Subset(1); err != nil || first.Channels != 3 || len(first.Images) != 3*Pixels {
		t.Errorf("Subset: %v", err)
	}
	for _, bad := range []*Set{
		{Images: make([]float32, 2*Pixels), Labels: []uint8{1}, Channels: 2},
		{Images: make([]float32, Pixels), Labels: []uint8{1}, Channels: 3},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("channels %d with %d values: no error", bad.Channels, len(bad.Images))
		}
	}
}
