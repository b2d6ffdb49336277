package notebook

import (
	"bytes"
	"strings"
	"testing"
)

// TestPrintInOrder: in a notebook, text goes through the display channel between the
// tables and figures around it, escaped; outside, to standard output.
func TestPrintInOrder(t *testing.T) {
	f := useFake(t, true)
	Printf("before %d <b>\n", 1)
	if err := Table([]string{"a"}, [][]string{{"1"}}); err != nil {
		t.Fatal(err)
	}
	Println("after", 2)
	Print("")
	if len(f.calls) != 3 {
		t.Fatalf("%d display calls, want 3 (text, table, text; nothing for empty text)", len(f.calls))
	}
	if !strings.Contains(f.calls[0].data, "before 1 &lt;b&gt;") || !strings.Contains(f.calls[1].data, "<table") || !strings.Contains(f.calls[2].data, "after 2") {
		t.Errorf("calls out of order or unescaped: %q", f.calls)
	}

	useFake(t, false)
	var buf bytes.Buffer
	old := stdout
	stdout = &buf
	defer func() { stdout = old }()
	Printf("x=%d\n", 3)
	if buf.String() != "x=3\n" {
		t.Errorf("outside a notebook Printf wrote %q", buf.String())
	}
}
