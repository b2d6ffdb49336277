package training

import (
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/term"
)

// ProgressBar shows the progress of one epoch. On a terminal it is a one-line,
// self-overwriting bar, redrawn up to ten times a second:
//
//	epoch  3/50 [==========>         ] 120/235 loss 0.1234  1.2s
//
// Anywhere else — a log file, a pipe, CI's output, a buffer — it writes one line per
// epoch, when the epoch ends, with no carriage returns (as Keras's verbose=2):
//
//	epoch  3/50 [====================] 235/235 loss 0.1234 val_loss 0.1301  2.5s
//
// A nil *ProgressBar or one with a nil writer draws nothing, so callers need no checks.
type ProgressBar struct {
	w          io.Writer
	live       bool
	epoch      int
	epochs     int
	steps      int
	start      time.Time
	lastDrawn  time.Time
	minRefresh time.Duration
}

// NewProgressBar returns a bar for epoch (of epochs) with steps batches, writing to w: a
// live bar when w is a terminal (IsTerminal), one line per epoch otherwise.
func NewProgressBar(w io.Writer, epoch, epochs, steps int) *ProgressBar {
	return newProgressBar(w, IsTerminal(w), epoch, epochs, steps)
}

func newProgressBar(w io.Writer, live bool, epoch, epochs, steps int) *ProgressBar {
	now := time.Now()
	return &ProgressBar{w: w, live: live, epoch: epoch, epochs: epochs, steps: steps, start: now, minRefresh: 100 * time.Millisecond}
}

// IsTerminal reports whether w writes to a terminal: a file (such as os.Stderr) whose
// descriptor is a terminal. Buffers, pipes and regular files are not.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}

// Step redraws the bar after step batches with the running loss, at most ten times a
// second; off a terminal it writes nothing (Finish writes the epoch's line).
func (p *ProgressBar) Step(step int, loss float64) {
	if p == nil || p.w == nil || !p.live {
		return
	}
	now := time.Now()
	if step < p.steps && now.Sub(p.lastDrawn) < p.minRefresh {
		return
	}
	p.lastDrawn = now
	fmt.Fprintf(p.w, "\r%s", p.line(step, fmt.Sprintf("loss %.4f", loss), now))
}

// Finish ends the bar's line with the epoch's summary (off a terminal: writes the
// epoch's one line).
func (p *ProgressBar) Finish(summary string) {
	if p == nil || p.w == nil {
		return
	}
	prefix := ""
	if p.live {
		prefix = "\r"
	}
	fmt.Fprintf(p.w, "%s%s\n", prefix, p.line(p.steps, summary, time.Now()))
}

func (p *ProgressBar) line(step int, msg string, now time.Time) string {
	const width = 20
	filled := 0
	if p.steps > 0 {
		filled = width * step / p.steps
	}
	bar := strings.Repeat("=", filled)
	if filled < width {
		bar += ">" + strings.Repeat(" ", width-filled-1)
	}
	digits := len(fmt.Sprint(p.epochs))
	return fmt.Sprintf("epoch %*d/%d [%s] %d/%d %s  %.1fs",
		digits, p.epoch, p.epochs, bar, step, p.steps, msg, now.Sub(p.start).Seconds())
}
