package notebook

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/plots"
	"github.com/goautoencoders/autoencoders/aelib/report"
	"github.com/janpfeifer/gonb/gonbui"
)

// call is one recorded front-end call.
type call struct {
	kind string // "png", "html" or "update"
	id   string
	data string
}

// fakeFront records display calls instead of talking to GoNB.
type fakeFront struct {
	notebook bool
	calls    []call
	ids      int
	fail     error
}

func (f *fakeFront) isNotebook() bool { return f.notebook }
func (f *fakeFront) displayPNG(png []byte) {
	f.calls = append(f.calls, call{kind: "png", data: string(png)})
}
func (f *fakeFront) displayHTML(html string) {
	f.calls = append(f.calls, call{kind: "html", data: html})
}
func (f *fakeFront) updateHTML(id, html string) {
	f.calls = append(f.calls, call{kind: "update", id: id, data: html})
}
func (f *fakeFront) uniqueID() string { f.ids++; return strings.Repeat("x", f.ids) }
func (f *fakeFront) err() error       { return f.fail }

// useFake installs a fake front end for the duration of the test.
func useFake(t *testing.T, notebook bool) *fakeFront {
	t.Helper()
	f := &fakeFront{notebook: notebook}
	old := front
	front = f
	t.Cleanup(func() { front = old })
	return f
}

// useClock installs a manual clock for the duration of the test.
func useClock(t *testing.T) *time.Time {
	t.Helper()
	clock := time.Unix(1000, 0)
	old := now
	now = func() time.Time { return clock }
	t.Cleanup(func() { now = old })
	return &clock
}

// testFigure returns a small figure.
func testFigure(t *testing.T) *plots.Figure {
	t.Helper()
	fig, err := plots.Bars([]string{"a", "b"}, []float64{1, 2}, "t", "y")
	if err != nil {
		t.Fatal(err)
	}
	return fig.WithSize(100, 80)
}

func TestOutsideNotebookDoesNothing(t *testing.T) {
	f := useFake(t, false)
	fig := testFigure(t)
	if InNotebook() {
		t.Errorf("InNotebook() = true")
	}
	for name, fn := range map[string]func() error{
		"Show":          func() error { return Show(fig) },
		"ShowSVG":       func() error { return ShowSVG(fig) },
		"Show nil":      func() error { return Show(nil) },
		"Table":         func() error { return Table([]string{"a"}, [][]string{{"1"}}) },
		"LivePlot":      func() error { lp := NewLivePlot(); _ = lp.Update(fig); return lp.Done() },
		"LivePlot nil":  func() error { var lp *LivePlot; _ = lp.Update(fig); return lp.Done() },
		"Progress":      func() error { p := NewProgress(3, "x"); p.Update(1, "m"); p.Done(); return nil },
		"Progress nil":  func() error { var p *Progress; p.Update(1, "m"); p.Done(); return nil },
		"gonb failures": func() error { f.fail = errors.New("broken"); defer func() { f.fail = nil }(); return Show(fig) },
	} {
		if err := fn(); err != nil {
			t.Errorf("%s: error %v, want nil", name, err)
		}
	}
	if len(f.calls) != 0 {
		t.Errorf("front end got %d calls outside a notebook: %+v", len(f.calls), f.calls)
	}
}

func TestRealFrontEndOutsideNotebook(t *testing.T) {
	if gonbui.IsNotebook {
		t.Skip("running under GoNB")
	}
	fig := testFigure(t)
	if InNotebook() {
		t.Errorf("InNotebook() = true outside GoNB")
	}
	if err := Show(fig); err != nil {
		t.Errorf("Show: %v", err)
	}
	if err := ShowSVG(fig); err != nil {
		t.Errorf("ShowSVG: %v", err)
	}
	if err := Table([]string{"a"}, nil); err != nil {
		t.Errorf("Table: %v", err)
	}
	p := NewProgress(2, "x")
	p.Update(2, "done")
	p.Done()
	if got := p.Line(); got != "x 2/2 done" {
		t.Errorf("Line() = %q", got)
	}
	lp := NewLivePlot()
	if err := lp.Update(fig); err != nil {
		t.Errorf("LivePlot.Update: %v", err)
	}
	if err := lp.Done(); err != nil {
		t.Errorf("LivePlot.Done: %v", err)
	}
}

