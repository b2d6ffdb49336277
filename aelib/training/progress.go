package training

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// ProgressBar draws a one-line, self-overwriting progress bar for one epoch on a terminal:
//
//	epoch  3/50 [==========>         ] 120/235 loss 0.1234  1.2s
//
// A nil *ProgressBar or one with a nil writer draws nothing, so callers need no checks.
type ProgressBar struct {
	w          io.Writer
	epoch      int
	epochs     int
	steps      int
	start      time.Time
	lastDrawn  time.Time
	minRefresh time.Duration
}

// NewProgressBar returns a bar for epoch (of epochs) with steps batches, writing to w.
func NewProgressBar(w io.Writer, epoch, epochs, steps int) *ProgressBar {
	now := time.Now()
	return &ProgressBar{w: w, epoch: epoch, epochs: epochs, steps: steps, start: now, minRefresh: 100 * time.Millisecond}
}

// Step redraws the bar after step batches with the running loss, at most ten times a second.
func (p *ProgressBar) Step(step int, loss float64) {
	if p == nil || p.w == nil {
		return
	}
	now := time.Now()
	if step < p.steps && now.Sub(p.lastDrawn) < p.minRefresh {
		return
	}
	p.lastDrawn = now
	fmt.Fprintf(p.w, "\r%s", p.line(step, fmt.Sprintf("loss %.4f", loss), now))
}

// Finish ends the bar's line with the epoch's summary.
func (p *ProgressBar) Finish(summary string) {
	if p == nil || p.w == nil {
		return
	}
	fmt.Fprintf(p.w, "\r%s\n", p.line(p.steps, summary, time.Now()))
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
