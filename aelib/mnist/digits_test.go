package mnist

import (
	"testing"
)

func TestSelectDigits(t *testing.T) {
	s := &Set{Labels: []uint8{3, 0, 4, 9, 0, 5}, Images: make([]float32, 6*Pixels)}
	for i := range s.Labels {
		s.Images[i*Pixels] = float32(i) / 10 // mark each image by its position
	}
	tests := []struct {
		name    string
		digits  []uint8
		want    []int // positions in s
		wantErr bool
	}{
		{"low digits", []uint8{0, 1, 2, 3, 4}, []int{0, 1, 2, 4}, false},
		{"one digit", []uint8{9}, []int{3}, false},
		{"order kept", []uint8{5, 3}, []int{0, 5}, false},
		{"none", []uint8{7}, nil, true},
		{"no digits", nil, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SelectDigits(s, tc.digits...)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if got.Len() != len(tc.want) {
				t.Fatalf("%d examples, want %d", got.Len(), len(tc.want))
			}
			for k, i := range tc.want {
				if got.Labels[k] != s.Labels[i] || got.Image(k)[0] != s.Image(i)[0] {
					t.Errorf("example %d is not position %d", k, i)
				}
			}
		})
	}
	if _, err := SelectDigits(nil, 1); err == nil {
		t.Error("nil set: no error")
	}
}

func TestDigitsName(t *testing.T) {
	tests := []struct {
		digits []uint8
		want   string
	}{
		{[]uint8{0, 1, 2, 3, 4}, "digits 0–4"},
		{[]uint8{5, 6, 7, 8, 9}, "digits 5–9"},
		{[]uint8{1, 7}, "digits 1,7"},
		{[]uint8{3}, "digits 3"},
		{[]uint8{0, 2, 5}, "digits 0,2,5"},
	}
	for _, tc := range tests {
		if got := DigitsName(tc.digits...); got != tc.want {
			t.Errorf("DigitsName(%v) = %q, want %q", tc.digits, got, tc.want)
		}
	}
}