func TestShow(t *testing.T) {
	f := useFake(t, true)
	fig := testFigure(t)
	if err := Show(fig); err != nil {
		t.Fatal(err)
	}
	if len(f.calls) != 1 || f.calls[0].kind != "png" {
		t.Fatalf("calls = %+v, want one PNG", f.calls)
	}
	img, err := png.Decode(strings.NewReader(f.calls[0].data))
	if err != nil {
		t.Fatalf("displayed PNG does not decode: %v", err)
	}
	if w, h := fig.PixelSize(); img.Bounds().Dx() != w || img.Bounds().Dy() != h {
		t.Errorf("PNG size %v, want %dx%d", img.Bounds(), w, h)
	}
}

func TestShowSVG(t *testing.T) {
	f := useFake(t, true)
	if err := ShowSVG(testFigure(t)); err != nil {
		t.Fatal(err)
	}
	if len(f.calls) != 1 || f.calls[0].kind != "html" {
		t.Fatalf("calls = %+v, want one HTML", f.calls)
	}
	got := f.calls[0].data
	if !strings.HasPrefix(got, "<div><svg") || !strings.HasSuffix(got, "</svg>\n</div>") {
		t.Errorf("HTML = %.60q…, want <div><svg…</div>", got)
	}
	if strings.Contains(got, "<?xml") || strings.Contains(got, "<script") {
		t.Errorf("HTML holds an XML prolog or a script")
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name    string
		fail    error
		fn      func() error
		wantErr string
	}{
		{"Show nil figure", nil, func() error { return Show(nil) }, "notebook: Show: plots: rendering PNG: nil figure"},
		{"ShowSVG nil figure", nil, func() error { return ShowSVG(nil) }, "notebook: ShowSVG: plots: rendering SVG: nil figure"},
		{"LivePlot nil figure", nil, func() error { return NewLivePlot().Update(nil) }, "notebook: LivePlot.Update"},
		{"Table comm error", errors.New("pipe closed"), func() error { return Table([]string{"a"}, nil) },
			"notebook: Table: talking to GoNB: pipe closed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := useFake(t, true)
			f.fail = tc.fail
			err := tc.fn()
			if err == nil || err.Error() != tc.wantErr && !strings.HasPrefix(err.Error(), tc.wantErr) {
				t.Errorf("error = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

func TestTable(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		rows    [][]string
		want    []call
	}{
		{"empty shows nothing", nil, nil, nil},
		{"html table", []string{"a"}, [][]string{{"<1>"}}, []call{{kind: "html",
			data: "<table>\n<thead>\n<tr><th>a</th></tr>\n</thead>\n<tbody>\n<tr><td>&lt;1&gt;</td></tr>\n</tbody>\n</table>\n"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := useFake(t, true)
			if err := Table(tc.headers, tc.rows); err != nil {
				t.Fatal(err)
			}
			if len(f.calls) != len(tc.want) {
				t.Fatalf("calls = %+v, want %+v", f.calls, tc.want)
			}
			for i := range tc.want {
				if f.calls[i] != tc.want[i] {
					t.Errorf("call %d = %+v, want %+v", i, f.calls[i], tc.want[i])
				}
			}
		})
	}
}

func TestProgress(t *testing.T) {
	f := useFake(t, true)
	clock := useClock(t)
	p := NewProgress(3, "epoch")
	if got := p.Line(); got != "" {
		t.Errorf("Line() before Update = %q", got)
	}
	p.Update(1, "loss 0.5")
	*clock = clock.Add(10 * time.Millisecond)
	p.Update(2, "loss 0.4") // throttled
	if got, want := p.Line(), "epoch 2/3 loss 0.4"; got != want {
		t.Errorf("Line() = %q, want %q", got, want)
	}
	*clock = clock.Add(10 * time.Millisecond)
	p.Update(3, "loss <0.3>") // last step: always sent
	p.Done()
	p.Done()
	p.Update(3, "ignored")

	wantLast := `<div style="font-family:monospace;white-space:pre"><b>epoch</b> ` +
		`<progress value="3" max="3" style="width:14em;vertical-align:middle"></progress> 3/3 loss &lt;0.3&gt;</div>`
	want := []call{
		{kind: "update", id: "aelib_progress_x", data: `<div style="font-family:monospace;white-space:pre"><b>epoch</b> ` +
			`<progress value="1" max="3" style="width:14em;vertical-align:middle"></progress> 1/3 loss 0.5</div>`},
		{kind: "update", id: "aelib_progress_x", data: wantLast},
		{kind: "update", id: "aelib_progress_x", data: ""},
		{kind: "html", data: wantLast},
	}
	if len(f.calls) != len(want) {
		t.Fatalf("got %d calls %+v, want %d", len(f.calls), f.calls, len(want))
	}
	for i := range want {
		if f.calls[i] != want[i] {
			t.Errorf("call %d = %+v\nwant %+v", i, f.calls[i], want[i])
		}
	}
}

func TestProgressFormat(t *testing.T) {
	useFake(t, false)
	tests := []struct {
		name  string
		total int
		label string
		done  int
		msg   string
		want  string
	}{
		{"basic", 50, "epoch", 3, "loss 0.1234 val 0.1250", "epoch 3/50 loss 0.1234 val 0.1250"},
		{"unknown total", 0, "step", 7, "", "step 7"},
		{"clamped high", 5, "", 9, "m", "5/5 m"},
		{"clamped low", 5, "x", -1, "", "x 0/5"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := NewProgress(tc.total, tc.label)
			p.Update(tc.done, tc.msg)
			if got := p.Line(); got != tc.want {
				t.Errorf("Line() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLivePlot(t *testing.T) {
	f := useFake(t, true)
	fig := testFigure(t)
	lp := NewLivePlot()
	if err := lp.Done(); err != nil { // nothing shown yet: nothing to do
		t.Fatal(err)
	}
	if len(f.calls) != 0 {
		t.Fatalf("Done before Update made calls: %+v", f.calls)
	}

	lp = NewLivePlot()
	for range 2 {
		if err := lp.Update(fig); err != nil {
			t.Fatal(err)
		}
	}
	if err := lp.Done(); err != nil {
		t.Fatal(err)
	}
	if err := lp.Update(fig); err != nil { // ignored after Done
		t.Fatal(err)
	}
	kinds := make([]string, len(f.calls))
	for i, c := range f.calls {
		kinds[i] = c.kind
	}
	if got, want := strings.Join(kinds, ","), "update,update,update,png"; got != want {
		t.Fatalf("call kinds = %s, want %s", got, want)
	}
	id := f.calls[0].id
	if id == "" || f.calls[1].id != id || f.calls[2].id != id {
		t.Errorf("updates do not share one display id: %+v", f.calls[:3])
	}
	const prefix = `<img src="data:image/png;base64,`
	img := f.calls[1].data
	if !strings.HasPrefix(img, prefix) {
		t.Fatalf("update = %.50q…, want an inline PNG <img>", img)
	}
	b64 := img[len(prefix):strings.Index(img, `"`+` alt=`)]
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatalf("bad base64: %v", err)
	}
	if !bytes.Equal(data, []byte(f.calls[3].data)) {
		t.Errorf("final static PNG differs from the last live image")
	}
	if f.calls[2].data != "" {
		t.Errorf("live block not cleared before the static image: %.40q", f.calls[2].data)
	}
}

func TestShowTableAndDrawPassErrors(t *testing.T) {
	if err := ShowTable(report.Table{}, errors.New("no rows")); err == nil || !strings.Contains(err.Error(), "no rows") {
		t.Errorf("ShowTable with an error: %v", err)
	}
	if err := Draw(nil, errors.New("no figure")); err == nil || !strings.Contains(err.Error(), "no figure") {
		t.Errorf("Draw with an error: %v", err)
	}
	if err := ShowTable(report.Table{Headers: []string{"a"}, Rows: [][]string{{"1"}}}, nil); err != nil {
		t.Errorf("ShowTable outside a notebook: %v", err)
	}
}
