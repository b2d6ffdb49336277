package notebook

import (
	"fmt"
	"html"
	"strings"
	"sync"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/plots"
)

// progressMinInterval is the shortest time between two displayed progress
// updates; faster updates are remembered but not sent, so per-batch calls
// do not flood the notebook.
const progressMinInterval = 100 * time.Millisecond

// now is the clock used for throttling; tests replace it.
var now = time.Now

// Progress is a single live-updating line in a notebook cell's output, for
// long loops: "training [bar] 3/50 loss 0.1234 val 0.1250", where the bar
// is a static HTML <progress> element. Outside a
// notebook it displays nothing (Line still returns the text, for callers
// that print it themselves). A nil *Progress is valid and does nothing.
// Its methods are safe for concurrent use.
type Progress struct {
	mu       sync.Mutex
	total    int
	label    string
	id       string // display id of the transient output block
	line     string // plain-text form of the latest update
	html     string // HTML form of the latest update
	sent     string // HTML last sent to the notebook
	lastSent time.Time
	finished bool
}

// NewProgress returns a progress line for total steps (total ≤ 0 means
// unknown: no bar is drawn), labelled label. Nothing is displayed until
// the first Update.
func NewProgress(total int, label string) *Progress {
	p := &Progress{total: total, label: label}
	if front.isNotebook() {
		p.id = "aelib_progress_" + front.uniqueID()
	}
	return p
}

// Update records that done steps are finished, with a free-form message
// such as "loss 0.1234 val 0.1250", and refreshes the line in place (at
// most every 100 ms, except for the last step). Updates after Done are
// ignored.
func (p *Progress) Update(done int, msg string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.line, p.html = p.format(done, msg)
	if p.id == "" {
		return
	}
	t := now()
	if done < p.total && t.Sub(p.lastSent) < progressMinInterval {
		return
	}
	p.send(t)
}

// Done finishes the progress line: the live output block is cleared and
// the latest line is displayed again as ordinary, static output, so it
// stays in the saved notebook. Calling Done again does nothing.
func (p *Progress) Done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.finished = true
	if p.id == "" || p.html == "" {
		return
	}
	front.updateHTML(p.id, "")
	front.displayHTML(p.html)
}

// Line returns the latest update as plain text ("training 3/50 loss
// 0.1234"), or "" before the first Update.
func (p *Progress) Line() string {
	if p == nil {
		return ""
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.line
}

// send displays the latest HTML unless it is already shown.
func (p *Progress) send(t time.Time) {
	if p.html == p.sent {
		return
	}
	front.updateHTML(p.id, p.html)
	p.sent, p.lastSent = p.html, t
}

// format returns the plain-text and HTML forms of an update.
func (p *Progress) format(done int, msg string) (text, htm string) {
	count := fmt.Sprint(done)
	if p.total > 0 {
		done = min(max(done, 0), p.total)
		count = fmt.Sprintf("%d/%d", done, p.total)
	}
	text = joinNonEmpty(p.label, count, msg)
	var bar string
	if p.total > 0 {
		bar = fmt.Sprintf(`<progress value="%d" max="%d" style="width:14em;vertical-align:middle"></progress>`, done, p.total)
	}
	htm = `<div style="font-family:monospace;white-space:pre">` +
		joinNonEmpty(boldOrEmpty(p.label), bar, html.EscapeString(count), html.EscapeString(msg)) +
		"</div>"
	return text, htm
}

// boldOrEmpty returns s escaped in <b>, or "" for an empty s.
func boldOrEmpty(s string) string {
	if s == "" {
		return ""
	}
	return "<b>" + html.EscapeString(s) + "</b>"
}

// joinNonEmpty joins the non-empty parts with single spaces.
func joinNonEmpty(parts ...string) string {
	var kept []string
	for _, s := range parts {
		if s != "" {
			kept = append(kept, s)
		}
	}
	return strings.Join(kept, " ")
}

// LivePlot is a figure that is replaced in place each time it is updated,
// e.g. loss curves redrawn every epoch. Done leaves the last figure as a
// static PNG in the saved notebook. Outside a notebook it does nothing (and
// does not even render). A nil *LivePlot is valid and does nothing. Its
// methods are safe for concurrent use.
type LivePlot struct {
	mu       sync.Mutex
	id       string
	last     []byte // PNG of the latest figure
	finished bool
}

// NewLivePlot returns an empty live plot; nothing is displayed until the
// first Update.
func NewLivePlot() *LivePlot {
	lp := &LivePlot{}
	if front.isNotebook() {
		lp.id = "aelib_liveplot_" + front.uniqueID()
	}
	return lp
}

// Update renders fig as PNG and shows it in place of the previous one.
// Updates after Done are ignored.
func (lp *LivePlot) Update(fig *plots.Figure) error {
	if lp == nil {
		return nil
	}
	lp.mu.Lock()
	defer lp.mu.Unlock()
	if lp.id == "" || lp.finished {
		return nil
	}
	png, err := fig.PNG()
	if err != nil {
		return fmt.Errorf("notebook: LivePlot.Update: %w", err)
	}
	lp.last = png
	front.updateHTML(lp.id, pngImgTag(png, "live plot"))
	return commError("LivePlot.Update")
}

// Done clears the live output block and displays the last figure as a
// static image/png output, which the saved notebook keeps. Calling Done
// again does nothing.
func (lp *LivePlot) Done() error {
	if lp == nil {
		return nil
	}
	lp.mu.Lock()
	defer lp.mu.Unlock()
	if lp.id == "" || lp.finished {
		return nil
	}
	lp.finished = true
	if lp.last == nil {
		return nil
	}
	front.updateHTML(lp.id, "")
	front.displayPNG(lp.last)
	return commError("LivePlot.Done")
}
